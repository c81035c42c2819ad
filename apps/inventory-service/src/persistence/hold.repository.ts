import type { Hold, HoldStatus } from '../domain/hold.js';
import type { HoldStore } from '../domain/ports.js';
import type { InventoryTx } from './transaction.js';

interface HoldRow {
  product_id: string;
  quantity: number;
  status: HoldStatus;
  expires_at: Date;
}

const toHold = (r: HoldRow): Hold => ({ productId: r.product_id, quantity: r.quantity, status: r.status, expiresAt: r.expires_at });

/** The `reservations` rows of orders: one per order line, locked per order. */
export function holdStore(tx: InventoryTx): HoldStore {
  return {
    async lockOrder(orderId) {
      const rows = await tx.$queryRaw<HoldRow[]>`
        SELECT product_id::text, quantity, status, expires_at FROM reservations
        WHERE order_id = ${orderId}::uuid ORDER BY product_id FOR UPDATE`;
      return rows.map(toHold);
    },

    async tryLockOrder(orderId) {
      // SKIP LOCKED alone could hand back part of an order whose other lines a confirmation is
      // holding; an order is taken whole or not at all, so compare with its line count.
      const locked = await tx.$queryRaw<HoldRow[]>`
        SELECT product_id::text, quantity, status, expires_at FROM reservations
        WHERE order_id = ${orderId}::uuid ORDER BY product_id FOR UPDATE SKIP LOCKED`;
      const [{ lines } = { lines: 0 }] = await tx.$queryRaw<{ lines: number }[]>`
        SELECT count(*)::int AS lines FROM reservations WHERE order_id = ${orderId}::uuid`;
      return locked.length > 0 && locked.length === lines ? locked.map(toHold) : null;
    },

    async hold(orderId, lines, expiresAt) {
      await tx.$executeRaw`
        INSERT INTO reservations (order_id, product_id, quantity, status, expires_at)
        SELECT ${orderId}::uuid, l.product_id, l.quantity, 'held', ${expiresAt}::timestamptz
        FROM unnest(${lines.map((l) => l.productId)}::uuid[], ${lines.map((l) => l.quantity)}::int[]) AS l(product_id, quantity)`;
    },

    async setStatus(orderId, productIds, status, reason) {
      await tx.$executeRaw`
        UPDATE reservations SET status = ${status}, release_reason = ${reason ?? null}::varchar, updated_at = now()
        WHERE order_id = ${orderId}::uuid AND product_id = ANY(${[...productIds]}::uuid[])`;
    },

    async lapsedOrders(now, limit) {
      const rows = await tx.$queryRaw<{ order_id: string }[]>`
        SELECT order_id::text FROM reservations
        WHERE status = 'held' AND expires_at <= ${now}::timestamptz
        GROUP BY order_id ORDER BY min(expires_at) LIMIT ${limit}`;
      return rows.map((r) => r.order_id);
    },
  };
}
