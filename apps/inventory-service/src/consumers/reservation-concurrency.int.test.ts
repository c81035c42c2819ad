import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEvents, InventoryEvents, namespacedTopic, OrderEvents, Topics } from '@shop/contracts';
import { createCloudEvent, exactlyOnce, silentLogger } from '@shop/messaging';
import { readMessages } from '@shop/messaging/testing';
import { transactions } from '@shop/persistence';
import { createTestEnvironment, type TestEnvironment } from '@shop/service-testing';
import { eventually } from '@shop/testing';
import { inventoryService } from '../service.js';
import {
  addProduct,
  emitted,
  eventPublisher,
  orderPlaced,
  stockOf,
  type InventoryUnderTest,
} from '../test-support/inventory-harness.js';
import { orderPlacedConsumer } from './order-placed.consumer.js';
import { createMetrics } from '@shop/telemetry';

describe('reservation under concurrency', () => {
  let env: TestEnvironment;
  let service: InventoryUnderTest;

  beforeAll(async () => {
    env = await createTestEnvironment();
    service = await env.start(inventoryService);
  });
  afterAll(async () => {
    await env.stop();
  });

  /** Samples the invariant while the storm runs: stock never negative, never more reserved than on hand. */
  const watchInvariant = (productIds: string[]) => {
    const violations: unknown[] = [];
    let samples = 0;
    let running = true;
    const loop = (async () => {
      while (running) {
        const { rows } = await service.db.pool.query(
          `SELECT product_id, stock_on_hand, reserved FROM products WHERE product_id = ANY($1::uuid[])
             AND (stock_on_hand < 0 OR reserved < 0 OR reserved > stock_on_hand)`,
          [productIds],
        );
        violations.push(...rows);
        samples += 1;
      }
    })();
    return async () => {
      running = false;
      await loop;
      return { violations, samples };
    };
  };

  it('100 concurrent OrderPlaced for 30 units: exactly 30 held, 70 refused, never oversold', async () => {
    const product = await addProduct(service, { initial_stock: 30 });
    const stopWatching = watchInvariant([product.product_id]);
    const publish = eventPublisher(service, env);
    const orderIds: string[] = Array.from({ length: 100 }, () => randomUUID());
    await Promise.all(
      orderIds.map((orderId) => publish(OrderEvents.OrderPlaced, orderPlaced(orderId, [[product.product_id, 1]]))),
    );

    await eventually(
      async () => expect((await emitted(service.db.pool)).filter((e) => orderIds.includes(e.key))).toHaveLength(100),
      30_000,
    );
    const { violations, samples } = await stopWatching();
    expect(violations).toEqual([]);
    expect(samples).toBeGreaterThan(0);

    const answers = (await emitted(service.db.pool)).filter((e) => orderIds.includes(e.key));
    const reserved = answers.filter((e) => e.type === InventoryEvents.InventoryReserved.type);
    const failed = answers.filter((e) => e.type === InventoryEvents.InventoryReservationFailed.type);
    expect(reserved).toHaveLength(30);
    expect(failed).toHaveLength(70);
    expect(new Set(answers.map((e) => e.key)).size).toBe(100);
    expect(
      failed.every(
        (e) => e.data.reason === 'insufficient_inventory' && e.data.requested === 1 && e.data.available === 0,
      ),
    ).toBe(true);
    expect(await stockOf(service.db.pool, product.product_id)).toEqual({ on_hand: 30, reserved: 30 });
    const { rows } = await service.db.pool.query(
      `SELECT count(*)::int AS n, sum(quantity)::int AS units FROM reservations WHERE status = 'held'`,
    );
    expect(rows[0]).toEqual({ n: 30, units: 30 });

    // And what the outbox says is what other services read on inventory.events.
    const total = (await emitted(service.db.pool)).filter((e) => e.type !== AuditEvents.AuditRecorded.type).length;
    const messages = await readMessages(service.infra.kafka, namespacedTopic(Topics.inventory, env.namespace), total);
    const types = messages
      .filter((m) => orderIds.includes(m.key!.toString()))
      .map((m) => m.headers!.ce_type!.toString());
    expect(types.filter((t) => t === InventoryEvents.InventoryReserved.type)).toHaveLength(30);
    expect(types.filter((t) => t === InventoryEvents.InventoryReservationFailed.type)).toHaveLength(70);
  });

  it('as many transactions as the pool allows, two products in opposite orders: no oversell, no deadlock', async () => {
    const a = await addProduct(service, { initial_stock: 25 });
    const b = await addProduct(service, { initial_stock: 25 });
    const stopWatching = watchInvariant([a.product_id, b.product_id]);
    const handle = exactlyOnce(
      'concurrency-test',
      transactions(service.infra.pool),
      orderPlacedConsumer({
        outbox: service.infra.outbox,
        ttlSeconds: 900,
        clock: () => new Date(),
        logger: silentLogger,
        refusals: createMetrics('inventory-service').sagaEventsRefused,
      }),
    );
    const orderIds: string[] = Array.from({ length: 100 }, () => randomUUID());
    const results = await Promise.allSettled(
      orderIds.map((orderId, i) => {
        const lines: [string, number][] =
          i % 2 === 0
            ? [
                [a.product_id, 1],
                [b.product_id, 1],
              ]
            : [
                [b.product_id, 1],
                [a.product_id, 1],
              ];
        return handle(
          createCloudEvent('order-service', {
            type: OrderEvents.OrderPlaced.type,
            subject: orderId,
            data: orderPlaced(orderId, lines),
          }),
        );
      }),
    );
    const { violations } = await stopWatching();
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(violations).toEqual([]);

    const answers = (await emitted(service.db.pool)).filter((e) => orderIds.includes(e.key));
    expect(answers.filter((e) => e.type === InventoryEvents.InventoryReserved.type)).toHaveLength(25);
    expect(answers.filter((e) => e.type === InventoryEvents.InventoryReservationFailed.type)).toHaveLength(75);
    expect(await stockOf(service.db.pool, a.product_id)).toEqual({ on_hand: 25, reserved: 25 });
    expect(await stockOf(service.db.pool, b.product_id)).toEqual({ on_hand: 25, reserved: 25 });
  });
});
