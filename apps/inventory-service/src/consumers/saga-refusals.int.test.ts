import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrderEvents, type EventDefinition, type EventPayload } from '@shop/contracts';
import { createCloudEvent, silentLogger, type CloudEvent } from '@shop/messaging';
import { transactions } from '@shop/persistence';
import { createTestEnvironment, type TestEnvironment } from '@shop/service-testing';
import { createMetrics } from '@shop/telemetry';
import { inventoryService } from '../service.js';
import {
  addProduct,
  holdsOf,
  orderCancelled,
  orderConfirmed,
  orderPlaced,
  processedCount,
  stockOf,
  type InventoryUnderTest,
} from '../test-support/inventory-harness.js';
import { ordersSubscriptions } from './orders.subscriptions.js';

/**
 * The orders consumer's own handlers, each in its transaction with its inbox row, on the service's
 * schema, counting refusals on a registry made as the service makes its own.
 */
describe('saga events inventory refuses are counted; late or repeated ones are not', () => {
  let env: TestEnvironment;
  let service: InventoryUnderTest;

  beforeAll(async () => {
    env = await createTestEnvironment();
    service = await env.start(inventoryService);
  });
  afterAll(() => env.stop());

  /** A consumer with a registry of its own, so that each test reads only what it caused. */
  function consumer() {
    const metrics = createMetrics('inventory-service');
    const { registry } = metrics;
    const subscriptions = ordersSubscriptions(transactions(service.infra.pool), {
      outbox: service.infra.outbox,
      ttlSeconds: 900,
      clock: () => new Date(),
      logger: silentLogger,
      refusals: metrics.sagaEventsRefused,
    });
    const handle = async <D extends EventDefinition>(
      definition: D,
      data: EventPayload<D> & { order_id: string },
    ): Promise<CloudEvent> => {
      const event = createCloudEvent('order-service', { type: definition.type, subject: data.order_id, data });
      await subscriptions.find((s) => s.definition.type === definition.type)!.handle(event);
      return event;
    };
    const refused = async () => (await registry.getSingleMetric('saga_events_refused_total')!.get()).values;
    return { handle, refused, registry };
  }

  it('refuses to confirm an order whose reservation was released, and counts it with its type and reason', async () => {
    const { handle, refused, registry } = consumer();
    const product = await addProduct(service, { initial_stock: 5 });
    const orderId = randomUUID();
    await handle(OrderEvents.OrderPlaced, orderPlaced(orderId, [[product.product_id, 2]]));
    await handle(OrderEvents.OrderCancelled, orderCancelled(orderId, 'payment_failed'));
    const released = await stockOf(service.db.pool, product.product_id);

    const confirmed = await handle(OrderEvents.OrderConfirmed, orderConfirmed(orderId));
    expect(await processedCount(service.db.pool, confirmed.id)).toBe(1);
    expect((await holdsOf(service.db.pool, orderId)).map((h) => h.status)).toEqual(['released']);
    expect(await stockOf(service.db.pool, product.product_id)).toEqual(released);
    expect(await refused()).toEqual([
      { labels: { type: OrderEvents.OrderConfirmed.type, reason: 'reservation_released' }, value: 1 },
    ]);
    const labelled = (label: string) => `(?=[^}]*${label})`;
    const line = `^saga_events_refused_total\\{${labelled('service="inventory-service"')}[^}]*\\} 1$`;
    expect(await registry.metrics()).toMatch(new RegExp(line, 'm'));
  });

  it('counts nothing for a repeated confirmation, a late cancel or an order placed again', async () => {
    const { handle, refused } = consumer();
    const product = await addProduct(service, { initial_stock: 5 });
    const before = await stockOf(service.db.pool, product.product_id);
    const orderId = randomUUID();
    const placed = orderPlaced(orderId, [[product.product_id, 1]]);
    await handle(OrderEvents.OrderPlaced, placed);
    await handle(OrderEvents.OrderConfirmed, orderConfirmed(orderId));
    const again = await handle(OrderEvents.OrderConfirmed, orderConfirmed(orderId));
    expect(await processedCount(service.db.pool, again.id)).toBe(1);
    expect((await holdsOf(service.db.pool, orderId)).map((h) => h.status)).toEqual(['committed']);

    await handle(OrderEvents.OrderCancelled, orderCancelled(orderId, 'support_request', 'confirmed'));
    const late = await handle(OrderEvents.OrderCancelled, orderCancelled(orderId, 'support_request', 'confirmed'));
    const replaced = await handle(OrderEvents.OrderPlaced, placed);
    expect(await processedCount(service.db.pool, late.id)).toBe(1);
    expect(await processedCount(service.db.pool, replaced.id)).toBe(1);
    expect(await stockOf(service.db.pool, product.product_id)).toEqual(before);
    expect(await refused()).toEqual([]);
  });
});
