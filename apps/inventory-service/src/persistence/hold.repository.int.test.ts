import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InventoryEvents } from '@shop/contracts';
import { transactions } from '@shop/persistence';
import { createTestEnvironment, type TestEnvironment } from '@shop/service-testing';
import { inventoryService } from '../service.js';
import { addProduct, stockOf, type InventoryUnderTest } from '../test-support/inventory-harness.js';
import { holdStore } from './hold.repository.js';
import { stockStore } from './stock.repository.js';

describe("holdStore.write: a decision's stock, holds and event in one statement", () => {
  let env: TestEnvironment;
  let service: InventoryUnderTest;

  beforeAll(async () => {
    env = await createTestEnvironment();
    service = await env.start(inventoryService);
  });
  afterAll(() => env.stop());

  const holdsOf = async (orderId: string) =>
    (
      await service.db.pool.query(
        'SELECT product_id::text, quantity, status FROM reservations WHERE order_id = $1 ORDER BY product_id',
        [orderId],
      )
    ).rows;
  const eventsOf = async (orderId: string) =>
    (await service.db.pool.query('SELECT event_type FROM outbox WHERE message_key = $1', [orderId])).rows.map(
      (r) => r.event_type,
    );
  const reservedEvent = (orderId: string, productId: string) =>
    service.infra.outbox.prepare(InventoryEvents.InventoryReserved, {
      subject: orderId,
      data: {
        order_id: orderId,
        lines: [{ product_id: productId, quantity: 2 }],
        expires_at: new Date(Date.now() + 60_000).toISOString(),
      },
    });

  it('writes the movement, the new holds and the event together', async () => {
    const product = await addProduct(service, { initial_stock: 10 });
    const orderId = randomUUID();
    await transactions(service.infra.pool)(async (tx) => {
      await stockStore(tx).lock([product.product_id]);
      await holdStore(tx).write(
        {
          orderId,
          movements: [{ productId: product.product_id, onHand: 0, reserved: 2 }],
          holds: {
            kind: 'new',
            lines: [{ productId: product.product_id, quantity: 2 }],
            expiresAt: new Date(Date.now() + 60_000),
          },
        },
        reservedEvent(orderId, product.product_id),
      );
    });
    expect(await stockOf(service.db.pool, product.product_id)).toEqual({ on_hand: 10, reserved: 2 });
    expect(await holdsOf(orderId)).toEqual([{ product_id: product.product_id, quantity: 2, status: 'held' }]);
    expect(await eventsOf(orderId)).toEqual([InventoryEvents.InventoryReserved.type]);
  });

  it('abandons the transaction, holds and event included, when a movement would break stock ≥ reserved', async () => {
    const product = await addProduct(service, { initial_stock: 10 });
    const orderId = randomUUID();
    const attempt = transactions(service.infra.pool)(async (tx) => {
      await stockStore(tx).lock([product.product_id]);
      await holdStore(tx).write(
        {
          orderId,
          movements: [{ productId: product.product_id, onHand: 0, reserved: 11 }],
          holds: {
            kind: 'new',
            lines: [{ productId: product.product_id, quantity: 11 }],
            expiresAt: new Date(Date.now() + 60_000),
          },
        },
        reservedEvent(orderId, product.product_id),
      );
    });
    await expect(attempt).rejects.toThrow(/applied to 0 of 1 products/);
    expect(await stockOf(service.db.pool, product.product_id)).toEqual({ on_hand: 10, reserved: 0 });
    expect(await holdsOf(orderId)).toEqual([]);
    expect(await eventsOf(orderId)).toEqual([]);
  });
});
