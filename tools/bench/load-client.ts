import { randomUUID } from 'node:crypto';
import { Pool as HttpPool, type Dispatcher } from 'undici';
import { CpuMeter, type Usage } from './load-cpu.js';

/**
 * The load of the saga benchmark: `clients` concurrent clients, each placing one order after another
 * for a stage, following a 202 until the order is decided, as a real client would (the server never
 * polls). A 429 or a 503 is waited out as its Retry-After says, then the same request is sent again
 * with the same idempotency key; it is counted as throttling, not as an error, and the time spent
 * waiting is reported, so a run bounded by rate limits or back-pressure says so.
 */

export interface StageResult {
  readonly clients: number;
  readonly ordersPerSec: number;
  readonly httpMs: number[];
  readonly confirmMs: number[];
  readonly errors: number;
  /** Answers 429 or 503 that were waited out and retried. */
  readonly throttled: number;
  /** Seconds the clients spent waiting out those answers, summed over the clients. */
  readonly backoffSeconds: number;
  /** The largest X-RateLimit-Limit seen: the burst of the tier the load ran under. */
  readonly rateLimitBurst: number;
  readonly usage: Usage;
}

export interface StageSettings {
  readonly orderUrl: string;
  readonly seconds: number;
  /** The Authorization header of each account; client i uses account i mod n. */
  readonly authorizations: readonly string[];
  readonly orderBody: () => string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const retryable = new Set([429, 503]);
/** When an answer carries no usable Retry-After. */
const defaultBackoffMs = 1000;
const maxBackoffMs = 30_000;

/** Retry-After in seconds or as an HTTP date; jittered so waiting clients do not return in step. */
function backoffMs(header: string | string[] | undefined): number {
  const value = Array.isArray(header) ? header[0] : header;
  const seconds = Number(value);
  let ms = defaultBackoffMs;
  if (value !== undefined && Number.isFinite(seconds)) ms = seconds * 1000;
  else if (value !== undefined && !Number.isNaN(Date.parse(value))) ms = Date.parse(value) - Date.now();
  return Math.min(maxBackoffMs, Math.max(100, ms)) * (1 + Math.random() * 0.2);
}

export async function runStage(clients: number, settings: StageSettings): Promise<StageResult> {
  const httpMs: number[] = [];
  const confirmMs: number[] = [];
  let errors = 0;
  let confirmed = 0;
  let throttled = 0;
  let backoffTotalMs = 0;
  let rateLimitBurst = 0;
  // undici's own client, one kept-alive connection per client: the load generator shares the 2
  // cores with the stack, and fetch() costs about twice the CPU per request.
  const http = new HttpPool(settings.orderUrl, { connections: clients });
  const until = Date.now() + settings.seconds * 1000;

  /** Sends until the answer is neither 429 nor 503, or `deadline` (ms) has passed; the last answer's latency counts. */
  async function send(options: Dispatcher.RequestOptions, deadline: number) {
    for (;;) {
      const t0 = performance.now();
      const r = await http.request(options);
      const body = await r.body.json().catch(() => undefined);
      const limit = Number(r.headers['x-ratelimit-limit']);
      if (limit > rateLimitBurst) rateLimitBurst = limit;
      if (!retryable.has(r.statusCode) || Date.now() >= deadline) {
        return { statusCode: r.statusCode, body, ms: performance.now() - t0 };
      }
      throttled++;
      const wait = Math.min(backoffMs(r.headers['retry-after']), Math.max(0, deadline - Date.now()));
      backoffTotalMs += wait;
      await sleep(wait);
    }
  }

  async function placeOrder(authorization: string): Promise<void> {
    const t0 = performance.now();
    const headers = {
      authorization,
      'content-type': 'application/json',
      prefer: 'wait=5',
      'idempotency-key': randomUUID(),
    };
    const placed = await send({ path: '/api/v1/orders', method: 'POST', headers, body: settings.orderBody() }, until);
    const order = (placed.body ?? {}) as { status?: string; order_id?: string };
    // Still refused when the stage ended: the order was never placed, and nothing failed.
    if (retryable.has(placed.statusCode)) return;
    if (placed.statusCode !== 201 && placed.statusCode !== 202) {
      errors++;
      return;
    }
    httpMs.push(placed.ms);
    let status = order.status;
    const followUntil = Date.now() + 30_000;
    while (placed.statusCode === 202 && status === 'pending' && Date.now() < followUntil) {
      await sleep(25);
      const poll = await send(
        { path: `/api/v1/orders/${order.order_id}`, method: 'GET', headers: { authorization } },
        followUntil,
      );
      status = (poll.body as { status?: string } | undefined)?.status;
    }
    if (status === 'confirmed') {
      confirmed++;
      confirmMs.push(performance.now() - t0);
    } else errors++;
  }

  const meter = new CpuMeter();
  const started = Date.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      const authorization = settings.authorizations[client % settings.authorizations.length] ?? '';
      while (Date.now() < until) {
        try {
          await placeOrder(authorization);
        } catch {
          errors++;
        }
      }
    }),
  );
  const usage = meter.stop();
  await http.close();
  const seconds = (Date.now() - started) / 1000;
  return {
    clients,
    ordersPerSec: confirmed / seconds,
    httpMs,
    confirmMs,
    errors,
    throttled,
    backoffSeconds: backoffTotalMs / 1000,
    rateLimitBurst,
    usage,
  };
}
