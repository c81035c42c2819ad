import type { Hold, HoldStatus } from '../domain/hold.js';
import type { HoldStore } from '../domain/ports.js';
import { snapshotHolds } from './run-snapshot.js';
import type { StockSql } from './transaction.js';

interface HoldRow {
  product_id: string;
  quantity: number;
  status: HoldStatus;
  expires_at: Date;
}

const toHold = (r: HoldRow): Hold => ({ productId: r.product_id, quantity: r.quantity, status: r.status, expiresAt: r.expires_at });

/** The `reservations` rows of orders: one per order line, locked per order. */
export function holdStore(tx: StockSql): HoldStore {
  return {
    async lockOrder(orderId) {
      const locked = snapshotHolds(tx, orderId);
      if (locked) return locked;
      const rows = await tx.query<HoldRow>(
        `SELECT product_id::text, quantity, status, expires_at FROM reservations
         WHERE order_id = $1::uuid ORDER BY product_id FOR UPDATE`,
        orderId,
      );
      return rows.map(toHold);
    },

    async lockOrders(orderIds) {
      // Keyed as Postgres prints the ids (an event may spell a uuid in capitals).
      const byOrder = new Map<string, Hold[]>(orderIds.map((id) => [id.toLowerCase(), []]));
      if (orderIds.length === 0) return byOrder;
      const rows = await tx.query<HoldRow & { order_id: string }>(
        `SELECT order_id::text, product_id::text, quantity, status, expires_at FROM reservations
         WHERE order_id = ANY($1::uuid[]) ORDER BY order_id, product_id FOR UPDATE`,
        [...orderIds],
      );
      for (const row of rows) byOrder.get(row.order_id)?.push(toHold(row));
      return byOrder;
    },

    async tryLockOrder(orderId) {
      // SKIP LOCKED alone could hand back part of an order whose other lines a confirmation is
      // holding; an order is taken whole or not at all, so compare with its line count.
      const locked = await tx.query<HoldRow>(
        `SELECT product_id::text, quantity, status, expires_at FROM reservations
         WHERE order_id = $1::uuid ORDER BY product_id FOR UPDATE SKIP LOCKED`,
        orderId,
      );
      const [{ lines } = { lines: 0 }] = await tx.query<{ lines: number }>(
        `SELECT count(*)::int AS lines FROM reservations WHERE order_id = $1::uuid`,
        orderId,
      );
      return locked.length > 0 && locked.length === lines ? locked.map(toHold) : null;
    },

    async lapsedOrders(now, limit) {
      const rows = await tx.query<{ order_id: string }>(
        `SELECT order_id::text FROM reservations
         WHERE status = 'held' AND expires_at <= $1::timestamptz
         GROUP BY order_id ORDER BY min(expires_at) LIMIT $2`,
        now,
        limit,
      );
      return rows.map((r) => r.order_id);
    },
  };
}
