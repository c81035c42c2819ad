/**
 * What each duty of the shared stack costs per request, on a busy machine: every variant in this
 * one process, served through `inject` in waves of concurrent requests (so the limiter batches as
 * under load), the variants interleaved round by round, CPU time per request from
 * process.cpuUsage. The base (bare Fastify with zod and the error handler) is subtracted.
 *
 *   npx tsx tools/bench/http/duty-costs.ts >/dev/null   (the table on stderr; stdout takes the access log)
 *   DUTY_REQUESTS=4000 DUTY_ROUNDS=5 DUTY_WAVE=50
 */
import type { FastifyInstance } from 'fastify';
import { fmt, median } from '../stats.js';
import { fastifyVariants } from './variants.js';

const requests = Number(process.env.DUTY_REQUESTS ?? 4000);
const rounds = Number(process.env.DUTY_ROUNDS ?? 5);
const wave = Number(process.env.DUTY_WAVE ?? 50);
const duties = [
  'base',
  'zod-response',
  'request-id',
  'logger',
  'access-log',
  'metrics',
  'security-headers',
  'cors',
  'auth',
  'limiter',
];
const names = [
  'fastify',
  'before:shop',
  'shop',
  'before:shop+limiter',
  'shop+limiter',
  ...duties.map((d) => `duty:${d}`).filter((n) => fastifyVariants[n]),
].filter((n) => !n.startsWith('before:') || process.env.BENCH_HTTP_BEFORE);

async function cpuPerRequest(app: FastifyInstance, count: number): Promise<number> {
  const start = process.cpuUsage();
  for (let sent = 0; sent < count; sent += wave) {
    await Promise.all(Array.from({ length: wave }, () => app.inject({ method: 'GET', url: '/ping' })));
  }
  const used = process.cpuUsage(start);
  return (used.user + used.system) / count;
}

const apps = new Map<string, FastifyInstance>();
for (const name of names) {
  const app = await fastifyVariants[name]!();
  await app.ready();
  await cpuPerRequest(app, requests / 4); // warm-up
  apps.set(name, app);
}
const samples = new Map<string, number[]>(names.map((n) => [n, []]));
for (let round = 0; round < rounds; round++) {
  for (const [name, app] of apps) samples.get(name)!.push(await cpuPerRequest(app, requests));
  process.stderr.write(`round ${round + 1}/${rounds} done\n`);
}
const cost = new Map([...samples].map(([name, values]) => [name, median(values)]));
const above = (name: string, base: string) => cost.get(name)! - cost.get(base)!;
console.error('variant                         CPU µs/req   above its base');
for (const name of names) {
  const base = name.startsWith('duty:') ? 'duty:base' : 'fastify';
  console.error(`${name.padEnd(30)}  ${fmt(cost.get(name)!).padStart(10)}   ${fmt(above(name, base)).padStart(14)}`);
}
for (const app of apps.values()) await app.close();
process.exit(0);
