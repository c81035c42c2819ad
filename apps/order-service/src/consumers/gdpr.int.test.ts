import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaymentEvents, UserEvents } from '@shop/contracts';
import { publishEvent, type RunningTestService, type TestEnvironment } from '@shop/service-testing';
import { eventually } from '@shop/testing';
import type { OrderConfig } from '../config.js';
import {
  address,
  card,
  customer,
  seedCatalogue,
  staff,
  startOrderService,
  type CatalogueItem,
} from '../test-support/order-fixture.js';
import { ERASED } from '../application/erase-user-orders.js';

describe('GDPR: the order service’s share of export and erasure', () => {
  let env: TestEnvironment;
  let orders: RunningTestService<OrderConfig>;
  let mug: CatalogueItem;

  beforeAll(async () => {
    ({ env, orders } = await startOrderService());
    [mug] = (await seedCatalogue(orders, [{ name: 'Mug', price_cents: 1299 }])) as [CatalogueItem];
  });
  afterAll(() => env.stop());

  /** A confirmed order (the card described by the payment), placed with an Idempotency-Key. */
  async function confirmedOrder(who: { userId: string; headers: Record<string, string> }, name: string) {
    const response = await orders.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: { ...who.headers, prefer: 'respond-async', 'idempotency-key': randomUUID() },
      payload: {
        items: [{ product_id: mug.product_id, quantity: 2 }],
        shipping_address: { ...address, name },
        payment_method: card(),
      },
    });
    expect(response.statusCode).toBe(202);
    const orderId: string = response.json().order_id;
    await publishEvent(orders, PaymentEvents.PaymentAuthorized, {
      order_id: orderId,
      payment_id: randomUUID(),
      amount_cents: 3427,
      currency: 'USD',
      transaction_id: `txn_${orderId.slice(0, 8)}`,
      method: 'Visa ending in 4242',
    });
    await eventually(async () =>
      expect((await exportOf(who.userId, who.headers)).json().orders[0]?.status).toBe('confirmed'),
    );
    return orderId;
  }
  const exportOf = (userId: string, headers: Record<string, string> = {}) =>
    orders.app.inject({ method: 'GET', url: `/internal/v1/users/${userId}/export`, headers });
  const rowOf = async (orderId: string) =>
    (await orders.db.pool.query('SELECT * FROM orders WHERE order_id = $1', [orderId])).rows[0];
  const idempotencyKeysOf = async (userId: string) =>
    Number(
      (await orders.db.pool.query('SELECT count(*)::int AS n FROM idempotency_keys WHERE caller_id = $1', [userId]))
        .rows[0].n,
    );

  it('exports the caller’s orders with items, address, payment and timeline; only to them or an admin', async () => {
    const ada = customer();
    const bob = customer();
    const orderId = await confirmedOrder(ada, 'Ada Lovelace');
    await confirmedOrder(bob, 'Bob Babbage');

    const response = await exportOf(ada.userId, ada.headers);
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.json()).toEqual({
      orders: [
        expect.objectContaining({
          order_id: orderId,
          user_id: ada.userId,
          status: 'confirmed',
          shipping_address: { ...address, name: 'Ada Lovelace' },
          items: [expect.objectContaining({ product_id: mug.product_id, quantity: 2 })],
          payment: expect.objectContaining({ method: 'Visa ending in 4242' }),
          timeline: [expect.objectContaining({ status: 'pending' }), expect.objectContaining({ status: 'confirmed' })],
        }),
      ],
    });
    expect(response.body).not.toContain('Bob Babbage');

    const refused = await exportOf(ada.userId, bob.headers);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('FORBIDDEN');
    expect((await exportOf(ada.userId)).statusCode).toBe(401);
    expect((await exportOf(ada.userId, staff('admin').headers)).json().orders).toHaveLength(1);
  });

  it('keeps the export route out of the public OpenAPI document', async () => {
    const doc = (await orders.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(Object.keys(doc.paths).some((p) => p.includes('/internal/'))).toBe(false);
  });

  it('on UserDeleted (sent twice) anonymises the user’s orders once, keeping the accounting record', async () => {
    const ada = customer();
    const bob = customer();
    const adaOrder = await confirmedOrder(ada, 'Ada Lovelace');
    const bobOrder = await confirmedOrder(bob, 'Bob Babbage');
    const before = await rowOf(adaOrder);
    const bobBefore = await rowOf(bobOrder);
    expect(await idempotencyKeysOf(ada.userId)).toBe(1);

    const deleted = await publishEvent(
      orders,
      UserEvents.UserDeleted,
      { user_id: ada.userId },
      { subject: ada.userId },
    );
    await publishEvent(
      orders,
      UserEvents.UserDeleted,
      { user_id: ada.userId },
      { subject: ada.userId, id: deleted.id },
    );

    await eventually(async () => expect((await rowOf(adaOrder)).shipping_address.name).toBe(ERASED));
    const after = await rowOf(adaOrder);
    expect(after.shipping_address).toEqual({
      name: ERASED,
      street: ERASED,
      city: ERASED,
      state: ERASED,
      zip: ERASED,
      country: 'GB',
    });
    expect(after.payment_method).toEqual({ type: 'card', transaction_id: before.payment_method.transaction_id });
    expect(after).toMatchObject({
      status: before.status,
      total_cents: before.total_cents,
      subtotal_cents: before.subtotal_cents,
      user_id: ada.userId,
      billing_address: null,
      notes: null,
    });
    expect(await idempotencyKeysOf(ada.userId)).toBe(0);
    const exported = (await exportOf(ada.userId, ada.headers)).json().orders[0];
    expect(exported.items).toEqual([expect.objectContaining({ product_id: mug.product_id, quantity: 2 })]);
    expect(JSON.stringify(exported)).not.toMatch(/Ada Lovelace|Analytical Row|N1 9GU|Visa/);

    await eventually(async () => {
      const { rows } = await orders.db.pool.query(
        `SELECT count(*)::int AS n FROM processed_events WHERE event_id = $1 AND consumer = 'order-service.gdpr'`,
        [deleted.id],
      );
      expect(rows[0].n).toBe(1);
    });
    expect(await rowOf(bobOrder)).toEqual(bobBefore);
    expect(await idempotencyKeysOf(bob.userId)).toBe(1);
  });
});
