import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InventoryEvents } from '@shop/contracts';
import { silentLogger } from '@shop/messaging';
import { sqlOn, transactions } from '@shop/persistence';
import { createTestEnvironment, type TestEnvironment } from '@shop/service-testing';
import { inventoryService } from '../service.js';
import { addProduct, emitted, holdsOf, stockOf, type InventoryUnderTest } from '../test-support/inventory-harness.js';
import { createExpirySweeper, type ExpirySweeper } from './reservation-expiry.sweeper.js';

// The service's own sweeper is parked (1 h interval); these tests drive sweepers by hand.
describe('expiry sweeper', () => {
  let env: TestEnvironment;
  let service: InventoryUnderTest;
  const sweeper = (): ExpirySweeper =>
    createExpirySweeper({
      transactions: transactions(service.infra.pool),
      sql: sqlOn(service.infra.pool),
      outbox: service.infra.outbox,
      intervalMs: 3_600_000,
      clock: () => new Date(),
      logger: silentLogger,
    });

  beforeAll(async () => {
    env = await createTestEnvironment();
    service = await env.start(inventoryService, { RESERVATION_SWEEP_INTERVAL_MS: '3600000' });
  });
  afterAll(async () => {
    await env.stop();
  });

  /** Holds that lapsed a minute ago, written as the reservation handler would have. */
  const lapsedHolds = async (lines: readonly (readonly [productId: string, quantity: number])[]) => {
    const orderId = randomUUID();
    for (const [productId, quantity] of lines) {
      await service.db.pool.query(`UPDATE products SET reserved = reserved + $2 WHERE product_id = $1`, [
        productId,
        quantity,
      ]);
      await service.db.pool.query(
        `INSERT INTO reservations (order_id, product_id, quantity, expires_at)
         VALUES ($1, $2, $3, now() - interval '1 minute')`,
        [orderId, productId, quantity],
      );
    }
    return orderId;
  };

  it('expires each lapsed order exactly once when several replicas sweep at once, pass after pass', async () => {
    const a = await addProduct(service, { initial_stock: 100 });
    const b = await addProduct(service, { initial_stock: 100 });
    const orders = [];
    for (let i = 0; i < 30; i++)
      orders.push(
        await lapsedHolds([
          [a.product_id, 1],
          [b.product_id, 2],
        ]),
      );
    expect(await stockOf(service.db.pool, a.product_id)).toEqual({ on_hand: 100, reserved: 30 });

    // An order two sweepers each half-locked is skipped by both and taken next pass: sweep in rounds.
    let expired = 0;
    for (let round = 0; round < 5 && expired < 30; round++) {
      const counts = await Promise.all([sweeper(), sweeper(), sweeper()].map((s) => s.sweep()));
      expired += counts.reduce((x, y) => x + y, 0);
    }
    expect(expired).toBe(30);
    expect(await stockOf(service.db.pool, a.product_id)).toEqual({ on_hand: 100, reserved: 0 });
    expect(await stockOf(service.db.pool, b.product_id)).toEqual({ on_hand: 100, reserved: 0 });
    for (const orderId of orders) {
      expect((await emitted(service.db.pool, orderId)).map((e) => e.type)).toEqual([
        InventoryEvents.ReservationExpired.type,
      ]);
    }
  });

  it('skips an order another transaction works on, even one locked line, and takes it next pass', async () => {
    const a = await addProduct(service, { initial_stock: 10 });
    const b = await addProduct(service, { initial_stock: 10 });
    const orderId = await lapsedHolds([
      [a.product_id, 1],
      [b.product_id, 1],
    ]);
    const busy = await service.db.pool.connect();
    try {
      await busy.query('BEGIN');
      await busy.query(`SELECT 1 FROM reservations WHERE order_id = $1 AND product_id = $2 FOR UPDATE`, [
        orderId,
        b.product_id,
      ]);
      expect(await sweeper().sweep()).toBe(0);
      expect((await holdsOf(service.db.pool, orderId)).map((h) => h.status)).toEqual(['held', 'held']);
      await busy.query('COMMIT');
    } finally {
      busy.release();
    }
    expect(await sweeper().sweep()).toBe(1);
    expect((await holdsOf(service.db.pool, orderId)).map((h) => h.status)).toEqual(['expired', 'expired']);
    expect(await stockOf(service.db.pool, a.product_id)).toEqual({ on_hand: 10, reserved: 0 });
  });

  it('does not touch holds that are not due yet, or no longer held', async () => {
    const a = await addProduct(service, { initial_stock: 10 });
    const orderId = randomUUID();
    await service.db.pool.query(`UPDATE products SET reserved = 3 WHERE product_id = $1`, [a.product_id]);
    await service.db.pool.query(
      `INSERT INTO reservations (order_id, product_id, quantity, expires_at)
       VALUES ($1, $2, 3, now() + interval '1 minute')`,
      [orderId, a.product_id],
    );
    const committed = randomUUID();
    await service.db.pool.query(
      `INSERT INTO reservations (order_id, product_id, quantity, status, expires_at)
       VALUES ($1, $2, 3, 'committed', now() - interval '1 minute')`,
      [committed, a.product_id],
    );
    expect(await sweeper().sweep()).toBe(0);
    expect(await stockOf(service.db.pool, a.product_id)).toEqual({ on_hand: 10, reserved: 3 });
  });
});
