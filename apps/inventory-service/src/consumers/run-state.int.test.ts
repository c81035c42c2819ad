import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InventoryEvents, OrderEvents, type EventDefinition } from '@shop/contracts';
import {
  applyRun,
  createCloudEvent,
  silentLogger,
  transactionalApplyOf,
  type RunItem,
  type TransactionalApply,
} from '@shop/messaging';
import { countingStatements } from '@shop/messaging/testing';
import { transactions } from '@shop/persistence';
import { createTestEnvironment, type TestEnvironment } from '@shop/service-testing';
import { inventoryService } from '../service.js';
import {
  addProduct,
  emitted,
  holdsOf,
  orderCancelled,
  orderConfirmed,
  orderPlaced,
  stockOf,
  type InventoryUnderTest,
} from '../test-support/inventory-harness.js';
import { ordersSubscriptions } from './orders.subscriptions.js';
import { createMetrics } from '@shop/telemetry';

describe("a run's handlers decide on the rows lockRunFirst locked, handed to them as the run's state", () => {
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

  it('reserves, confirms and releases orders of one run in one statement each, and the stock adds up', async () => {
    const a = await addProduct(service, { initial_stock: 10 });
    const b = await addProduct(service, { initial_stock: 10 });
    const count = { statements: 0 };
    const subscriptions = ordersSubscriptions(transactions(service.infra.pool), reservationDeps());
    const batchOf = (definition: EventDefinition): TransactionalApply => {
      const batch = transactionalApplyOf(subscriptions.find((s) => s.definition.type === definition.type)!.handle)!;
      return {
        ...batch,
        runInTransaction: (work) => batch.runInTransaction((tx) => work(countingStatements(tx, count))),
      };
    };
    const item = (definition: EventDefinition, data: { order_id: string }): RunItem => ({
      batch: batchOf(definition),
      event: createCloudEvent('order-service', { type: definition.type, subject: data.order_id, data }),
    });
    const orders: string[] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const run = [
      ...orders.map((orderId) =>
        item(
          OrderEvents.OrderPlaced,
          orderPlaced(orderId, [
            [a.product_id, 1],
            [b.product_id, 2],
          ]),
        ),
      ),
      item(OrderEvents.OrderConfirmed, orderConfirmed(orders[0]!)),
      item(OrderEvents.OrderConfirmed, orderConfirmed(orders[1]!)),
      item(OrderEvents.OrderCancelled, orderCancelled(orders[2]!, 'customer_request')),
      item(OrderEvents.OrderConfirmed, orderConfirmed(orders[3]!)),
      item(OrderEvents.OrderCancelled, orderCancelled(orders[3]!, 'customer_request', 'confirmed')),
    ];

    await applyRun(run);

    // The inbox claim, the two locking reads of lockRunFirst, then one write per decision (4 + 3 + 1 + 1).
    expect(count.statements).toBe(3 + run.length);
    // Orders 0 and 1 sold; order 2 released while held; order 3 sold, then restocked.
    expect(await stockOf(service.db.pool, a.product_id)).toEqual({ on_hand: 8, reserved: 0 });
    expect(await stockOf(service.db.pool, b.product_id)).toEqual({ on_hand: 6, reserved: 0 });
    expect((await holdsOf(service.db.pool, orders[0]!)).map((h) => h.status)).toEqual(['committed', 'committed']);
    expect((await holdsOf(service.db.pool, orders[2]!)).map((h) => h.status)).toEqual(['released', 'released']);
    expect((await holdsOf(service.db.pool, orders[3]!)).map((h) => h.status)).toEqual(['released', 'released']);
    const events = (await emitted(service.db.pool)).filter((e) => orders.includes(e.key));
    expect(events.filter((e) => e.type === InventoryEvents.InventoryReserved.type)).toHaveLength(4);
    expect(events.filter((e) => e.type === InventoryEvents.ReservationReleased.type)).toHaveLength(2);
  });

  it("decides on what the run itself already moved: the last unit goes to the run's first order only", async () => {
    const scarce = await addProduct(service, { initial_stock: 1 });
    const subscriptions = ordersSubscriptions(transactions(service.infra.pool), reservationDeps());
    const batch = transactionalApplyOf(
      subscriptions.find((s) => s.definition.type === OrderEvents.OrderPlaced.type)!.handle,
    )!;
    const [first, second] = [randomUUID(), randomUUID()];
    const placed = (orderId: string): RunItem => ({
      batch,
      event: createCloudEvent('order-service', {
        type: OrderEvents.OrderPlaced.type,
        subject: orderId,
        data: orderPlaced(orderId, [[scarce.product_id, 1]]),
      }),
    });

    await applyRun([placed(first), placed(second)]);

    const events = (await emitted(service.db.pool)).filter((e) => e.key === first || e.key === second);
    expect(events.map((e) => [e.key, e.type])).toEqual([
      [first, InventoryEvents.InventoryReserved.type],
      [second, InventoryEvents.InventoryReservationFailed.type],
    ]);
    expect(await stockOf(service.db.pool, scarce.product_id)).toEqual({ on_hand: 1, reserved: 1 });
  });
});
