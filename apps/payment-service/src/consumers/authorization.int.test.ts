import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InventoryEvents, namespacedTopic, OrderEvents, Topics } from '@shop/contracts';
import { readMessages } from '@shop/messaging/testing';
import { createTestEnvironment, type TestEnvironment } from '@shop/service-testing';
import { eventually } from '@shop/testing';
import { startProviderSimulator, type RunningSimulator } from '@shop/card-provider-simulator';
import { paymentService } from '../service.js';
import {
  attemptsOf,
  consumed,
  eventsOf,
  fastWorkerEnv,
  inventoryReserved,
  ledgerOf,
  orderPlaced,
  paymentOf,
  placeReservedOrder,
  publish,
  typesOf,
  type PaymentTestService,
} from '../test-support/saga-fixtures.js';

describe('payment saga: authorization', () => {
  let env: TestEnvironment;
  let simulator: RunningSimulator;
  let service: PaymentTestService;

  beforeAll(async () => {
    simulator = await startProviderSimulator();
    env = await createTestEnvironment();
    service = await env.start(paymentService, {
      ...fastWorkerEnv,
      PROVIDER_URL: simulator.url,
      PROVIDER_TIMEOUT_MS: '2000',
      // This file is about outcomes, not the breaker (circuit-breaker.int.test.ts is).
      PROVIDER_BREAKER_VOLUME_THRESHOLD: '1000',
    });
  });
  afterAll(async () => {
    await env?.stop();
    await simulator?.close();
  });

  it('records the intent on OrderPlaced and charges nothing until the stock is reserved', async () => {
    const orderId = randomUUID();
    await publish(service, OrderEvents.OrderPlaced, orderPlaced(orderId, 'tok_visa_4242', 12_345));
    const payment = await eventually(async () => {
      const row = await paymentOf(service, orderId);
      expect(row).toMatchObject({ status: 'pending', amount_cents: 12_345, attempt_count: 0 });
      return row!;
    });
    expect((await ledgerOf(simulator.url, payment.payment_id)).requests).toBe(0);
  });

  it('approve: authorizes once and publishes PaymentAuthorized with the card described', async () => {
    const orderId = await placeReservedOrder(service, 'tok_visa_4242');
    const payment = await eventually(async () => {
      const row = await paymentOf(service, orderId);
      expect(row?.status).toBe('authorized');
      return row!;
    });
    const described = { transaction_id: expect.stringMatching(/^txn_/), method_description: 'Visa ending in 4242' };
    expect(payment).toMatchObject(described);
    const events = await eventsOf(service, orderId);
    expect(typesOf(events)).toEqual(['authorized']);
    expect(events[0]!.payload).toEqual({
      order_id: orderId,
      payment_id: payment.payment_id,
      amount_cents: 3405,
      currency: 'USD',
      transaction_id: payment.transaction_id,
      method: 'Visa ending in 4242',
    });
    const succeeded = { operation: 'authorize', outcome: 'succeeded', error_code: null };
    expect(await attemptsOf(service, payment.payment_id)).toEqual([succeeded]);
    expect((await ledgerOf(simulator.url, payment.payment_id)).authorizations).toHaveLength(1);

    // ...and the relay put it on the payments topic, keyed by the order.
    const topic = namespacedTopic(Topics.payments, env.namespace);
    const published = await eventually(async () => {
      const { rows } = await service.infra.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM outbox WHERE published_at IS NOT NULL`,
      );
      expect(rows[0]!.n).toBeGreaterThan(0);
      return rows[0]!.n;
    });
    const messages = await readMessages(service.infra.kafka, topic, published);
    const mine = messages.filter((m) => m.key?.toString() === orderId);
    expect(mine.map((m) => m.headers?.ce_type?.toString())).toEqual(['com.shop.payment.authorized.v1']);
  });

  it('decline: fails the payment and publishes PaymentFailed card_declined', async () => {
    const orderId = await placeReservedOrder(service, 'tok_chargeDeclined');
    const payment = await eventually(async () => {
      const row = await paymentOf(service, orderId);
      expect(row?.status).toBe('failed');
      return row!;
    });
    const events = await eventsOf(service, orderId);
    expect(typesOf(events)).toEqual(['failed']);
    const declined = { payment_id: payment.payment_id, code: 'card_declined', message: 'Your card was declined.' };
    expect(events[0]!.payload).toMatchObject(declined);
    const attempt = { operation: 'authorize', outcome: 'declined', error_code: 'card_declined' };
    expect(await attemptsOf(service, payment.payment_id)).toEqual([attempt]);
  });

  it('processing error: retries with backoff, records every attempt, then authorizes', async () => {
    const orderId = await placeReservedOrder(service, 'tok_processing_error');
    const payment = await eventually(async () => {
      const row = await paymentOf(service, orderId);
      expect(row?.status).toBe('authorized');
      return row!;
    });
    expect(await attemptsOf(service, payment.payment_id)).toEqual([
      { operation: 'authorize', outcome: 'error', error_code: 'processing_error' },
      { operation: 'authorize', outcome: 'error', error_code: 'processing_error' },
      { operation: 'authorize', outcome: 'succeeded', error_code: null },
    ]);
    expect(payment.attempt_count).toBe(3);
    expect(typesOf(await eventsOf(service, orderId))).toEqual(['authorized']);
    expect((await ledgerOf(simulator.url, payment.payment_id)).authorizations).toHaveLength(1);
  });

  it('the same events delivered twice (and OrderPlaced re-sent under a new id): one payment, one charge', async () => {
    const orderId = randomUUID();
    const placed = await publish(service, OrderEvents.OrderPlaced, orderPlaced(orderId, 'tok_visa_4242'));
    await publish(service, OrderEvents.OrderPlaced, placed.data, placed);
    const placedAgain = await publish(service, OrderEvents.OrderPlaced, placed.data);
    const reserved = await publish(service, InventoryEvents.InventoryReserved, inventoryReserved(orderId));
    await publish(service, InventoryEvents.InventoryReserved, reserved.data, reserved);
    const reservedAgain = await publish(service, InventoryEvents.InventoryReserved, inventoryReserved(orderId));

    const payment = await eventually(async () => {
      const row = await paymentOf(service, orderId);
      expect(row?.status).toBe('authorized');
      return row!;
    });
    // Every copy has been consumed (the redelivered copies follow the originals on their partitions).
    await Promise.all([placed, reserved, placedAgain, reservedAgain].map((event) => consumed(service, event)));
    await new Promise((r) => setTimeout(r, 300));
    const { rows } = await service.infra.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM payments WHERE order_id = $1`,
      [orderId],
    );
    expect(rows[0]!.n).toBe(1);
    const books = await ledgerOf(simulator.url, payment.payment_id);
    expect(books.authorizations).toHaveLength(1);
    expect(books.requests).toBe(1);
    expect(typesOf(await eventsOf(service, orderId))).toEqual(['authorized']);
  });

  it('OrderPlaced and InventoryReserved handled at the same moment (two topics): no payment left pending', async () => {
    const orders = Array.from({ length: 24 }, () => randomUUID());
    await Promise.all(
      orders.flatMap((orderId) => [
        publish(service, OrderEvents.OrderPlaced, orderPlaced(orderId, 'tok_visa_4242')),
        publish(service, InventoryEvents.InventoryReserved, inventoryReserved(orderId)),
      ]),
    );
    await eventually(async () => {
      const { rows } = await service.infra.pool.query<{ status: string }>(
        `SELECT status FROM payments WHERE order_id = ANY($1::uuid[])`,
        [orders],
      );
      expect(rows.map((r) => r.status)).toEqual(orders.map(() => 'authorized'));
    }, 30_000);
  });

  it('InventoryReserved before OrderPlaced: the reservation is kept, authorizing starts with the intent', async () => {
    const orderId = randomUUID();
    await publish(service, InventoryEvents.InventoryReserved, inventoryReserved(orderId));
    await eventually(async () => {
      const { rows } = await service.infra.pool.query(
        `SELECT inventory_reserved_at FROM order_signals WHERE order_id = $1`,
        [orderId],
      );
      expect(rows).toHaveLength(1);
    });
    expect(await paymentOf(service, orderId)).toBeUndefined();

    await publish(service, OrderEvents.OrderPlaced, orderPlaced(orderId, 'tok_visa_4242'));
    await eventually(async () => expect((await paymentOf(service, orderId))?.status).toBe('authorized'));
    const { rows } = await service.infra.pool.query(`SELECT 1 FROM order_signals WHERE order_id = $1`, [orderId]);
    expect(rows).toEqual([]);
  });
});
