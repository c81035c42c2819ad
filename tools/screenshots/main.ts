/**
 * Screenshots of what on-call opens, taken with headless Chromium (Debian's `chromium`, installed by
 * `make up`) into docs/screenshots/:
 *   npm run screenshots -- funnel              the order funnel graph in Prometheus (orders/s placed,
 *                                              confirmed, cancelled by reason) over SCREENSHOT_RANGE (15m)
 *   npm run screenshots -- trace <order id>    that order's trace in Zipkin (found by its `order.id` tag)
 * PROMETHEUS_URL, ZIPKIN_URL and CHROMIUM override where they are. The trace is looked up through
 * Zipkin's API first, so a missing trace fails here with its reason instead of a picture of nothing.
 */
import { execFile } from 'node:child_process';
import { mkdir, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { funnelQuery, orderTraceIds } from './queries.js';

const run = promisify(execFile);
const outDir = resolve(import.meta.dirname, '../../docs/screenshots');
const prometheus = process.env.PROMETHEUS_URL ?? 'http://127.0.0.1:9090';
const zipkin = process.env.ZIPKIN_URL ?? 'http://127.0.0.1:9411';
const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Chromium's own headless screenshot: the page gets virtual time to fetch and draw before the shot. */
async function screenshot(url: string, file: string, size = '1400,900'): Promise<string> {
  await mkdir(outDir, { recursive: true });
  const out = resolve(outDir, file);
  await run(
    chromium,
    [
      '--headless',
      // root in a container: Chromium's sandbox needs user namespaces it may not have
      '--no-sandbox',
      '--disable-gpu',
      '--hide-scrollbars',
      `--window-size=${size}`,
      '--virtual-time-budget=20000',
      `--screenshot=${out}`,
      url,
    ],
    { timeout: 120_000 },
  );
  if ((await stat(out)).size === 0) throw new Error(`${out} is empty`);
  return out;
}

async function funnel(): Promise<string> {
  const params = new URLSearchParams({
    'g0.expr': funnelQuery,
    'g0.tab': '0',
    'g0.range_input': process.env.SCREENSHOT_RANGE ?? '15m',
    'g0.stacked': '0',
    'g0.show_exemplars': '0',
  });
  return screenshot(`${prometheus}/graph?${params}`, 'prometheus-order-funnel.png');
}

async function orderTrace(orderId: string): Promise<string> {
  const [traceId, ...more] = await orderTraceIds(zipkin, orderId);
  if (more.length > 0) {
    console.warn(`order ${orderId} is in ${more.length + 1} traces (a hop did not continue it): showing the first`);
  }
  return screenshot(`${zipkin}/zipkin/traces/${traceId}`, 'zipkin-order-trace.png', '1600,1000');
}

const [what, arg] = process.argv.slice(2);
try {
  if (what === 'funnel') console.log(await funnel());
  else if (what === 'trace' && arg) console.log(await orderTrace(arg));
  else {
    console.error('usage: npm run screenshots -- funnel | trace <order id>');
    process.exitCode = 64;
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
