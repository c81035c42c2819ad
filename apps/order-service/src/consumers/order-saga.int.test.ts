import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InventoryEvents, PaymentEvents } from '@shop/contracts';
import { emittedEvents, publishEvent, type RunningTestService, type TestEnvironment } from '@shop/service-testing';
import { eventually, metricValue } from '@shop/testing';
import type { OrderConfig } from '../config.js';
import { orderService } from '../service.js';
import {
  address,
  card,
  customer,
  seedCatalogue,
  startOrderService,
  type CatalogueItem,
} from '../test-support/order-fixture.js';

describe("order saga (the order service's side, other services simulated by their events)", () => {
  let env: TestEnvironment;
  let orders: RunningTestService<OrderConfig>;
  let mug: CatalogueItem;
  const ada = customer();

  beforeAll(async () => {
    ({ env, orders } = await startOrderService());
    mug = (await seedCatalogue(orders, [{ name: 'Mug', price_cents: 1299 }]))[0]!;
  });
  afterAll(() => env.stop());

  const place = async (prefer = 'respond-async', who = ada) =>
    orders.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: { ...who.headers, prefer },
      payload: {
        items: [{ product_id: mug.product_id, quantity: 3 }],
        shipping_address: address,
        payment_method: card(),
      },
    });
  /** Places an order for a fresh customer while the request waits; returns the pending response and the order id. */
  async function placeAndFind(prefer: string) {
    const who = customer();
    const response = place(prefer, who);
    const orderId = await eventually(async () => {
      const { rows } = await orders.db.pool.query('SELECT order_id FROM orders WHERE user_id = $1', [who.userId]);
      if (!rows[0]) throw new Error('not placed yet');
      return rows[0].order_id as string;
    });
    return { response, orderId };
  }
  const statusOf = async (id: string) =>
    (
      await orders.db.pool.query('SELECT status, cancellation_reason, payment_status FROM orders WHERE order_id = $1', [
        id,
      ])
    ).rows[0];
  const authorized = (orderId: string) => ({
    order_id: orderId,
    payment_id: randomUUID(),
    amount_cents: 4819,
    currency: 'USD',
    transaction_id: `txn_${orderId.slice(0, 8)}`,
    method: 'Visa ending in 4242',
  });
  const whenPlaced = async (orderId: string) =>
    eventually(async () => expect(await emittedEvents(orders, orderId)).toHaveLength(1));

  it('confirms on PaymentAuthorized and answers a waiting POST with 201 confirmed', async () => {
    const { response: waiting, orderId } = await placeAndFind('wait=10');
    const started = Date.now();
    await publishEvent(orders, PaymentEvents.PaymentAuthorized, authorized(orderId));
    const response = await waiting;
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      order_id: orderId,
      status: 'confirmed',
      payment: { status: 'authorized', method: 'Visa ending in 4242' },
    });
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await emittedEvents(orders, orderId)).map((e) => e.type)).toEqual([
      'com.shop.order.placed.v2',
      'com.shop.order.confirmed.v1',
    ]);
  });

  it('answers 202 with Location when the saga has not ended within the wait', async () => {
    const started = Date.now();
    const response = await place('wait=1');
    expect(response.statusCode).toBe(202);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(response.headers.location).toMatch(/^\/api\/v1\/orders\//);
  });

  it('learns the outcome from another instance that consumed the deciding event', async () => {
    const replica = await env.start(orderService, {}, { replicaOf: orders });
    // Only the replica consumes now; the original instance holds the request.
    const [ownConsumer] = orders.built.consumers;
    await ownConsumer!.stop();
    try {
      const { response: waiting, orderId } = await placeAndFind('wait=15');
      await publishEvent(orders, PaymentEvents.PaymentAuthorized, authorized(orderId));
      const response = await waiting;
      expect(response.statusCode).toBe(201);
      expect(response.json().status).toBe('confirmed');
    } finally {
      await ownConsumer!.start();
      await replica.stop();
    }
  });

  it('cancels on PaymentFailed and answers a waiting POST with 422 PAYMENT_FAILED', async () => {
    const { response: waiting, orderId } = await placeAndFind('wait=10');
    await publishEvent(orders, PaymentEvents.PaymentFailed, {
      order_id: orderId,
      payment_id: randomUUID(),
      amount_cents: 4819,
      currency: 'USD',
      code: 'card_declined',
      message: 'Your card was declined',
    });
    const response = await waiting;
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({
      code: 'PAYMENT_FAILED',
      details: { order_id: orderId, code: 'card_declined' },
    });
    expect(await statusOf(orderId)).toEqual({
      status: 'cancelled',
      cancellation_reason: 'payment_failed',
      payment_status: 'failed',
    });
    expect((await emittedEvents(orders, orderId)).at(-1)).toMatchObject({
      type: 'com.shop.order.cancelled.v1',
      data: { reason: 'payment_failed', previous_status: 'pending' },
    });
  });

  it('cancels on InventoryReservationFailed: 422 INSUFFICIENT_INVENTORY, product, requested, available', async () => {
    const { response: waiting, orderId } = await placeAndFind('wait=10');
    await publishEvent(orders, InventoryEvents.InventoryReservationFailed, {
      order_id: orderId,
      reason: 'insufficient_inventory',
      product_id: mug.product_id,
      requested: 3,
      available: 1,
    });
    const response = await waiting;
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({
      code: 'INSUFFICIENT_INVENTORY',
      message: `Product '${mug.product_id}' has insufficient inventory`,
      details: { order_id: orderId, product_id: mug.product_id, requested: 3, available: 1 },
    });
  });

  it('cancels a pending order whose hold expired, and ignores a late authorization', async () => {
    const orderId = (await place()).json().order_id;
    await whenPlaced(orderId);
    await publishEvent(orders, InventoryEvents.ReservationExpired, {
      order_id: orderId,
      expired_at: new Date().toISOString(),
    });
    await eventually(async () =>
      expect(await statusOf(orderId)).toMatchObject({
        status: 'cancelled',
        cancellation_reason: 'reservation_expired',
      }),
    );
    await publishEvent(orders, PaymentEvents.PaymentAuthorized, authorized(orderId));
    await eventually(async () =>
      expect(await statusOf(orderId)).toEqual({
        status: 'cancelled',
        cancellation_reason: 'reservation_expired',
        payment_status: 'authorized',
      }),
    );
    await publishEvent(orders, PaymentEvents.PaymentVoided, {
      order_id: orderId,
      payment_id: randomUUID(),
      amount_cents: 4819,
      currency: 'USD',
    });
    await eventually(async () => expect((await statusOf(orderId)).payment_status).toBe('voided'));
    expect((await emittedEvents(orders, orderId)).map((e) => e.type)).toEqual([
      'com.shop.order.placed.v2',
      'com.shop.order.cancelled.v1',
    ]);
  });

  it('changes nothing when the same event is delivered twice', async () => {
    const orderId = (await place()).json().order_id;
    await whenPlaced(orderId);
    const event = await publishEvent(orders, PaymentEvents.PaymentAuthorized, authorized(orderId));
    await publishEvent(orders, PaymentEvents.PaymentAuthorized, authorized(orderId), { id: event.id });
    await publishEvent(orders, PaymentEvents.PaymentAuthorized, authorized(orderId));
    await eventually(async () => {
      const { rows } = await orders.db.pool.query(
        'SELECT count(*)::int AS n FROM processed_events WHERE event_id = $1',
        [event.id],
      );
      expect(rows[0].n).toBe(1);
      expect((await statusOf(orderId)).status).toBe('confirmed');
    });
    const timeline = await orders.db.pool.query(
      'SELECT status FROM order_timeline WHERE order_id = $1 ORDER BY entry_id',
      [orderId],
    );
    expect(timeline.rows.map((r) => r.status)).toEqual(['pending', 'confirmed']);
    expect((await emittedEvents(orders, orderId)).filter((e) => e.type === 'com.shop.order.confirmed.v1')).toHaveLength(
      1,
    );
  });

  it('replaces a product of the catalogue replica on a later ProductUpserted', async () => {
    const [pen] = await seedCatalogue(orders, [{ name: 'Pen', price_cents: 250 }]);
    const later = {
      product_id: pen!.product_id,
      sku: 'SKU-PEN-2',
      name: 'Fountain pen',
      category: null,
      price_cents: 4200,
      currency: 'EUR',
      status: 'inactive' as const,
    };
    await publishEvent(orders, InventoryEvents.ProductUpserted, later);
    await eventually(async () => {
      const { rows } = await orders.db.pool.query(
        `SELECT product_id, sku, name, category, price_cents, currency, status
           FROM catalogue_products WHERE product_id = $1`,
        [pen!.product_id],
      );
      expect(rows).toEqual([later]);
    });
  });

  it('dead-letters an event for an order it never had and keeps consuming', async () => {
    await publishEvent(orders, PaymentEvents.PaymentFailed, {
      order_id: randomUUID(),
      payment_id: randomUUID(),
      amount_cents: 1,
      currency: 'USD',
      code: 'card_declined',
      message: 'x',
    });
    const orderId = (await place()).json().order_id;
    await whenPlaced(orderId);
    await publishEvent(orders, PaymentEvents.PaymentAuthorized, authorized(orderId));
    await eventually(async () => expect((await statusOf(orderId)).status).toBe('confirmed'));
  });

  it("exposes the saga's figures and the operational gauges in its metrics registry", async () => {
    const text = await orders.infra.metrics.registry.metrics();
    expect(metricValue(text, 'orders_created_total')).toBeGreaterThanOrEqual(5);
    expect(metricValue(text, 'orders_confirmed_total')).toBeGreaterThanOrEqual(3);
    expect(metricValue(text, 'orders_cancelled_total', { reason: 'payment_failed' })).toBeGreaterThanOrEqual(1);
    expect(metricValue(text, 'saga_duration_seconds_count')).toBeGreaterThanOrEqual(4);
    expect(text).toMatch(/^outbox_backlog\{[^}]*\} \d+/m);
    expect(text).toMatch(/^db_pool_total\{[^}]*\} \d+/m);
    expect(text).toMatch(
      new RegExp(`^consumer_lag\\{[^}]*group="${env.namespace}\\.order-service\\.saga"[^}]*\\} \\d+`, 'm'),
    );
    expect(text).toMatch(/^http_requests_total\{[^}]*route="\/api\/v1\/orders"/m);
    // Every saga event this suite sent was handled and timed (batched or alone).
    const processed = [
      ...text.matchAll(
        new RegExp(
          `^events_processed_total\\{[^}]*group="${env.namespace}\\.order-service\\.saga"[^}]*\\} (\\d+)`,
          'gm',
        ),
      ),
    ];
    expect(processed.reduce((sum, m) => sum + Number(m[1]), 0)).toBeGreaterThanOrEqual(5);
    expect(text).toMatch(
      new RegExp(
        `^event_processing_delay_seconds_count\\{[^}]*group="${env.namespace}\\.order-service\\.saga"[^}]*\\} [1-9]`,
        'm',
      ),
    );
  });
});
