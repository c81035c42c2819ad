import type { Sql } from '@shop/persistence';
import type { Payment } from '../domain/payment.js';

/**
 * The payments of a saga run's orders, as the run's transaction locked them up front (lockRun):
 * every order's lock first, then their payments' rows. Null for an order with no payment yet —
 * which stays true while the run holds the order's lock, since only a holder records an intent.
 * Kept current by the repository's writes, so the run's handlers decide on it instead of locking
 * and reading again (one to two statements per event). Keyed by the transaction (one
 * Sql object per transaction): gone with it, committed or rolled back.
 */
const snapshots = new WeakMap<Sql, Map<string, Payment | null>>();

/** Ids as Postgres prints a uuid: an event may spell one in capitals. */
const key = (id: string): string => id.toLowerCase();

export function keepRunPayments(tx: Sql, orderIds: readonly string[], payments: readonly Payment[]): void {
  const byOrder = new Map<string, Payment | null>(orderIds.map((id) => [key(id), null]));
  for (const payment of payments) byOrder.set(key(payment.orderId), payment);
  snapshots.set(tx, byOrder);
}

/** The order's payment (null: none) if the run locked the order; undefined if it did not. */
export function runPayment(tx: Sql, orderId: string): Payment | null | undefined {
  return snapshots.get(tx)?.get(key(orderId));
}

/** After a payment of a locked order was written in this transaction. */
export function recordRunPayment(tx: Sql, payment: Payment): void {
  const byOrder = snapshots.get(tx);
  if (byOrder?.has(key(payment.orderId))) byOrder.set(key(payment.orderId), payment);
}
