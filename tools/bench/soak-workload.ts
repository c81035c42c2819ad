import { randomUUID } from 'node:crypto';
import { Pool as HttpPool, type Dispatcher } from 'undici';
import { benchOrderBody } from './bench-products.js';

/**
 * The soak's mixed workload, open loop: shopper journeys start at a fixed rate whatever the stack's
 * answers, so a slowing stack shows up as latency and in-flight journeys instead of a quietly lower
 * load. A journey browses the catalogue (a page, then a product), places an order with `Prefer: wait`
 * (following a 202 until the order is decided), reads it back and lists the shopper's orders; a share
 * of confirmed orders is cancelled by support. Now and then a new customer registers and signs in:
 * anonymous, so under the anonymous rate limit, whose 429 it waits out as Retry-After says (counted
 * as throttled, not as an error — the limiter doing its job). Every answer is recorded; anything but
 * the expected status is an error.
 */

export interface Sample {
  readonly at: number;
  readonly endpoint: string;
  readonly status: number;
  readonly ms: number;
  /** The answer the journey expected (a declined card's 422 PAYMENT_FAILED is one). */
  readonly ok: boolean;
}

export interface WorkloadSettings {
  readonly urls: { readonly user: string; readonly inventory: string; readonly order: string };
  /** Shoppers (partners in the load tier) and the support accounts who cancel. */
  readonly shoppers: readonly string[];
  readonly support: readonly string[];
  readonly productIds: readonly string[];
  readonly ordersPerSecond: number;
  readonly cancelShare: number;
  readonly declineShare: number;
  readonly signUpEverySeconds: number;
}

export interface WorkloadRun {
  readonly samples: Sample[];
  /** Orders that reached a terminal status, with the time they did. */
  readonly decided: { at: number; status: string }[];
  readonly unexpected: string[];
  /** Anonymous calls answered 429 and sent again after Retry-After. */
  throttled(): number;
  inFlight(): number;
  /** Starts no more journeys and waits for those under way. */
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pick = <T>(values: readonly T[]): T => values[Math.floor(Math.random() * values.length)]!;

export function startWorkload(settings: WorkloadSettings): WorkloadRun {
  const pools = {
    user: new HttpPool(settings.urls.user, { connections: 4 }),
    inventory: new HttpPool(settings.urls.inventory, { connections: 32 }),
    order: new HttpPool(settings.urls.order, { connections: 128 }),
  };
  const samples: Sample[] = [];
  const decided: { at: number; status: string }[] = [];
  const unexpected: string[] = [];
  const journeys = new Set<Promise<void>>();
  let stopped = false;
  let throttled = 0;

  async function call(
    service: keyof typeof pools,
    endpoint: string,
    options: Dispatcher.RequestOptions,
    expected: readonly number[],
    anonymous = false,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const t0 = performance.now();
    const r = await pools[service].request(options);
    const body = ((await r.body.json().catch(() => ({}))) ?? {}) as Record<string, unknown>;
    if (anonymous && r.statusCode === 429) {
      throttled++;
      await sleep(Number(r.headers['retry-after'] ?? 1) * 1000 + Math.random() * 500);
      return call(service, endpoint, options, expected, anonymous);
    }
    const ok = expected.includes(r.statusCode);
    samples.push({ at: Date.now(), endpoint, status: r.statusCode, ms: performance.now() - t0, ok });
    if (!ok && unexpected.length < 50) {
      unexpected.push(`${endpoint}: HTTP ${r.statusCode} ${JSON.stringify(body).slice(0, 300)}`);
    }
    return { status: r.statusCode, body };
  }
  const json = (authorization: string, extra: Record<string, string> = {}) => ({
    authorization,
    'content-type': 'application/json',
    ...extra,
  });

  async function journey(): Promise<void> {
    const shopper = pick(settings.shoppers);
    const headers = { authorization: shopper };
    await call('inventory', 'GET /products', { method: 'GET', path: '/api/v1/products?limit=20', headers }, [200]);
    const productPath = `/api/v1/products/${pick(settings.productIds)}`;
    await call('inventory', 'GET /products/{id}', { method: 'GET', path: productPath, headers }, [200]);

    const declined = Math.random() < settings.declineShare;
    const body = benchOrderBody(settings.productIds, declined ? 'tok_chargeDeclined' : 'tok_visa_4242');
    const placeHeaders = json(shopper, { prefer: 'wait=5', 'idempotency-key': randomUUID() });
    const placed = await call(
      'order',
      'POST /orders',
      { method: 'POST', path: '/api/v1/orders', headers: placeHeaders, body },
      // A declined card within the wait: 422 PAYMENT_FAILED, the order already cancelled.
      declined ? [201, 202, 422] : [201, 202],
    );
    if (placed.status === 422) {
      decided.push({ at: Date.now(), status: 'cancelled' });
      return;
    }
    const orderId = placed.body.order_id as string | undefined;
    if (!orderId) return;
    let status = placed.body.status as string | undefined;
    const followUntil = Date.now() + 60_000;
    while (status === 'pending' && Date.now() < followUntil) {
      await sleep(100);
      const path = `/api/v1/orders/${orderId}`;
      status = (await call('order', 'GET /orders/{id}', { method: 'GET', path, headers }, [200])).body.status as string;
    }
    if (status === 'pending') unexpected.push(`order ${orderId} still pending after 60 s`);
    else decided.push({ at: Date.now(), status: status ?? 'unknown' });
    await call('order', 'GET /orders', { method: 'GET', path: '/api/v1/orders?limit=10', headers }, [200]);

    if (status === 'confirmed' && Math.random() < settings.cancelShare) {
      const cancel = JSON.stringify({ reason: 'soak: the customer changed their mind' });
      const path = `/api/v1/orders/${orderId}/cancel`;
      await call(
        'order',
        'POST /orders/{id}/cancel',
        { method: 'POST', path, headers: json(pick(settings.support)), body: cancel },
        [200],
      );
    }
  }

  async function signUp(): Promise<void> {
    const email = `soak-${randomUUID().slice(0, 12)}@example.com`;
    const password = `soak-${randomUUID()}`;
    const registration = JSON.stringify({ email, password, first_name: 'Soak' });
    const headers = { 'content-type': 'application/json' };
    await call(
      'user',
      'POST /auth/register',
      { method: 'POST', path: '/api/v1/auth/register', headers, body: registration },
      [201],
      true,
    );
    const credentials = JSON.stringify({ email, password });
    await call(
      'user',
      'POST /auth/login',
      { method: 'POST', path: '/api/v1/auth/login', headers, body: credentials },
      [200],
      true,
    );
  }

  const track = (run: () => Promise<void>) => {
    const p = run().catch((err: unknown) => {
      unexpected.push(`journey failed: ${String(err)}`);
    });
    journeys.add(p);
    void p.finally(() => journeys.delete(p));
  };

  const started = Date.now();
  const schedule = (async () => {
    for (let n = 0; !stopped; n++) {
      // Journey n starts at n / rate seconds into the run, however long the earlier ones take.
      const due = started + (n * 1000) / settings.ordersPerSecond;
      if (due > Date.now()) await sleep(due - Date.now());
      if (stopped) break;
      track(journey);
    }
  })();
  const signUps = setInterval(() => track(signUp), settings.signUpEverySeconds * 1000);
  track(signUp);

  return {
    samples,
    decided,
    unexpected,
    throttled: () => throttled,
    inFlight: () => journeys.size,
    async stop() {
      stopped = true;
      clearInterval(signUps);
      await schedule;
      while (journeys.size > 0) await Promise.all([...journeys]);
      await Promise.all(Object.values(pools).map((pool) => pool.close()));
    },
  };
}
