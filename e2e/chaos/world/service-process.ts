import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../../..');

/**
 * One service of the world: its real `src/main.ts` as a process, supervised the way a deployment's
 * supervisor would (a process that exits on its own is started again), and killable by a fault.
 */
export interface ServiceProcess {
  readonly name: string;
  readonly url: string;
  /** The last 40 kB of its stdout and stderr. */
  output(): string;
  running(): boolean;
  /** Exits nobody asked for (a crash, a consumer that gave up), each answered by a restart. */
  readonly unplannedExits: { readonly at: number; readonly code: number | null; readonly signal: string | null }[];
  /** Calls `listener` with each chunk of its output (a fault times a kill on a log line). */
  onOutput(listener: (chunk: string) => void): () => void;
  /** SIGKILL (no graceful shutdown) or SIGSTOP/SIGCONT; a kill is not restarted by the supervisor. */
  signal(signal: 'SIGKILL' | 'SIGSTOP' | 'SIGCONT' | 'SIGTERM'): Promise<void>;
  /** Starts it (again) and waits until its /ready answers 200. */
  start(): Promise<void>;
  /** Stops it for good: SIGTERM, then SIGKILL after a grace period. */
  stop(): Promise<void>;
  killSync(): void;
}

export function serviceProcess(options: {
  readonly name: string;
  readonly cwd: string;
  readonly port: number;
  readonly env: Record<string, string>;
  readonly entry?: string;
}): ServiceProcess {
  let child: ChildProcess | undefined;
  let output = '';
  let planned = false;
  let stopped = false;
  const listeners = new Set<(chunk: string) => void>();
  const unplannedExits: ServiceProcess['unplannedExits'] = [];
  const url = `http://127.0.0.1:${options.port}`;
  const running = () => child !== undefined && child.exitCode === null && child.signalCode === null;

  const spawnIt = () => {
    planned = false;
    const started = spawn(process.execPath, ['--import', 'tsx', options.entry ?? 'src/main.ts'], {
      cwd: resolve(root, options.cwd),
      env: { ...process.env, OTEL_SDK_DISABLED: 'true', LOG_LEVEL: 'warn', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const take = (d: Buffer) => {
      const chunk = d.toString();
      output = (output + chunk).slice(-40_000);
      for (const listener of listeners) listener(chunk);
    };
    started.stdout!.on('data', take);
    started.stderr!.on('data', take);
    started.once('exit', (code, signal) => {
      if (planned || stopped) return;
      unplannedExits.push({ at: Date.now(), code, signal });
      output += `\n[chaos] ${options.name} exited on its own (${code ?? signal}); restarting it\n`;
      setTimeout(() => {
        if (!stopped && !running()) spawnIt();
      }, 500);
    });
    child = started;
  };

  const untilReady = async () => {
    const deadline = Date.now() + 240_000;
    for (;;) {
      try {
        const r = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(2_000) });
        if (r.status === 200) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`${options.name} did not become ready:\n${output.slice(-4_000)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  };

  return {
    name: options.name,
    url,
    output: () => output,
    running,
    unplannedExits,
    onOutput(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async signal(signal) {
      if (!running()) return;
      if (signal === 'SIGKILL' || signal === 'SIGTERM') {
        planned = true;
        const exited = once(child!, 'exit');
        child!.kill(signal);
        await exited;
        return;
      }
      child!.kill(signal);
    },
    async start() {
      stopped = false;
      if (!running()) spawnIt();
      await untilReady();
    },
    async stop() {
      stopped = true;
      if (!running()) return;
      const exited = once(child!, 'exit');
      child!.kill('SIGCONT');
      child!.kill('SIGTERM');
      const timer = setTimeout(() => child?.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
    killSync() {
      stopped = true;
      if (running()) child!.kill('SIGKILL');
    },
  };
}
