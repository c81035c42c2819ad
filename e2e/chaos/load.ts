import { shippingAddress } from '../support/api.js';
import type { Population } from './world/population.js';
import type { ChaosWorld } from './world/world.js';

/** One answer the load got: what was asked, when, and how it was answered. */
export interface Answer {
  readonly kind: 'place' | 'cancel';
  readonly at: number;
  readonly answeredAt: number;
  /** 0: no HTTP answer (the process was down: connection refused or reset, or the request timed out). */
  readonly status: number;
  readonly orderId?: string;
  readonly code?: string;
  readonly retryAfter?: string | null;
  readonly failure?: string;
}

export interface LoadDriver {
  readonly answers: readonly Answer[];
  /** Orders the service accepted (an order id) from `from` on. */
  acceptedSince(from: number): string[];
  /** Orders whose acceptance arrived per second over the last `ms`. */
  acceptedRate(ms: number): number;
  /** Ticks the driver skipped because too many requests were outstanding (the world could not keep up). */
  skipped(): number;
  stop(): Promise<void>;
}

// The simulator's test tokens (dev/card-provider-simulator): four brands that approve, one that declines.
const approving = ['tok_visa_4242', 'tok_mastercard_4444', 'tok_amex_0005', 'tok_discover_1117'];
const declining = 'tok_chargeDeclined';

async function send(
  url: string,
  headers: Record<string, string>,
  body: unknown,
): Promise<Omit<Answer, 'kind' | 'at' | 'answeredAt'> & { body?: Record<string, unknown> }> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', prefer: 'respond-async' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(20_000),
    });
    const text = await response.text();
    let parsed: Record<string, unknown> | undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = { unparsable: text.slice(0, 200) };
    }
    const error = parsed?.error as { code?: string } | undefined;
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      ...(error?.code ? { code: error.code } : {}),
      ...(parsed ? { body: parsed } : {}),
    };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { status: 0, failure: cause ?? (error as Error).name };
  }
}

/**
 * An open-loop stream of orders (`ratePerSecond`, each one to three items of the population's
 * products), `declineShare` of them with the declining card and `cancelShare` cancelled by their
 * customer shortly after they were accepted. Open loop: a slow world does not slow the stream.
 */
export function startLoad(
  world: ChaosWorld,
  population: Population,
  options: { ratePerSecond: number; declineShare: number; cancelShare: number; maxOutstanding?: number },
): LoadDriver {
  const answers: Answer[] = [];
  const outstanding = new Set<Promise<void>>();
  const maxOutstanding = options.maxOutstanding ?? 400;
  let skipped = 0;
  let tick = 0;
  const track = (work: Promise<void>) => {
    outstanding.add(work);
    void work.finally(() => outstanding.delete(work));
  };
  const cancelLater = (orderId: string, headers: Record<string, string>) => {
    track(
      (async () => {
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 1_500));
        const at = Date.now();
        const answer = await send(`${world.url('order-service')}/api/v1/orders/${orderId}/cancel`, headers, {});
        answers.push({ kind: 'cancel', at, answeredAt: Date.now(), orderId, ...withoutBody(answer) });
      })(),
    );
  };
  const placeOne = async () => {
    const n = tick++;
    const customer = population.customers[n % population.customers.length]!;
    const items = population.productIds
      .filter((_, i) => (n + i) % 3 === 0)
      .slice(0, 3)
      .map((productId, i) => ({ product_id: productId, quantity: 1 + ((n + i) % 2) }));
    const declined = Math.random() < options.declineShare;
    const at = Date.now();
    const answer = await send(`${world.url('order-service')}/api/v1/orders`, customer.headers, {
      items: items.length > 0 ? items : [{ product_id: population.productIds[0], quantity: 1 }],
      shipping_address: shippingAddress,
      payment_method: { type: 'card', token: declined ? declining : approving[n % approving.length] },
    });
    const orderId = typeof answer.body?.order_id === 'string' ? answer.body.order_id : undefined;
    answers.push({
      kind: 'place',
      at,
      answeredAt: Date.now(),
      ...withoutBody(answer),
      ...(orderId ? { orderId } : {}),
    });
    if (orderId && !declined && Math.random() < options.cancelShare) cancelLater(orderId, customer.headers);
  };
  const interval = 1_000 / options.ratePerSecond;
  const startedAt = Date.now();
  let sent = 0;
  // Catch up on missed ticks (a busy event loop) so the rate holds over time.
  const timer = setInterval(
    () => {
      const due = Math.floor((Date.now() - startedAt) / interval) - sent;
      for (let i = 0; i < due; i++) {
        sent++;
        if (outstanding.size >= maxOutstanding) skipped++;
        else track(placeOne());
      }
    },
    Math.max(10, Math.floor(interval / 2)),
  );

  return {
    answers,
    acceptedSince: (from) =>
      answers.filter((a) => a.kind === 'place' && a.at >= from && a.orderId).map((a) => a.orderId!),
    acceptedRate(ms) {
      const from = Date.now() - ms;
      return answers.filter((a) => a.kind === 'place' && a.answeredAt >= from && a.orderId).length / (ms / 1_000);
    },
    skipped: () => skipped,
    async stop() {
      clearInterval(timer);
      while (outstanding.size > 0) await Promise.allSettled([...outstanding]);
    },
  };
}

function withoutBody<T extends { body?: unknown }>(answer: T): Omit<T, 'body'> {
  const { body: _body, ...rest } = answer;
  return rest;
}
