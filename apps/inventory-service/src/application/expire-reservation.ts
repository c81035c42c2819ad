import type { OutboxWriter } from '@shop/messaging';
import type { Sql } from '@shop/persistence';
import { decideExpiry } from '../domain/hold.js';
import { reservationExpired } from '../domain/inventory-events.js';
import { holdStore } from '../persistence/hold.repository.js';
import { stockStore } from '../persistence/stock.repository.js';

/**
 * Gives back the holds of one order whose confirmation never came in time: reserved -= q, rows
 * 'expired', ReservationExpired (the order service cancels the order and payment voids any late
 * authorisation). An order another transaction is working on (a confirmation, or the sweeper of
 * another replica) is skipped, not waited for: false, and it is looked at again next pass.
 * Undone by: a late OrderConfirmed takes the stock again if it is still there.
 */
export async function expireReservation(tx: Sql, outbox: OutboxWriter, orderId: string, now: Date): Promise<boolean> {
  const holds = holdStore(tx);
  const lines = await holds.tryLockOrder(orderId);
  if (!lines) return false;
  const decision = decideExpiry(lines, now);
  if (decision.outcome === 'unchanged') return false;
  await stockStore(tx).lock(decision.productIds);
  const expired = reservationExpired(orderId, decision.expiredAt);
  await holds.write(
    {
      orderId,
      movements: decision.movements,
      holds: { kind: 'status', productIds: decision.productIds, status: decision.status },
    },
    outbox.prepare(expired.definition, { subject: orderId, correlationId: orderId, data: expired.data }),
  );
  return true;
}

/** The orders with a live hold past its deadline, oldest first (read outside any transaction). */
export const lapsedOrders = (sql: Sql, now: Date, limit: number): Promise<string[]> =>
  holdStore(sql).lapsedOrders(now, limit);
