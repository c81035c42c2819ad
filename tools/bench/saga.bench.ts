/**
 * npm run bench:saga — after `make up`. Pushes orders through the running stack at rising
 * concurrency and prints orders/s, HTTP and POST→CONFIRMED latency percentiles, CPU and RSS per
 * process; then checks every order ended and the stock adds up; then runs pgbench on the same
 * PostgreSQL with a script of our own write mix, and relates the two.
 * BENCH_STAGES (default "8,16,32,64,96,128" clients), BENCH_STAGE_SECONDS (default 15), BENCH_PRODUCTS
 * (default 40: each order buys one of them at random; 1 = every order on one hot row), BENCH_ACCOUNTS
 * (default 8 partner accounts, in the `load` rate-limit tier where the stack has it) and
 * BENCH_IDLE_SECONDS (default 5: the stack's commits at rest, measured before the load) tune it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { localPostgresSocketDir } from '@shop/runtime';
import { loginAdmin } from '../auth-client.js';
import { benchOrderBody, createBenchProducts } from './bench-products.js';
import { loadAccounts } from './load-accounts.js';
import { runStage, type StageResult } from './load-client.js';
import { fmt, percentile } from './stats.js';

const stages = (process.env.BENCH_STAGES ?? '8,16,32,64,96,128').split(',').map(Number);
const stageSeconds = Number(process.env.BENCH_STAGE_SECONDS ?? 15);
const idleSeconds = Number(process.env.BENCH_IDLE_SECONDS ?? 5);
const inventoryUrl = process.env.INVENTORY_URL ?? 'http://127.0.0.1:3002';
const orderUrl = process.env.ORDER_URL ?? 'http://127.0.0.1:3003';
const adminDatabaseUrl = process.env.DATABASE_ADMIN_URL ?? 'postgresql://postgres:postgres@127.0.0.1:5432/shop';
const pool = new pg.Pool({ connectionString: adminDatabaseUrl, max: 2 });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// PostgreSQL publishes a backend's counters at most once a second while it works, and within 10 s
// once it idles: commit counts are read only after that long a quiet spell.
const statsFlushMs = 11_000;

/**
 * Every statement the benchmark itself sends is one more commit in pg_stat_database: counted, so the
 * commits per order are the services' alone.
 */
let ownCommits = 0;
async function query<Row extends pg.QueryResultRow = Record<string, unknown>>(text: string, values: unknown[] = []) {
  ownCommits++;
  return (await pool.query<Row>(text, values)).rows as (Row | undefined)[];
}
const shopCommits = async () =>
  Number((await query(`SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()`))[0]?.xact_commit);

const admin = await loginAdmin();
const { accounts, tier } = await loadAccounts(admin, Number(process.env.BENCH_ACCOUNTS ?? 8));
const benchUsers = accounts.map((a) => a.userId);
const initialStock = 10_000_000;
const productCount = Number(process.env.BENCH_PRODUCTS ?? 40);

const productIds = await createBenchProducts({
  inventoryUrl,
  adminAuthorization: admin,
  count: productCount,
  initialStock,
  query,
});
const orderBody = () => benchOrderBody(productIds);

// The stack's commits at rest (workers' polls, sweepers), to take out of the run's count below.
await sleep(statsFlushMs);
const idleBefore = await shopCommits();
await sleep(idleSeconds * 1000);
const idleCommitsPerSec = Math.max(0, (await shopCommits()) - idleBefore) / idleSeconds;

const commitsBefore = await shopCommits();
const ownBefore = ownCommits;
const runStarted = Date.now();
const results: StageResult[] = [];
const authorizations = accounts.map((a) => a.authorization);
for (const clients of stages) {
  const r = await runStage(clients, { orderUrl, seconds: stageSeconds, authorizations, orderBody });
  results.push(r);
  const throttling = r.throttled ? `, ${r.throttled} throttled (${fmt(r.backoffSeconds, 0)} s waited)` : '';
  console.log(`stage ${clients} clients: ${fmt(r.ordersPerSec)} orders/s, errors ${r.errors}${throttling}`);
}

// Afterwards: every order of this run (they alone buy this run's products) terminal, and the stock adds up.
const thisRun = `SELECT o.status FROM orders.orders o WHERE o.user_id = ANY($1::uuid[])
  AND EXISTS (SELECT 1 FROM orders.order_items i WHERE i.order_id = o.order_id AND i.product_id = ANY($2::uuid[]))`;
let pending = -1;
for (let i = 0; i < 60 && pending !== 0; i++) {
  const rows = await query(`SELECT count(*) AS n FROM (${thisRun}) r WHERE status = 'pending'`, [
    benchUsers,
    productIds,
  ]);
  pending = Number(rows[0]?.n);
  if (pending) await sleep(500);
}
const outcome = await query<{ status: string; n: number }>(
  `SELECT status, count(*)::int AS n FROM (${thisRun}) r GROUP BY status`,
  [benchUsers, productIds],
);
const placed = outcome.reduce((s, r) => s + (r?.n ?? 0), 0);
const confirmedTotal = outcome.find((r) => r?.status === 'confirmed')?.n ?? 0;
const expectedOnHand = initialStock * productCount - confirmedTotal;
let stock = { stock_on_hand: 0, reserved: -1 };
const stockOf = `SELECT sum(stock_on_hand)::bigint AS stock_on_hand, sum(reserved)::int AS reserved
  FROM inventory.products WHERE product_id = ANY($1::uuid[])`;
for (let i = 0; i < 60; i++) {
  stock = (await query<typeof stock>(stockOf, [productIds]))[0] ?? stock;
  stock.stock_on_hand = Number(stock.stock_on_hand);
  if (stock.reserved === 0 && stock.stock_on_hand === expectedOnHand) break;
  await sleep(500);
}
// This run's orders only: the commits the services made, less their commits at rest over the same time.
await sleep(statsFlushMs);
const runSeconds = (Date.now() - runStarted) / 1000;
const rawCommits = (await shopCommits()) - commitsBefore;
const runCommits = Math.max(0, rawCommits - (ownCommits - ownBefore) - idleCommitsPerSec * runSeconds);
const txPerOrder = runCommits / Math.max(1, placed);

// pgbench on the same server, same moment, with our write mix: one transaction = a domain row,
// an outbox row and a NOTIFY (what every saga step commits), on a scratch schema.
await query('DROP SCHEMA IF EXISTS bench_pgbench CASCADE');
await query('CREATE SCHEMA bench_pgbench');
await query('CREATE TABLE bench_pgbench.domain (id uuid PRIMARY KEY, status text, total int, updated_at timestamptz)');
await query(`CREATE TABLE bench_pgbench.outbox (id bigserial PRIMARY KEY, event_id uuid, topic text, key text,
  headers jsonb, payload jsonb, published_at timestamptz)`);
await query('CREATE INDEX ON bench_pgbench.outbox (id) WHERE published_at IS NULL');
const script = join(tmpdir(), `saga-mix-${process.pid}.sql`);
writeFileSync(
  script,
  `BEGIN;
INSERT INTO bench_pgbench.domain VALUES (gen_random_uuid(), 'pending', 1099, now());
INSERT INTO bench_pgbench.outbox (event_id, topic, key, headers, payload)
  VALUES (gen_random_uuid(), 'orders.events', 'k', '{"ce_type":"x"}', '{"order_id":"x","total_cents":1099}');
SELECT pg_notify('bench_pgbench', '');
COMMIT;
`,
);
const best = results.reduce((a, b) => (b.ordersPerSec > a.ordersPerSec ? b : a));
// Over the same transport as the services (devDatabaseUrl): the Unix socket when the server is local.
const pgbenchHost = existsSync(`${localPostgresSocketDir}/.s.PGSQL.5432`) ? localPostgresSocketDir : '127.0.0.1';
const pgbenchArgs = ['-n', '-h', pgbenchHost, '-U', 'postgres', '-c', String(best.clients), '-j', '2'];
const pgbenchOut = execFileSync('pgbench', [...pgbenchArgs, '-T', String(stageSeconds), '-f', script, 'shop'], {
  encoding: 'utf8',
  env: { ...process.env, PGPASSWORD: 'postgres' },
});
const tps = Number(/tps = ([\d.]+)/.exec(pgbenchOut)?.[1] ?? Number.NaN);
await query('DROP SCHEMA bench_pgbench CASCADE');

const percentiles = (values: number[]) => [50, 95, 99].map((p) => fmt(percentile(values, p), 0)).join('/');
console.log(
  `\nsaga benchmark: ${stageSeconds} s per stage, one order = 1 line of ${productCount} products, ` +
    `card tok_visa_4242, Prefer: wait=5, ${accounts.length} accounts at the ${tier} rate-limit tier`,
);
console.log('clients  orders/s  HTTP p50/p95/p99 ms      POST→CONFIRMED p50/p95/p99 ms   errors  throttled');
for (const r of results) {
  console.log(
    `${String(r.clients).padStart(7)}  ${fmt(r.ordersPerSec).padStart(8)}  ${percentiles(r.httpMs).padEnd(24)} ` +
      `${percentiles(r.confirmMs).padEnd(31)} ${String(r.errors).padStart(6)}  ${String(r.throttled).padStart(9)}`,
  );
}
console.log(`\nCPU (% of one core) and RSS per process during the best stage (${best.clients} clients):`);
for (const [name, u] of Object.entries(best.usage)) {
  if (u.rssMb > 0)
    console.log(`  ${name.padEnd(22)} ${fmt(u.cpuPercent).padStart(6)} %  ${fmt(u.rssMb, 0).padStart(6)} MB`);
}
// CPU per order is the figure that survives a noisy host: the target (100 orders/s on 2 cores) allows 20 ms.
const totalCpu = Object.values(best.usage).reduce((sum, u) => sum + u.cpuPercent, 0);
const cpuMsPerOrder = ((totalCpu / 100) * 1000) / best.ordersPerSec;
console.log(`  ${'total'.padEnd(22)} ${fmt(totalCpu).padStart(6)} %  → ${fmt(cpuMsPerOrder)} ms of CPU per order`);
console.log(
  `\nafter the run: ${placed} orders placed, ${confirmedTotal} confirmed, ${pending} still pending; ` +
    `stock ${stock.stock_on_hand} on hand (expected ${expectedOnHand}), ${stock.reserved} reserved`,
);
console.log(
  `PostgreSQL commits per order (all services, this run's orders): ${fmt(txPerOrder)} ` +
    `(${rawCommits} commits in ${fmt(runSeconds, 0)} s, less the benchmark's own ${ownCommits - ownBefore} ` +
    `and ${fmt(idleCommitsPerSec)}/s at rest)`,
);
console.log(
  `pgbench, our write mix, ${best.clients} clients: ${fmt(tps, 0)} TPS → ceiling ${fmt(tps / txPerOrder)} ` +
    `orders/s at ${fmt(txPerOrder)} commits per order`,
);
console.log(`orders/s ÷ (pgbench TPS ÷ commits per order) = ${fmt(best.ordersPerSec / (tps / txPerOrder), 2)}`);
const throttled = results.reduce((sum, r) => sum + r.throttled, 0);
if (throttled > 0) {
  const burst = Math.max(...results.map((r) => r.rateLimitBurst));
  console.log(
    `note: ${throttled} answers were 429/503 and waited out (rate-limit burst seen: ${burst}); ` +
      'the orders/s above are bounded by the limits or back-pressure, not only by the stack',
  );
}
const stockAddsUp = stock.reserved === 0 && stock.stock_on_hand === expectedOnHand;
const ok = pending === 0 && stockAddsUp && results.every((r) => r.errors === 0);
console.log(ok ? 'invariants: every order terminal, stock adds up, zero errors ✓' : 'invariants: VIOLATED ✗');
await pool.end();
process.exit(ok ? 0 : 1);
