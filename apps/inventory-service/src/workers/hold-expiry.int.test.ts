import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InventoryEvents, OrderEvents } from '@shop/contracts';
import { createTestEnvironment, type TestEnvironment } from '@shop/service-testing';
import { eventually } from '@shop/testing';
import { inventoryService } from '../service.js';
import {
  addProduct,
  asAdmin,
  emitted,
  eventPublisher,
  holdsOf,
  orderConfirmed,
  orderPlaced,
  stockOf,
  type InventoryUnderTest,
} from '../test-support/inventory-harness.js';

// Holds live 2 s and the sweeper looks every 200 ms, so expiry happens within the test.
describe('hold expiry', () => {
  let env: TestEnvironment;
  let service: InventoryUnderTest;
  let publish: ReturnType<typeof eventPublisher>;
  const sagaEvents = async (orderId: string) =>
    (await emitted(service.db.pool, orderId)).map((e) => ({ type: e.type, data: e.data }));
  const stock = (productId: string) => stockOf(service.db.pool, productId);

  beforeAll(async () => {
    env = await createTestEnvironment();
    service = await env.start(inventoryService, { RESERVATION_TTL_SECONDS: '2', RESERVATION_SWEEP_INTERVAL_MS: '200' });
    publish = eventPublisher(service, env);
  });
  afterAll(() => env.stop());

  /** Places an order and waits until its hold has expired. */
  const placeAndLetExpire = async (productId: string, quantity: number) => {
    const orderId = randomUUID();
    await publish(OrderEvents.OrderPlaced, orderPlaced(orderId, [[productId, quantity]]));
    await eventually(
      async () =>
        expect((await sagaEvents(orderId)).map((e) => e.type)).toEqual([
          InventoryEvents.InventoryReserved.type,
          InventoryEvents.ReservationExpired.type,
        ]),
      10_000,
    );
    return orderId;
  };

  it('gives an unconfirmed hold back after its TTL, emitting ReservationExpired with its deadline', async () => {
    const a = await addProduct(service, { initial_stock: 5 });
    const orderId = randomUUID();
    await publish(OrderEvents.OrderPlaced, orderPlaced(orderId, [[a.product_id, 2]]));
    await eventually(async () => expect(await stock(a.product_id)).toEqual({ on_hand: 5, reserved: 2 }));

    await eventually(async () => expect(await sagaEvents(orderId)).toHaveLength(2), 10_000);
    const [reserved, expired] = await sagaEvents(orderId);
    expect(expired).toEqual({
      type: InventoryEvents.ReservationExpired.type,
      data: { order_id: orderId, expired_at: reserved!.data.expires_at },
    });
    expect(await stock(a.product_id)).toEqual({ on_hand: 5, reserved: 0 });
    expect(await holdsOf(service.db.pool, orderId)).toEqual([
      expect.objectContaining({ status: 'expired', quantity: 2 }),
    ]);
  });

  it('still commits a confirmation that lost the race to the sweeper, retaking the stock if still there', async () => {
    const a = await addProduct(service, { initial_stock: 5 });
    const orderId = await placeAndLetExpire(a.product_id, 2);
    await publish(OrderEvents.OrderConfirmed, orderConfirmed(orderId));
    await eventually(async () =>
      expect((await holdsOf(service.db.pool, orderId)).map((h) => h.status)).toEqual(['committed']),
    );
    expect(await stock(a.product_id)).toEqual({ on_hand: 3, reserved: 0 });
    expect(await sagaEvents(orderId)).toHaveLength(2);
  });

  it('never oversells a confirmation whose expired stock is gone: no commit, InventoryReservationFailed', async () => {
    const a = await addProduct(service, { initial_stock: 2 });
    const orderId = await placeAndLetExpire(a.product_id, 2);
    // Meanwhile one of the two units was written off: one is left, two are wanted.
    const adjusted = await service.app.inject({
      method: 'POST',
      url: `/api/v1/products/${a.product_id}/stock`,
      headers: asAdmin(),
      payload: { delta: -1, reason: 'broken' },
    });
    expect(adjusted.statusCode).toBe(200);

    await publish(OrderEvents.OrderConfirmed, orderConfirmed(orderId));
    await eventually(async () => expect(await sagaEvents(orderId)).toHaveLength(3));
    expect((await sagaEvents(orderId))[2]).toEqual({
      type: InventoryEvents.InventoryReservationFailed.type,
      data: {
        order_id: orderId,
        reason: 'insufficient_inventory',
        product_id: a.product_id,
        requested: 2,
        available: 1,
      },
    });
    expect(await stock(a.product_id)).toEqual({ on_hand: 1, reserved: 0 });
    expect(await holdsOf(service.db.pool, orderId)).toEqual([expect.objectContaining({ status: 'expired' })]);
  });
});
