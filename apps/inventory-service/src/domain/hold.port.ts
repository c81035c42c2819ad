import type { Hold } from './hold.js';
import type { HoldWrite, ReservationRun } from './reservation-run.js';

/**
 * The `reservations` rows of orders, one per order line, inside the caller's transaction.
 * `Event` is the outbox's prepared event, which the write commits in the same statement.
 */
export interface HoldStore<Event> {
  /**
   * Locks every line of an order's reservation (FOR UPDATE, product-id order); [] if it has none.
   * Given a run, an order it already locked is read from it, and one locked now is noted in it.
   */
  lockOrder(orderId: string, run?: ReservationRun): Promise<Hold[]>;
  /** lockOrder for several orders at once (order-id, then product-id order): each order's lines, [] for none. */
  lockOrders(orderIds: readonly string[]): Promise<Map<string, Hold[]>>;
  /** As lockOrder, but gives up (null) when another transaction holds any of the order's lines. */
  tryLockOrder(orderId: string): Promise<Hold[] | null>;
  /** Orders with a live hold past its deadline, oldest first. */
  lapsedOrders(now: Date, limit: number): Promise<string[]>;
  /**
   * The stock movements, the hold rows and the event of one decision, in one statement, on rows
   * this transaction has locked; then the run, if given, shows what the rows now hold. Throws —
   * abandoning the transaction — if a movement would break stock ≥ reserved ≥ 0.
   */
  write(write: HoldWrite, event?: Event, run?: ReservationRun): Promise<void>;
}
