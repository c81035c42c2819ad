import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadLetterTopic, InventoryEvents, namespacedTopic, OrderEvents, Topics } from '@shop/contracts';
import { readMessages } from '@shop/messaging/testing';
import { createTestEnvironment, type TestEnvironment } from '@shop/service-testing';
import { eventually } from '@shop/testing';
import { inventoryService } from '../service.js';
import {
  addProduct,
  emitted,
  eventPublisher,
  holdsOf,
  orderCancelled,
  orderConfirmed,
  orderPlaced,
  processedCount,
  stockOf,
  type InventoryUnderTest,
} from '../test-support/inventory-harness.js';

describe('reservations driven by orders.events', () => {
  let env: TestEnvironment;
  let service: InventoryUnderTest;
  let publish: ReturnType<typeof eventPublisher>;
  const sagaEvents = async (orderId: string) =>
    (await emitted(service.db.pool, orderId)).map((e) => ({ type: e.type, data: e.data }));
  const stock = (productId: string) => stockOf(service.db.pool, productId);

  beforeAll(async () => {
    env = await createTestEnvironment();
    service = await env.start(inventoryService);
    publish = eventPublisher(service, env);
  });
  afterAll(() => env.stop());

  /** Places an order and waits until inventory has answered it. */
  const place = async (lines: readonly (readonly [string, number])[]) => {
    const orderId = randomUUID();
    const event = await publish(OrderEvents.OrderPlaced, orderPlaced(orderId, lines));
    await eventually(async () => expect(await sagaEvents(orderId)).toHaveLength(1));
    return { orderId, event };
  };

  it('holds every line of an order until now + TTL and emits InventoryReserved', async () => {
    const a = await addProduct(service, { initial_stock: 10 });
    const b = await addProduct(service, { initial_stock: 5 });
    const before = Date.now();
    const { orderId } = await place([
      [a.product_id, 2],
      [b.product_id, 1],
      [a.product_id, 1],
    ]);

    const [reserved] = await sagaEvents(orderId);
    expect(reserved).toMatchObject({
      type: InventoryEvents.InventoryReserved.type,
      data: {
        order_id: orderId,
        lines: [
          { product_id: a.product_id, quantity: 3 },
          { product_id: b.product_id, quantity: 1 },
        ],
      },
    });
    const expiresAt = Date.parse(String(reserved!.data.expires_at));
    expect(expiresAt).toBeGreaterThanOrEqual(before + 900_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 900_000);
    expect(await stock(a.product_id)).toEqual({ on_hand: 10, reserved: 3 });
    expect(await stock(b.product_id)).toEqual({ on_hand: 5, reserved: 1 });
    const holds = await holdsOf(service.db.pool, orderId);
    expect(holds.map((h) => [h.product_id, h.quantity, h.status])).toEqual(
      [
        [a.product_id, 3, 'held'],
        [b.product_id, 1, 'held'],
      ].sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
    );
    expect(holds.every((h) => h.expires_at.getTime() === expiresAt)).toBe(true);
  });

  it('holds nothing when the second line lacks stock, and says which product, how many and how few', async () => {
    const a = await addProduct(service, { initial_stock: 10 });
    const b = await addProduct(service, { initial_stock: 2 });
    const { orderId, event } = await place([
      [a.product_id, 2],
      [b.product_id, 3],
    ]);

    expect(await sagaEvents(orderId)).toEqual([
      {
        type: InventoryEvents.InventoryReservationFailed.type,
        data: {
          order_id: orderId,
          reason: 'insufficient_inventory',
          product_id: b.product_id,
          requested: 3,
          available: 2,
        },
      },
    ]);
    expect(await stock(a.product_id)).toEqual({ on_hand: 10, reserved: 0 });
    expect(await stock(b.product_id)).toEqual({ on_hand: 2, reserved: 0 });
    expect(await holdsOf(service.db.pool, orderId)).toEqual([]);
    expect(await processedCount(service.db.pool, event.id)).toBe(1);
  });

  it('fails an order naming a product that does not exist as unknown_product', async () => {
    const a = await addProduct(service, { initial_stock: 10 });
    const ghost = randomUUID();
    const { orderId } = await place([
      [a.product_id, 1],
      [ghost, 1],
    ]);
    expect(await sagaEvents(orderId)).toEqual([
      {
        type: InventoryEvents.InventoryReservationFailed.type,
        data: { order_id: orderId, reason: 'unknown_product', product_id: ghost, requested: 1, available: 0 },
      },
    ]);
    expect(await stock(a.product_id)).toEqual({ on_hand: 10, reserved: 0 });
  });

  it('reserves once when the same OrderPlaced arrives twice, or the order is placed again under a new id', async () => {
    const a = await addProduct(service, { initial_stock: 10 });
    const orderId = randomUUID();
    const event = await publish(OrderEvents.OrderPlaced, orderPlaced(orderId, [[a.product_id, 4]]));
    await publish(OrderEvents.OrderPlaced, orderPlaced(orderId, [[a.product_id, 4]]), event.id);
    const again = await publish(OrderEvents.OrderPlaced, orderPlaced(orderId, [[a.product_id, 4]]));
    await eventually(async () => expect(await processedCount(service.db.pool, again.id)).toBe(1));

    expect((await sagaEvents(orderId)).map((e) => e.type)).toEqual([InventoryEvents.InventoryReserved.type]);
    expect(await stock(a.product_id)).toEqual({ on_hand: 10, reserved: 4 });
    expect(await holdsOf(service.db.pool, orderId)).toHaveLength(1);
  });

  it('commits a confirmed order: the units leave on hand and reserved; a second confirmation is a no-op', async () => {
    const a = await addProduct(service, { initial_stock: 10 });
    const b = await addProduct(service, { initial_stock: 3 });
    const { orderId } = await place([
      [a.product_id, 2],
      [b.product_id, 3],
    ]);
    const confirmed = await publish(OrderEvents.OrderConfirmed, orderConfirmed(orderId));
    await eventually(async () =>
      expect((await holdsOf(service.db.pool, orderId)).map((h) => h.status)).toEqual(['committed', 'committed']),
    );
    expect(await stock(a.product_id)).toEqual({ on_hand: 8, reserved: 0 });
    expect(await stock(b.product_id)).toEqual({ on_hand: 0, reserved: 0 });

    const again = await publish(OrderEvents.OrderConfirmed, orderConfirmed(orderId));
    await eventually(async () => expect(await processedCount(service.db.pool, again.id)).toBe(1));
    expect(await processedCount(service.db.pool, confirmed.id)).toBe(1);
    expect(await stock(a.product_id)).toEqual({ on_hand: 8, reserved: 0 });
    expect((await sagaEvents(orderId)).map((e) => e.type)).toEqual([InventoryEvents.InventoryReserved.type]);
  });

  it('releases a held order on cancellation, with the reason, and emits ReservationReleased', async () => {
    const a = await addProduct(service, { initial_stock: 10 });
    const { orderId } = await place([[a.product_id, 6]]);
    expect(await stock(a.product_id)).toEqual({ on_hand: 10, reserved: 6 });
    await publish(OrderEvents.OrderCancelled, orderCancelled(orderId, 'payment_failed'));
    await eventually(async () => expect(await sagaEvents(orderId)).toHaveLength(2));

    expect((await sagaEvents(orderId))[1]).toEqual({
      type: InventoryEvents.ReservationReleased.type,
      data: { order_id: orderId, reason: 'payment_failed' },
    });
    expect(await stock(a.product_id)).toEqual({ on_hand: 10, reserved: 0 });
    expect(await holdsOf(service.db.pool, orderId)).toEqual([
      expect.objectContaining({ status: 'released', release_reason: 'payment_failed' }),
    ]);
  });

  it('restocks a committed order on cancellation', async () => {
    const a = await addProduct(service, { initial_stock: 10 });
    const { orderId } = await place([[a.product_id, 3]]);
    await publish(OrderEvents.OrderConfirmed, orderConfirmed(orderId));
    await eventually(async () => expect(await stock(a.product_id)).toEqual({ on_hand: 7, reserved: 0 }));
    await publish(OrderEvents.OrderCancelled, orderCancelled(orderId, 'customer_request', 'confirmed'));
    await eventually(async () => expect(await sagaEvents(orderId)).toHaveLength(2));

    expect((await sagaEvents(orderId))[1]).toEqual({
      type: InventoryEvents.ReservationReleased.type,
      data: { order_id: orderId, reason: 'customer_request' },
    });
    expect(await stock(a.product_id)).toEqual({ on_hand: 10, reserved: 0 });
    expect(await holdsOf(service.db.pool, orderId)).toEqual([
      expect.objectContaining({ status: 'released', release_reason: 'customer_request' }),
    ]);
  });

  it('treats cancelling an order that holds nothing as a no-op, and a repeated cancel too', async () => {
    const a = await addProduct(service, { initial_stock: 1 });
    const { orderId } = await place([[a.product_id, 2]]); // fails: nothing held
    const first = await publish(OrderEvents.OrderCancelled, orderCancelled(orderId, 'insufficient_inventory'));
    const second = await publish(OrderEvents.OrderCancelled, orderCancelled(orderId, 'insufficient_inventory'));
    await eventually(async () => expect(await processedCount(service.db.pool, second.id)).toBe(1));
    expect(await processedCount(service.db.pool, first.id)).toBe(1);
    expect((await sagaEvents(orderId)).map((e) => e.type)).toEqual([InventoryEvents.InventoryReservationFailed.type]);
    expect(await stock(a.product_id)).toEqual({ on_hand: 1, reserved: 0 });
  });

  it('dead-letters what it cannot apply (confirming an unreserved order, a bad OrderPlaced), carries on', async () => {
    const stray = randomUUID();
    await publish(OrderEvents.OrderConfirmed, orderConfirmed(stray));
    const malformed = { ...orderPlaced(randomUUID(), [[randomUUID(), 1]]), items: [] };
    await publish(OrderEvents.OrderPlaced, malformed);
    const dead = await readMessages(
      service.infra.kafka,
      deadLetterTopic(namespacedTopic(Topics.orders, env.namespace)),
      2,
    );
    expect(dead.map((m) => [m.key!.toString(), m.headers!.dlq_reason!.toString()]).sort()).toEqual(
      [
        [stray, 'rejected'],
        [malformed.order_id, 'rejected'],
      ].sort(),
    );
    expect(dead.find((m) => m.key!.toString() === stray)!.headers!.dlq_error!.toString()).toMatch(/has no reservation/);

    const a = await addProduct(service, { initial_stock: 1 });
    const { orderId } = await place([[a.product_id, 1]]);
    expect((await sagaEvents(orderId)).map((e) => e.type)).toEqual([InventoryEvents.InventoryReserved.type]);
  });
});
