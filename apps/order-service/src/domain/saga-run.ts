import type { OrderState } from './order.js';
import type { OrderStatus } from './order-status.js';

/** Ids as Postgres prints a uuid: an event may spell one in capitals. */
const key = (id: string): string => id.toLowerCase();

/**
 * The orders a saga run's transaction locked up front, in one statement: the run's handlers decide
 * on them instead of locking and reading each order again — one statement less per event, on the
 * consumer whose statements queue behind the HTTP traffic of the same process. Every status change
 * of the run is recorded here, so a later event of the run sees what an earlier one did. It lives
 * as long as the run's transaction.
 */
export class SagaRun {
  private readonly orders: Map<string, OrderState>;

  constructor(locked: readonly OrderState[]) {
    this.orders = new Map(locked.map((order) => [key(order.orderId), order]));
  }

  /** The order as the run locked it (and moved it since); undefined for one it did not find. */
  order(orderId: string): OrderState | undefined {
    return this.orders.get(key(orderId));
  }

  /** After a status change in the run's transaction. */
  moved(orderId: string, status: OrderStatus): void {
    const order = this.orders.get(key(orderId));
    if (order) this.orders.set(key(orderId), { ...order, status });
  }
}
