/**
 * npm run soak — after `make up`, alone on the machine. Measures the saga's capacity (96 clients
 * placing orders back to back for SOAK_CAPACITY_SECONDS, default 30; or SOAK_CAPACITY orders/s given),
 * then runs the mixed workload of soak-workload.ts at SOAK_LOAD_SHARE (default 0.8) of it for
 * SOAK_MINUTES (default 10), sampling CPU and RSS of every process every 5 s; then waits for every
 * order to end and runs the invariant checker. Prints per-endpoint p50/p95/p99 and errors, orders/s,
 * CPU and RSS per process; writes the chart to SOAK_CHART (default docs/benchmarks/soak.svg). Exits 1
 * on any error, a broken invariant, or a service whose RSS grew more than 20 % from the first minute
 * to the last.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import pg from 'pg';
import { loginAdmin } from '../auth-client.js';
import { benchOrderBody, createBenchProducts } from './bench-products.js';
import { loadAccounts } from './load-accounts.js';
import { runStage } from './load-client.js';
import { snapshot, usageBetween, type Snapshot } from './process-usage.js';
import { soakChartSvg, type Series } from './soak-chart.js';
import { startWorkload } from './soak-workload.js';
import { fmt, percentile } from './stats.js';

const root = resolve(import.meta.dirname, '../..');
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const minutes = env('SOAK_MINUTES', 10);
const urls = {
  user: process.env.USER_URL ?? 'http://127.0.0.1:3001',
  inventory: process.env.INVENTORY_URL ?? 'http://127.0.0.1:3002',
  order: process.env.ORDER_URL ?? 'http://127.0.0.1:3003',
};
const chartFile = resolve(root, process.env.SOAK_CHART ?? 'docs/benchmarks/soak.svg');
const pool = new pg.Pool({
  connectionString: process.env.DATABASE_ADMIN_URL ?? 'postgresql://postgres:postgres@127.0.0.1:5432/shop',
  max: 2,
});
const query = async (text: string, values: unknown[]) => (await pool.query(text, values)).rows;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const serviceNames = ['user-service', 'inventory-service', 'order-service', 'payment-service', 'notification-service'];

const admin = await loginAdmin();
const shoppers = await loadAccounts(admin, env('SOAK_ACCOUNTS', 8));
const support = await loadAccounts(admin, 2, 'soak-support', 'support');
console.log(`accounts: ${shoppers.accounts.length} shoppers (${shoppers.tier} tier), 2 support (${support.tier} tier)`);
const productIds = await createBenchProducts({
  inventoryUrl: urls.inventory,
  adminAuthorization: admin,
  count: env('SOAK_PRODUCTS', 20),
  initialStock: 10_000_000,
  query,
});
const authorizations = shoppers.accounts.map((a) => a.authorization);

let capacity = Number(process.env.SOAK_CAPACITY ?? Number.NaN);
if (!Number.isFinite(capacity)) {
  const seconds = env('SOAK_CAPACITY_SECONDS', 30);
  const orderBody = () => benchOrderBody(productIds);
  const stage = await runStage(96, { orderUrl: urls.order, seconds, authorizations, orderBody });
  capacity = stage.ordersPerSec;
  console.log(`capacity: ${fmt(capacity)} orders/s (96 clients, ${seconds} s, ${stage.errors} errors)`);
  await sleep(10_000);
}
const ordersPerSecond = capacity * env('SOAK_LOAD_SHARE', 0.8);
console.log(`soak: ${fmt(ordersPerSecond)} shopper journeys/s for ${minutes} min`);

const run = startWorkload({
  urls,
  shoppers: authorizations,
  support: support.accounts.map((a) => a.authorization),
  productIds,
  ordersPerSecond,
  cancelShare: 0.1,
  declineShare: 0.05,
  signUpEverySeconds: 60,
});
const started = Date.now();
const timeline: { t: number; usage: ReturnType<typeof usageBetween>; inFlight: number }[] = [];
let previous: Snapshot = snapshot();
let previousAt = Date.now();
while (Date.now() - started < minutes * 60_000) {
  await sleep(5_000);
  const now = snapshot();
  const usage = usageBetween(previous, now, (Date.now() - previousAt) / 1000);
  timeline.push({ t: (Date.now() - started) / 1000, usage, inFlight: run.inFlight() });
  [previous, previousAt] = [now, Date.now()];
  const last = timeline.at(-1)!;
  if (timeline.length % 12 === 0) {
    const rss = serviceNames.map((s) => `${s.replace('-service', '')} ${fmt(last.usage[s]?.rssMb ?? 0, 0)}`);
    console.log(
      `  ${fmt(last.t / 60)} min: ${run.decided.length} orders decided, in flight ${last.inFlight};`,
      `RSS MB ${rss.join(', ')}`,
    );
  }
}
const loadSeconds = (Date.now() - started) / 1000;
await run.stop();
const invariants = spawnSync(process.execPath, ['--import', 'tsx', 'tools/invariants/main.ts'], {
  cwd: root,
  stdio: 'inherit',
});
await pool.end();

// The report.
const endpoints = [...new Set(run.samples.map((s) => s.endpoint))].sort();
console.log('\nendpoint                      requests   p50 ms   p95 ms   p99 ms  errors');
for (const endpoint of endpoints) {
  const of = run.samples.filter((s) => s.endpoint === endpoint);
  const ms = of.map((s) => s.ms);
  const errors = of.filter((s) => !s.ok).length;
  const cells = [percentile(ms, 50), percentile(ms, 95), percentile(ms, 99)].map((v) => fmt(v).padStart(8));
  console.log(
    `${endpoint.padEnd(28)} ${String(of.length).padStart(9)} ${cells.join(' ')} ${String(errors).padStart(7)}`,
  );
}
const byStatus = Object.entries(
  run.decided.reduce<Record<string, number>>((acc, d) => ({ ...acc, [d.status]: (acc[d.status] ?? 0) + 1 }), {}),
);
console.log(`\norders decided: ${run.decided.length} (${byStatus.map(([s, n]) => `${s} ${n}`).join(', ')}),`);
console.log(`  ${fmt(run.decided.length / loadSeconds)} orders/s over ${fmt(loadSeconds / 60)} min`);
console.log(`anonymous sign-up calls throttled and retried: ${run.throttled()}`);

const window = Math.min(60, loadSeconds / 3);
const mean = (values: number[]) => values.reduce((a, v) => a + v, 0) / Math.max(1, values.length);
const rssOver = (name: string, from: number, to: number) =>
  mean(timeline.filter((p) => p.t > from && p.t <= to).map((p) => p.usage[name]?.rssMb ?? 0));
console.log(`\nprocess               CPU % (mean)  RSS MB first ${fmt(window, 0)} s  last ${fmt(window, 0)} s  growth`);
const growthFailures: string[] = [];
for (const name of Object.keys(timeline[0]?.usage ?? {})) {
  const cpu = mean(timeline.map((p) => p.usage[name]?.cpuPercent ?? 0));
  const first = rssOver(name, 0, window);
  const last = rssOver(name, loadSeconds - window, loadSeconds);
  const growth = first > 0 ? (last / first - 1) * 100 : 0;
  if (serviceNames.includes(name) && growth > 20) growthFailures.push(`${name} RSS +${fmt(growth)} %`);
  console.log(
    name.padEnd(22),
    fmt(cpu).padStart(12),
    fmt(first).padStart(16),
    fmt(last).padStart(11),
    `${fmt(growth).padStart(7)} %`,
  );
}

// The chart: per 10 s bucket, orders decided per second and POST /orders p50/p99; RSS per service.
const bucket = 10;
const buckets = Array.from({ length: Math.ceil(loadSeconds / bucket) }, (_, i) => i * bucket);
const inBucket = (at: number, from: number) => at >= started + from * 1000 && at < started + (from + bucket) * 1000;
const posts = run.samples.filter((s) => s.endpoint === 'POST /orders');
const throughput: Series = {
  name: 'orders decided/s',
  points: buckets.map((b) => [b + bucket, run.decided.filter((d) => inBucket(d.at, b)).length / bucket]),
};
const latency = (p: number): Series => ({
  name: `POST /orders p${p}`,
  points: buckets.map((b) => [
    b + bucket,
    percentile(
      posts.filter((s) => inBucket(s.at, b)).map((s) => s.ms),
      p,
    ) || 0,
  ]),
});
const rssSeries: Series[] = serviceNames.map((name) => ({
  name,
  points: timeline.map((p) => [p.t, p.usage[name]?.rssMb ?? 0]),
}));
mkdirSync(dirname(chartFile), { recursive: true });
const startedAt = new Date(started).toISOString();
const title = `Soak: ${fmt(ordersPerSecond)} journeys/s, ${fmt(loadSeconds / 60)} min, ${startedAt}`;
writeFileSync(
  chartFile,
  soakChartSvg(
    title,
    [
      { title: 'Throughput', unit: '/s', series: [throughput] },
      { title: 'POST /api/v1/orders latency', unit: 'ms', series: [latency(50), latency(99)] },
      { title: 'Resident memory', unit: 'MB', series: rssSeries },
    ],
    loadSeconds,
  ),
);
console.log(`\nchart: ${chartFile}`);

const failures = [
  ...run.unexpected.slice(0, 20),
  ...growthFailures,
  ...(invariants.status === 0 ? [] : [`invariant checker exited ${invariants.status}`]),
];
if (failures.length > 0) {
  console.log(`\nFAILED:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log('\nsoak passed: no errors, every invariant held, no service grew more than 20 %');
