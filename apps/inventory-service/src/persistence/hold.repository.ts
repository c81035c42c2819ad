import { outboxInsert, type PreparedOutboxEvent } from '@shop/messaging';
import type { Sql } from '@shop/persistence';
import type { Hold, HoldStatus } from '../domain/hold.js';
import type { HoldStore } from '../domain/hold.port.js';
import { applyHoldWrite, lockedHolds, recordHolds, type HoldWrite } from '../domain/reservation-run.js';
import { assertAllMoved, movementValues, stockMovementSql } from './stock.repository.js';

interface HoldRow {
  product_id: string;
  quantity: number;
  status: HoldStatus;
  expires_at: Date;
}

const toHold = (r: HoldRow): Hold => ({
  productId: r.product_id,
  quantity: r.quantity,
  status: r.status,
  expiresAt: r.expires_at,
});

/** The `reservations` rows of orders: one per order line, locked per order. */
export function holdStore(tx: Sql): HoldStore<PreparedOutboxEvent<unknown>> {
  return {
    async lockOrder(orderId, run) {
      const locked = run && lockedHolds(run, orderId);
      if (locked) return locked;
      const rows = await tx.query<HoldRow>(
        `SELECT product_id::text, quantity, status, expires_at FROM reservations
         WHERE order_id = $1::uuid ORDER BY product_id FOR UPDATE`,
        orderId,
      );
      const holds = rows.map(toHold);
      if (run) recordHolds(run, orderId, holds);
      return holds;
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

    async write(write, event, run) {
      // The movements, the hold rows and the event in ONE statement (a round trip each before).
      const values: unknown[] = [...movementValues(write.movements), write.orderId];
      const order = `$${values.length}::uuid`;
      const ctes = [`moved AS (${stockMovementSql(1)})`, `holds AS (${holdRowsSql(write.holds, order, values)})`];
      let notify = '';
      if (event) {
        const insert = outboxInsert(values.length + 1, '');
        values.push(...event.values);
        ctes.push(`emitted AS (${insert.insert})`);
        notify = `, ${insert.notify('emitted')} AS relay_notified`;
      }
      const [row] = await tx.query<{ moved: number }>(
        `WITH ${ctes.join(', ')} SELECT (SELECT count(*) FROM moved)::int AS moved${notify}`,
        ...values,
      );
      assertAllMoved(row?.moved ?? 0, write.movements);
      if (run) applyHoldWrite(run, write);
    },
  };
}

function holdRowsSql(holds: HoldWrite['holds'], order: string, values: unknown[]): string {
  if (holds.kind === 'new') {
    values.push(
      holds.expiresAt,
      holds.lines.map((l) => l.productId),
      holds.lines.map((l) => l.quantity),
    );
    const n = values.length;
    return `INSERT INTO reservations (order_id, product_id, quantity, status, expires_at)
            SELECT ${order}, l.product_id, l.quantity, 'held', $${n - 2}::timestamptz
              FROM unnest($${n - 1}::uuid[], $${n}::int[]) AS l(product_id, quantity)`;
  }
  values.push(holds.status, holds.reason ?? null, [...holds.productIds]);
  const n = values.length;
  return `UPDATE reservations SET status = $${n - 2}::text, release_reason = $${n - 1}::varchar, updated_at = now()
           WHERE order_id = ${order} AND product_id = ANY($${n}::uuid[])`;
}
