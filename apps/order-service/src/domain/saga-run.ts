import type { OrderStatus } from '../domain/order-status.js';
import type { LockedOrder, OrderTx } from './order-repository.js';

/**
 * The orders a saga run's transaction locked up front (lockRunOrders), kept current by
 * writeStatusChange: the run's handlers decide on them instead of locking and reading each order
 * again — one statement less per event, on the consumer whose statements queue behind the HTTP
 * traffic of the same process. Keyed by the transaction (one Sql object per
 * transaction): gone with it, committed or rolled back.
 */
const snapshots = new WeakMap<OrderTx, Map<string, LockedOrder>>();

/** Ids as Postgres prints a uuid: an event may spell one in capitals. */
const key = (id: string): string => id.toLowerCase();

export function keepRunOrders(tx: OrderTx, orders: readonly LockedOrder[]): void {
  snapshots.set(tx, new Map(orders.map((order) => [key(order.orderId), order])));
}

/** The order as this transaction locked it, if the run did; an order it did not find is read again. */
export function runOrder(tx: OrderTx, orderId: string): LockedOrder | undefined {
  return snapshots.get(tx)?.get(key(orderId));
}

/** After a status change in this transaction. */
export function recordRunStatus(tx: OrderTx, orderId: string, status: OrderStatus): void {
  const orders = snapshots.get(tx);
  const order = orders?.get(key(orderId));
  if (orders && order) orders.set(key(orderId), { ...order, status });
}
