/**
 * The shared HTTP stack's cost per request: the same trivial route (GET /ping → {"ok":true}) on
 * bare node:http, bare Fastify, and createHttpApp without and with its Redis rate limiter, one
 * after the other in one run. Each server runs in a process of its own and autocannon in another,
 * so the figures are the server's, not the load generator's. Compare ratios within one run: on a
 * shared machine the absolute numbers move with everything else that runs.
 *
 *   npm run bench:http
 *   BENCH_HTTP_CONNECTIONS=50 BENCH_HTTP_SECONDS=10 BENCH_HTTP_WARMUP_SECONDS=3 BENCH_HTTP_ROUNDS=1
 *   BENCH_HTTP_VARIANTS=node-http,fastify,shop,shop+limiter   (the default; also before:shop,
 *     before:shop+limiter — another commit's stack, from BENCH_HTTP_BEFORE — and duty:<name>, ./http/duties.ts)
 *
 * Redis must answer at REDIS_URL (default redis://127.0.0.1:6379) for the limiter's variant.
 */
import { fmt, median } from './stats.js';
import { measure, type LoadSettings, type Measurement } from './http/load.js';

const env = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const settings: LoadSettings = {
  connections: env('BENCH_HTTP_CONNECTIONS', 50),
  seconds: env('BENCH_HTTP_SECONDS', 10),
  warmupSeconds: env('BENCH_HTTP_WARMUP_SECONDS', 3),
};
const rounds = env('BENCH_HTTP_ROUNDS', 1);
const defaultVariants = 'node-http,fastify,shop,shop+limiter';
const variants = (process.env.BENCH_HTTP_VARIANTS ?? defaultVariants).split(',').filter(Boolean);

const { connections, seconds, warmupSeconds } = settings;
console.log(
  `${connections} connections, ${seconds} s each (after ${warmupSeconds} s warm-up), ` +
    `${rounds} round(s); server and autocannon in separate processes\n`,
);

const samples = new Map<string, Measurement[]>(variants.map((v) => [v, []]));
for (let round = 0; round < rounds; round++) {
  for (const variant of variants) {
    try {
      const measured = await measure(variant, settings);
      samples.get(variant)!.push(measured);
      const { requestsPerSecond, serverCpuUsPerRequest, p99Ms } = measured;
      console.log(
        `  round ${round + 1} ${variant}: ${fmt(requestsPerSecond, 0)} req/s, ` +
          `${fmt(serverCpuUsPerRequest)} CPU µs/req, p99 ${p99Ms} ms`,
      );
    } catch (error) {
      console.log(`  round ${round + 1} ${variant}: failed (${String(error)})`);
    }
  }
}

/** The median round of each figure, so one disturbed round does not decide the result. */
const summary = [...samples]
  .filter(([, runs]) => runs.length > 0)
  .map(([variant, runs]) => ({
    variant,
    requestsPerSecond: median(runs.map((r) => r.requestsPerSecond)),
    p50Ms: median(runs.map((r) => r.p50Ms)),
    p99Ms: median(runs.map((r) => r.p99Ms)),
    cpuUs: median(runs.map((r) => r.serverCpuUsPerRequest)),
    failures: runs.reduce((sum, r) => sum + r.failures, 0),
  }));
const reference = (name: string) => summary.find((s) => s.variant === name);
const fastify = reference('fastify');
const nodeHttp = reference('node-http');
const usPerRequest = (rps: number) => 1e6 / rps;

const header = [
  'variant',
  'req/s',
  'p50 ms',
  'p99 ms',
  'µs/req',
  'µs above fastify',
  'CPU µs/req',
  'CPU µs above fastify',
  '× fastify',
  '× node:http',
  'failures',
];
const rows = summary.map((s) => [
  s.variant,
  fmt(s.requestsPerSecond, 0),
  fmt(s.p50Ms, 0),
  fmt(s.p99Ms, 0),
  fmt(usPerRequest(s.requestsPerSecond)),
  fastify ? fmt(usPerRequest(s.requestsPerSecond) - usPerRequest(fastify.requestsPerSecond)) : 'n/a',
  fmt(s.cpuUs),
  fastify ? fmt(s.cpuUs - fastify.cpuUs) : 'n/a',
  fastify ? fmt(s.requestsPerSecond / fastify.requestsPerSecond, 2) : 'n/a',
  nodeHttp ? fmt(s.requestsPerSecond / nodeHttp.requestsPerSecond, 2) : 'n/a',
  String(s.failures),
]);
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const pad = (cell: string, i: number) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!));
const line = (cells: string[]) => cells.map(pad).join('  ');
console.log(`\n${line(header)}\n${rows.map(line).join('\n')}`);
console.log(
  "\nµs/req = 1e6 / req/s (wall time per request at saturation); CPU µs/req = the server process's CPU " +
    'per answered request (less sensitive to what else runs on the machine).',
);
