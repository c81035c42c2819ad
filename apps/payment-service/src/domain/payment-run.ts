import type { Payment } from './payment.js';

/**
 * The payments of a saga run's orders, as the run's transaction locked them up front: every
 * order's lock first, then their payments' rows. Null for an order with no payment yet — which
 * stays true while the run holds the order's lock, since only a holder records an intent. The
 * run's handlers decide on it instead of locking and reading again (one to two statements per
 * event), and the writes they make keep it current. It lives as long as the run's transaction.
 */
export interface PaymentRun {
  readonly byOrder: Map<string, Payment | null>;
}

/** Ids as Postgres prints a uuid: an event may spell one in capitals. */
const orderKey = (orderId: string): string => orderId.toLowerCase();

export function paymentRunOf(orderIds: readonly string[], payments: readonly Payment[]): PaymentRun {
  const byOrder = new Map<string, Payment | null>(orderIds.map((id) => [orderKey(id), null]));
  for (const payment of payments) byOrder.set(orderKey(payment.orderId), payment);
  return { byOrder };
}

/** The order's payment (null: none) if the run locked the order; undefined if it did not. */
export function paymentInRun(run: PaymentRun | undefined, orderId: string): Payment | null | undefined {
  return run?.byOrder.get(orderKey(orderId));
}

/** After a payment of one of the run's orders was written in the run's transaction. */
export function keepInRun(run: PaymentRun | undefined, payment: Payment): void {
  if (run?.byOrder.has(orderKey(payment.orderId))) run.byOrder.set(orderKey(payment.orderId), payment);
}
