import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InventoryEvents, PaymentEvents, type EventDefinition } from '@shop/contracts';
import {
  applyRun,
  createCloudEvent,
  transactionalApplyOf,
  type RunItem,
  type TransactionalApply,
} from '@shop/messaging';
import { countingStatements } from '@shop/messaging/testing';
import { emittedEvents, type RunningTestService, type TestEnvironment } from '@shop/service-testing';
import { createLogger, createMetrics } from '@shop/telemetry';
import type { OrderConfig } from '../config.js';
import {
  address,
  card,
  customer,
  seedCatalogue,
  startOrderService,
  type CatalogueItem,
} from '../test-support/order-fixture.js';
import { orderDatabase } from '../persistence/database.js';
import { sagaSubscriptions } from './saga.subscriptions.js';

describe("a saga run's handlers decide on the orders locked for the run", () => {
  let env: TestEnvironment;
  let orders: RunningTestService<OrderConfig>;
  let mug: CatalogueItem;

  beforeAll(async () => {
    ({ env, orders } = await startOrderService());
    mug = (await seedCatalogue(orders, [{ name: 'Mug', price_cents: 1299 }]))[0]!;
  });
  afterAll(() => env.stop());

  const place = async () => {
    const response = await orders.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: { ...customer().headers, prefer: 'respond-async' },
      payload: {
        items: [{ product_id: mug.product_id, quantity: 1 }],
        shipping_address: address,
        payment_method: card(),
      },
    });
    return response.json().order_id as string;
  };
  const statusOf = async (id: string) =>
    (await orders.db.pool.query('SELECT status FROM orders WHERE order_id = $1', [id])).rows[0].status as string;

  it('locks the run in one statement, writes one per transition, and sees its own earlier transitions', async () => {
    const [first, second, third] = [await place(), await place(), await place()];
    const config = orders.config;
    const subscriptions = sagaSubscriptions({
      persistence: orderDatabase(orders.infra.pool, config.DATABASE_SCHEMA),
      transitions: { outbox: orders.infra.outbox, policy: { cancellationWindowMs: 60_000 } },
      logger: createLogger('run-state-test', 'silent'),
      refusals: createMetrics('order-service').sagaEventsRefused,
    });
    const count = { statements: 0 };
    const item = (definition: EventDefinition, data: { order_id: string }): RunItem => {
      const batch = transactionalApplyOf(
        subscriptions.find((s) => s.definition.type === definition.type)!.handle,
      )! as TransactionalApply;
      return {
        batch: {
          ...batch,
          runInTransaction: (work) => batch.runInTransaction((tx) => work(countingStatements(tx, count))),
        },
        event: createCloudEvent('payment-service', { type: definition.type, subject: data.order_id, data }),
      };
    };
    const authorized = (orderId: string) => ({
      order_id: orderId,
      payment_id: randomUUID(),
      amount_cents: 1299,
      currency: 'USD',
      transaction_id: `txn_${orderId.slice(0, 8)}`,
      method: 'Visa ending in 4242',
    });
    const expired = (orderId: string) => ({ order_id: orderId, expired_at: new Date().toISOString() });

    await applyRun([
      item(PaymentEvents.PaymentAuthorized, authorized(first)),
      item(PaymentEvents.PaymentAuthorized, authorized(second)),
      item(InventoryEvents.ReservationExpired, expired(third)),
      // Arrives after the order was confirmed in this same run: a confirmed order does not expire.
      item(InventoryEvents.ReservationExpired, expired(first)),
    ]);

    // The inbox claim, the run's lock, then one write per transition (first, second, third).
    expect(count.statements).toBe(2 + 3);
    expect([await statusOf(first), await statusOf(second), await statusOf(third)]).toEqual([
      'confirmed',
      'confirmed',
      'cancelled',
    ]);
    expect((await emittedEvents(orders, first)).map((e) => e.type)).toEqual([
      'com.shop.order.placed.v2',
      'com.shop.order.confirmed.v1',
    ]);
    expect((await emittedEvents(orders, third)).map((e) => e.type)).toEqual([
      'com.shop.order.placed.v2',
      'com.shop.order.cancelled.v1',
    ]);
  });
});
