import { fork, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface LoadSettings {
  readonly connections: number;
  readonly seconds: number;
  readonly warmupSeconds: number;
}

export interface Measurement {
  readonly variant: string;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** CPU the server process spent (user + system) per answered request. */
  readonly serverCpuUsPerRequest: number;
  readonly failures: number;
}

const autocannonPackage = createRequire(import.meta.url).resolve('autocannon/package.json');
const autocannonBin = join(dirname(autocannonPackage), 'autocannon.js');
const serverScript = join(import.meta.dirname, 'server.ts');
const ticksPerSecond = 100; // Linux USER_HZ

function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

interface AutocannonResult {
  readonly requests: { readonly average: number; readonly total: number };
  readonly latency: { readonly p50: number; readonly p99: number };
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
}

/** autocannon in a process of its own, so the server's process measures the server alone. */
function autocannon(port: number, connections: number, seconds: number): Promise<AutocannonResult> {
  return new Promise((resolve, reject) => {
    const args = [autocannonBin, '--json', '-c', String(connections), '-d', String(seconds)];
    const url = `http://127.0.0.1:${port}/ping`;
    const child = spawn(process.execPath, [...args, url], { stdio: ['ignore', 'pipe', 'ignore'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited with ${code}`));
      resolve(JSON.parse(output) as AutocannonResult);
    });
  });
}

/** Starts the variant's server (its stdout, the access log, discarded), loads it, and stops it. */
export async function measure(variant: string, settings: LoadSettings): Promise<Measurement> {
  const stdio = ['ignore', 'ignore', 'inherit', 'ipc'] as const;
  const server = fork(serverScript, [variant], { execArgv: ['--import', 'tsx'], stdio: [...stdio] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      server.once('message', (message) => resolve((message as { port: number }).port));
      server.once('exit', (code) => reject(new Error(`server ${variant} exited with ${code}`)));
    });
    if (settings.warmupSeconds > 0) await autocannon(port, settings.connections, settings.warmupSeconds);
    const cpuBefore = cpuSeconds(server.pid!);
    const result = await autocannon(port, settings.connections, settings.seconds);
    const cpu = cpuSeconds(server.pid!) - cpuBefore;
    return {
      variant,
      requestsPerSecond: result.requests.average,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      serverCpuUsPerRequest: (cpu * 1e6) / Math.max(1, result.requests.total),
      failures: result.non2xx + result.errors + result.timeouts,
    };
  } finally {
    server.kill();
  }
}
