import { randomUUID } from 'node:crypto';
import { services, type ServiceName } from '@shop/contracts';
import { developmentApiKey } from '@shop/card-provider-simulator';

export type Query = <Row = Record<string, unknown>>(
  service: ServiceName,
  text: string,
  ...values: unknown[]
) => Promise<Row[]>;

/** The ids of the clean world's rows, for the tests that break one of them. */
export interface CleanWorld {
  readonly productId: string;
  /** Orders by their place in the story: placed just now, placed a while ago, confirmed, ... */
  readonly orders: Record<'fresh' | 'waiting' | 'confirmed' | 'delivered' | 'cancelled' | 'returned', string>;
  readonly payments: Record<'fresh' | 'waiting' | 'confirmed' | 'delivered' | 'cancelled' | 'returned', string>;
  /** The provider's transaction per payment that reached it. */
  readonly transactions: Record<'confirmed' | 'delivered' | 'cancelled' | 'returned', string>;
  /** What the checker should count: orders per status, and the stock counters. */
  readonly expected: {
    readonly ordersByStatus: Record<string, number>;
    readonly reserved: number;
    readonly committed: number;
    readonly ledgerHolding: number;
  };
}

export async function authorizeAtProvider(providerUrl: string, key: string, amountCents: number): Promise<string> {
  const response = await fetch(`${providerUrl}/v1/authorizations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${developmentApiKey}` },
    body: JSON.stringify({ amount_cents: amountCents, currency: 'USD', token: 'tok_visa_4242', idempotency_key: key }),
  });
  if (response.status !== 201) throw new Error(`authorize: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { transaction_id: string }).transaction_id;
}

export type ProviderOperation = 'void' | 'capture' | 'refund';

export async function operateAtProvider(providerUrl: string, txn: string, operation: ProviderOperation, key: string) {
  const response = await fetch(`${providerUrl}/v1/authorizations/${txn}/${operation}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${developmentApiKey}` },
    body: JSON.stringify({ idempotency_key: key }),
  });
  if (response.status !== 200) throw new Error(`${operation}: ${response.status} ${await response.text()}`);
}

function firstRow<Row>(rows: readonly Row[]): Row {
  const [row] = rows;
  if (row === undefined) throw new Error('the statement returned no row');
  return row;
}

const ago = (n: number) => `now() - make_interval(secs => ${Math.max(n, 0)})`;

/**
 * A platform where every invariant holds, with something in each state the checker reads: a
 * product with holds and sales; orders pending (one just placed, one close to the saga timeout),
 * confirmed, delivered, cancelled and returned, each with its payment and its provider
 * authorization as the saga leaves them; published and fresh outbox rows in every service.
 */
export async function seedCleanWorld(query: Query, providerUrl: string, sagaTimeoutSeconds: number) {
  const price = 1250;
  const story = {
    fresh: { order: 'pending', age: 1, line: 'held', qty: 2, payment: 'pending' },
    waiting: { order: 'pending', age: sagaTimeoutSeconds - 60, line: 'held', qty: 1, payment: 'authorizing' },
    confirmed: { order: 'confirmed', age: 3600, line: 'committed', qty: 1, payment: 'authorized' },
    delivered: { order: 'delivered', age: 7200, line: 'committed', qty: 1, payment: 'captured' },
    cancelled: { order: 'cancelled', age: 3600, line: 'released', qty: 3, payment: 'voided' },
    returned: { order: 'cancelled', age: 7200, line: 'released', qty: 1, payment: 'refunded' },
  } as const;
  const lines = Object.values(story);
  const held = lines.filter((s) => s.line === 'held').reduce((sum, s) => sum + s.qty, 0);
  const product = firstRow(
    await query<{ product_id: string }>(
      'inventory-service',
      `INSERT INTO products (sku, name, price_cents, stock_on_hand, reserved) VALUES ($1, 'Lamp', $2, $3, $4)
     RETURNING product_id`,
      `INV-${randomUUID().slice(0, 8)}`,
      price,
      held + 5,
      held,
    ),
  );

  const productId = product.product_id;
  const orders = {} as Record<keyof typeof story, string>;
  const payments = {} as Record<keyof typeof story, string>;
  for (const [name, s] of Object.entries(story) as [keyof typeof story, (typeof story)[keyof typeof story]][]) {
    const total = price * s.qty;
    const order = firstRow(
      await query<{ order_id: string; user_id: string }>(
        'order-service',
        `INSERT INTO orders (user_id, status, subtotal_cents, tax_cents, shipping_cents, total_cents, payment_method,
                           shipping_address, created_at, cancelled_at)
       VALUES (gen_random_uuid(), $1, $2, 0, 0, $2, '{}', '{}', ${ago(s.age)},
               CASE WHEN $1::varchar = 'cancelled' THEN ${ago(s.age - 60)} END)
       RETURNING order_id, user_id`,
        s.order,
        total,
      ),
    );

    orders[name] = order.order_id;
    await query(
      'order-service',
      `INSERT INTO order_items (order_id, product_id, product_name, quantity, unit_price_cents, total_cents)
       VALUES ($1, $2, 'Lamp', $3, $4, $5)`,
      order.order_id,
      productId,
      s.qty,
      price,
      total,
    );
    await query(
      'inventory-service',
      `INSERT INTO reservations (order_id, product_id, quantity, status, expires_at)
       VALUES ($1, $2, $3, $4, now() + interval '15 minutes')`,
      order.order_id,
      productId,
      s.qty,
      s.line,
    );
    const payment = firstRow(
      await query<{ payment_id: string }>(
        'payment-service',
        `INSERT INTO payments (order_id, user_id, amount_cents, status, payment_method, provider_token, updated_at,
                             captured_at)
       VALUES ($1, $2, $3, $4, 'card', 'tok_visa_4242', ${ago(s.age - 60)},
               CASE WHEN $4::varchar IN ('captured', 'refunded') THEN ${ago(s.age - 120)} END)
       RETURNING payment_id`,
        order.order_id,
        order.user_id,
        total,
        s.payment,
      ),
    );

    payments[name] = payment.payment_id;
  }
  const transactions = {} as CleanWorld['transactions'];
  const operations: Record<keyof CleanWorld['transactions'], readonly ProviderOperation[]> = {
    confirmed: [],
    delivered: ['capture'],
    cancelled: ['void'],
    returned: ['capture', 'refund'],
  };
  for (const [name, ops] of Object.entries(operations) as [keyof typeof operations, readonly ProviderOperation[]][]) {
    const txn = await authorizeAtProvider(providerUrl, payments[name], price * story[name].qty);
    for (const op of ops) await operateAtProvider(providerUrl, txn, op, `${payments[name]}:${op}`);
    await query(
      'payment-service',
      'UPDATE payments SET transaction_id = $2 WHERE payment_id = $1',
      payments[name],
      txn,
    );
    transactions[name] = txn;
  }
  for (const s of services) {
    for (const published of [true, false]) {
      await query(
        s.name,
        `INSERT INTO outbox (event_id, topic, message_key, event_type, headers, payload, created_at, published_at)
         VALUES (gen_random_uuid(), 'test.events', 'k', 'test.event', '{}', '{}', ${ago(published ? 600 : 1)},
                 CASE WHEN $1::boolean THEN now() END)`,
        published,
      );
    }
  }
  return {
    productId,
    orders,
    payments,
    transactions,
    expected: {
      ordersByStatus: lines.reduce<Record<string, number>>((n, s) => ({ ...n, [s.order]: (n[s.order] ?? 0) + 1 }), {}),
      reserved: held,
      committed: lines.filter((s) => s.line === 'committed').reduce((sum, s) => sum + s.qty, 0),
      ledgerHolding: Object.values(operations).filter((ops) => !ops.some((op) => op === 'void' || op === 'refund'))
        .length,
    },
  } satisfies CleanWorld;
}
