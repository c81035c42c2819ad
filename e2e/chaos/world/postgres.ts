import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chownSync, closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { freeLoopbackPort } from './ports.js';

const binaries = '/usr/lib/postgresql/15/bin';
const bootstrapSql = resolve(import.meta.dirname, '../../../infra/postgres/bootstrap.sql');

/**
 * A PostgreSQL 15 cluster of the suite's own: initdb into a temporary directory as the `postgres`
 * user, the postmaster a direct child (so a fault can stop it the way `pg_ctl -m fast|immediate`
 * does, by signal), the roles and schemas of infra/postgres/bootstrap.sql.
 */
export interface ChaosPostgres {
  readonly port: number;
  /** The superuser's URL on the `shop` database. */
  readonly adminUrl: string;
  urlFor(role: string): string;
  /** `pg_ctl restart -m fast` (SIGINT: sessions ended, checkpoint) or `-m immediate` (SIGQUIT: crash recovery). */
  restart(mode: 'fast' | 'immediate'): Promise<void>;
  /** Stops it (immediate) and removes its directory; safe whatever happened. */
  remove(): Promise<void>;
  /** The same without waiting, for an exit handler. */
  removeSync(): void;
}

const owner = (): { uid: number; gid: number } => ({
  uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })),
  gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })),
});

async function untilAccepting(url: string, postmaster: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (postmaster.exitCode !== null) throw new Error(`postgres exited ${postmaster.exitCode} (see ${logFile})`);
    const client = new pg.Client({ connectionString: url });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`postgres does not answer (see ${logFile})`, { cause: error });
    } finally {
      await client.end().catch(() => undefined);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function startChaosPostgres(): Promise<ChaosPostgres> {
  const { uid, gid } = owner();
  const dir = mkdtempSync(join(tmpdir(), 'chaos-postgres-'));
  chownSync(dir, uid, gid);
  const data = join(dir, 'data');
  const logFile = join(dir, 'postgres.log');
  const port = await freeLoopbackPort();
  const url = (credentials: string, database: string) => `postgresql://${credentials}@127.0.0.1:${port}/${database}`;
  let postmaster: ChildProcess | undefined;
  const running = () => postmaster !== undefined && postmaster.exitCode === null && postmaster.signalCode === null;
  // Its backends notice the postmaster's death and exit on their own.
  const removeSync = () => {
    if (running()) postmaster!.kill('SIGQUIT');
    // Its processes may still write for a moment after the signal: remove until nothing is left.
    for (let attempt = 0; attempt < 30 && existsSync(dir); attempt++) {
      rmSync(dir, { recursive: true, force: true });
      if (existsSync(dir)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
  };
  const start = async () => {
    const log = openSync(logFile, 'a');
    postmaster = spawn(
      join(binaries, 'postgres'),
      [
        '-D',
        data,
        '-c',
        `port=${port}`,
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        `unix_socket_directories=${dir}`,
        '-c',
        'max_connections=300',
        // Its own data is thrown away: no need to wait for the disk (the machine is shared).
        '-c',
        'fsync=off',
        '-c',
        'full_page_writes=off',
      ],
      { uid, gid, cwd: dir, stdio: ['ignore', log, log] },
    );
    closeSync(log);
    await untilAccepting(url('postgres', 'postgres'), postmaster, logFile);
  };
  try {
    execFileSync(
      join(binaries, 'initdb'),
      ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync'],
      { uid, gid, cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    await start();
    execFileSync(
      join(binaries, 'psql'),
      ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', `${port}`, '-U', 'postgres', '-d', 'postgres'],
      { input: readFileSync(bootstrapSql), stdio: ['pipe', 'ignore', 'pipe'] },
    );
  } catch (error) {
    removeSync();
    throw error;
  }
  return {
    port,
    adminUrl: url('postgres', 'shop'),
    urlFor: (role) => url(`${role}:${role}_pw`, 'shop'),
    async restart(mode) {
      const current = postmaster!;
      const exited = once(current, 'exit');
      current.kill(mode === 'fast' ? 'SIGINT' : 'SIGQUIT');
      await exited;
      await start();
    },
    async remove() {
      if (running()) {
        const exited = once(postmaster!, 'exit');
        postmaster!.kill('SIGQUIT');
        await exited;
      }
      removeSync();
    },
    removeSync,
  };
}
