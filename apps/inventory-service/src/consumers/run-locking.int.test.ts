import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InventoryEvents, OrderEvents } from '@shop/contracts';
import { applyRun, createCloudEvent, silentLogger, transactionalApplyOf, type RunItem } from '@shop/messaging';
import { transactions } from '@shop/persistence';
import { createTestEnvironment, type TestEnvironment } from '@shop/service-testing';
import { inventoryService } from '../service.js';
import {
  addProduct,
  emitted,
  orderPlaced,
  stockOf,
  type InventoryUnderTest,
} from '../test-support/inventory-harness.js';
import { ordersSubscriptions } from './orders.subscriptions.js';
import { createMetrics } from '@shop/telemetry';

describe('runs of orders events sharing a transaction', () => {
  let env: TestEnvironment;
  let service: InventoryUnderTest;

  beforeAll(async () => {
    env = await createTestEnvironment();
    service = await env.start(inventoryService);
  });
  afterAll(async () => {
    await env.stop();
  });
  const reservationDeps = () => ({
    outbox: service.infra.outbox,
    ttlSeconds: 900,
    clock: () => new Date(),
    logger: silentLogger,
    refusals: createMetrics('inventory-service').sagaEventsRefused,
  });

  it('many runs at once, orders taking two products in opposite orders: none deadlocks, none oversells', async () => {
    const a = await addProduct(service, { initial_stock: 25 });
    const b = await addProduct(service, { initial_stock: 25 });
    // The consumer's own batch form of the OrderPlaced handler, applied as the consumer applies a fetched run.
    const subscriptions = ordersSubscriptions(transactions(service.infra.pool), reservationDeps());
    const placed = subscriptions.find((s) => s.definition.type === OrderEvents.OrderPlaced.type)!;
    const batch = transactionalApplyOf(placed.handle)!;
    expect(batch.lockFirst).toBeDefined();

    const orderIds: string[] = [];
    const item = (productId: string): RunItem => {
      const orderId = randomUUID();
      orderIds.push(orderId);
      return {
        batch,
        event: createCloudEvent('order-service', {
          type: OrderEvents.OrderPlaced.type,
          subject: orderId,
          data: orderPlaced(orderId, [[productId, 1]]),
        }),
      };
    };
    // Run i holds a then b, run i+1 b then a: event by event, two such runs in flight would lock-wait
    // on each other in a cycle.
    const runs = Array.from({ length: 40 }, (_, i) =>
      i % 2 === 0 ? [item(a.product_id), item(b.product_id)] : [item(b.product_id), item(a.product_id)],
    );
    const results = await Promise.allSettled(runs.map((run) => applyRun(run)));

    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const answers = (await emitted(service.db.pool)).filter((e) => orderIds.includes(e.key));
    expect(answers.filter((e) => e.type === InventoryEvents.InventoryReserved.type)).toHaveLength(50);
    expect(answers.filter((e) => e.type === InventoryEvents.InventoryReservationFailed.type)).toHaveLength(30);
    expect(await stockOf(service.db.pool, a.product_id)).toEqual({ on_hand: 25, reserved: 25 });
    expect(await stockOf(service.db.pool, b.product_id)).toEqual({ on_hand: 25, reserved: 25 });
  });
});
