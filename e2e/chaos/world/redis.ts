import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createConnection } from 'node:net';
import { freeLoopbackPort } from './ports.js';

/** A Redis of the suite's own: no persistence, so a stop loses every key, as a lost node would. */
export interface ChaosRedis {
  readonly url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  removeSync(): void;
}

const answersPing = (port: number): Promise<boolean> =>
  new Promise((done) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('error', () => done(false));
    socket.once('data', (d) => {
      socket.destroy();
      done(d.toString().startsWith('+PONG'));
    });
    socket.write('PING\r\n');
  });

export async function startChaosRedis(): Promise<ChaosRedis> {
  const port = await freeLoopbackPort();
  let server: ChildProcess | undefined;
  const running = () => server !== undefined && server.exitCode === null && server.signalCode === null;
  const start = async () => {
    server = spawn(
      'redis-server',
      ['--port', `${port}`, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'],
      { stdio: 'ignore' },
    );
    const deadline = Date.now() + 20_000;
    while (!(await answersPing(port))) {
      if (!running() || Date.now() > deadline) throw new Error(`redis-server on ${port} did not start`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    start,
    async stop() {
      if (!running()) return;
      const exited = once(server!, 'exit');
      server!.kill('SIGKILL');
      await exited;
    },
    removeSync() {
      if (running()) server!.kill('SIGKILL');
    },
  };
}
