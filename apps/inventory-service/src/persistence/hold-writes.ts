import { outboxInsert, type PreparedOutboxEvent } from '@shop/messaging';
import type { HoldStatus } from '../domain/hold.js';
import type { OrderLine } from '../domain/reservation.js';
import type { StockMovement } from '../domain/stock.js';
import { applyToSnapshot } from './run-snapshot.js';
import { assertAllMoved, movementValues, stockMovementSql } from './stock.repository.js';
import type { StockSql } from './transaction.js';

/** What a decision about an order's holds writes, on rows the transaction has locked. */
export interface HoldWrite {
  readonly orderId: string;
  readonly movements: readonly StockMovement[];
  /** New hold rows (a reservation), or a new status for existing ones (commit, release, expiry). */
  readonly holds:
    | { readonly kind: 'new'; readonly lines: readonly OrderLine[]; readonly expiresAt: Date }
    | { readonly kind: 'status'; readonly productIds: readonly string[]; readonly status: HoldStatus; readonly reason?: string };
  /** The event the decision emits, if any. */
  readonly event?: PreparedOutboxEvent<unknown>;
}

/**
 * The stock movements, the holds' rows and the event of one decision in ONE statement (a round trip
 * each before). Throws — abandoning the caller's transaction — if a movement would break
 * stock ≥ reserved ≥ 0.
 */
export async function writeHolds(tx: StockSql, write: HoldWrite): Promise<void> {
  const values: unknown[] = [...movementValues(write.movements), write.orderId];
  const order = `$${values.length}::uuid`;
  const ctes = [`moved AS (${stockMovementSql(1)})`, `holds AS (${holdRowsSql(write.holds, order, values)})`];
  let notify = '';
  if (write.event) {
    const event = outboxInsert(values.length + 1, '');
    values.push(...write.event.values);
    ctes.push(`emitted AS (${event.insert})`);
    notify = `, ${event.notify('emitted')} AS relay_notified`;
  }
  const [row] = await tx.query<{ moved: number }>(`WITH ${ctes.join(', ')} SELECT (SELECT count(*) FROM moved)::int AS moved${notify}`, ...values);
  assertAllMoved(row!.moved, write.movements);
  applyToSnapshot(tx, write);
}

function holdRowsSql(holds: HoldWrite['holds'], order: string, values: unknown[]): string {
  if (holds.kind === 'new') {
    values.push(holds.expiresAt, holds.lines.map((l) => l.productId), holds.lines.map((l) => l.quantity));
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
