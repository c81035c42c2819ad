import type { ReservationRun } from './reservation-run.js';
import type { StockLevel, StockMovement } from './stock.js';

/** Stock counters of products, locked and moved inside the caller's transaction. */
export interface StockStore {
  /**
   * Locks the products' rows (FOR UPDATE) in product-id order — the one order every writer uses,
   * so two transactions never wait on each other in a cycle — and returns what they hold.
   * Unknown ids are simply absent. Given a run, rows it already locked are read from it, and the
   * rows locked now are noted in it.
   */
  lock(productIds: readonly string[], run?: ReservationRun): Promise<StockLevel[]>;
  /** Applies movements to rows this transaction has locked; throws if one would break stock ≥ reserved ≥ 0. */
  move(movements: readonly StockMovement[]): Promise<void>;
}
