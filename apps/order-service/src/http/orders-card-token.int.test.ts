import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrderEvents, openCardToken, parseCardTokenPrivateKeys, SealedCardToken } from '@shop/contracts';
import { emittedEvents } from '@shop/service-testing';
import { cardTokenSealer } from '../adapters/card-token-sealer.js';
import { card, customer } from '../test-support/order-fixture.js';
import { startOrdersApi, type OrdersApi } from '../test-support/orders-api.js';

/** The payment service's development key, which the order service never holds: the test opens with it. */
const paymentKeys = () =>
  parseCardTokenPrivateKeys(
    readFileSync(resolve(import.meta.dirname, '../../../../.dev-keys/card-token-private.pem'), 'utf8'),
  );

describe('orders API: the card token', () => {
  let api: OrdersApi;
  const ada = customer();

  beforeAll(async () => {
    api = await startOrdersApi();
  });
  afterAll(() => api.env.stop());

  /** Every row of every table of the service's schema, as text: wherever the token could have been written. */
  async function everythingStored(): Promise<string> {
    const { pool } = api.orders.db;
    const { rows: tables } = await pool.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()`,
    );
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['orders', 'outbox', 'idempotency_keys']));
    const dumps = await Promise.all(
      tables.map(async ({ name }) => {
        const { rows } = await pool.query<{ row: string }>(`SELECT to_jsonb(t)::text AS row FROM "${name}" t`);
        return rows.map((r) => r.row).join('\n');
      }),
    );
    return dumps.join('\n');
  }

  it('is sealed for the payment service before anything is stored, and never answered back', async () => {
    const token = `tok_visa_4242_${randomUUID()}`;
    const placed = await api.place(api.basket({ payment_method: card(token) }), ada, {
      'idempotency-key': randomUUID(),
    });
    expect(placed.statusCode).toBe(202);
    const orderId = placed.json().order_id as string;
    const read = await api.orders.app.inject({ method: 'GET', url: `/api/v1/orders/${orderId}`, headers: ada.headers });
    expect(read.statusCode).toBe(200);

    const [event] = (await emittedEvents(api.orders, orderId)).filter((e) => e.type === OrderEvents.OrderPlaced.type);
    const sealed = SealedCardToken.parse(
      (event?.data as { payment_method: { sealed_token: unknown } }).payment_method.sealed_token,
    );
    expect(openCardToken(sealed, paymentKeys(), orderId)).toEqual({ ok: true, token });

    const stored = await everythingStored();
    expect(stored).toContain(orderId);
    expect(stored).not.toContain(token);
    expect(placed.body).not.toContain(token);
    expect(read.body).not.toContain(token);
  });

  it('is bound to its order: the payment service refuses it under another order id', async () => {
    const orderId = randomUUID();
    const sealed = cardTokenSealer({}).seal('tok_visa_4242', orderId);
    expect(openCardToken(sealed, paymentKeys(), orderId)).toMatchObject({ ok: true });
    expect(openCardToken(sealed, paymentKeys(), randomUUID())).toEqual({ ok: false, reason: 'unreadable' });
  });

  it('refuses to start without a readable public key, naming the variable', () => {
    expect(() => cardTokenSealer({ CARD_TOKEN_PUBLIC_KEY_FILE: '/nonexistent/card-token-public.pem' })).toThrow(
      /CARD_TOKEN_PUBLIC_KEY/,
    );
    expect(() => cardTokenSealer({ CARD_TOKEN_PUBLIC_KEY: 'not a key' })).toThrow(/CARD_TOKEN_PUBLIC_KEY/);
  });
});
