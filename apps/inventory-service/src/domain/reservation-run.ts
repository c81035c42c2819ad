import type { Hold, HoldStatus } from './hold.js';
import type { OrderLine } from './reservation.js';
import type { StockLevel, StockMovement } from './stock.js';

/**
 * What one transaction has locked of the reservations and stock it works on: the hold rows of its
 * orders and the stock rows of its products. Nobody else can change those rows until the
 * transaction ends, so a decision may read them from here instead of reading each row again; every
 * write the transaction makes to them is applied here too (applyHoldWrite), so a later decision
 * of the same run sees what an earlier one did. Lives exactly as long as the transaction.
 */
export interface ReservationRun {
  /** Every order locked, by its id; [] when it holds nothing. */
  readonly holds: Map<string, Hold[]>;
  /** Every product locked, by its id; null when there is no such product. */
  readonly levels: Map<string, StockLevel | null>;
}

/** A change decided for an order's holds: counters moved, and new hold rows or a new status. */
export interface HoldWrite {
  readonly orderId: string;
  readonly movements: readonly StockMovement[];
  readonly holds:
    | { readonly kind: 'new'; readonly lines: readonly OrderLine[]; readonly expiresAt: Date }
    | {
        readonly kind: 'status';
        readonly productIds: readonly string[];
        readonly status: HoldStatus;
        readonly reason?: string;
      };
}

/** Ids as Postgres prints a uuid: an event may spell one in capitals. */
const key = (id: string): string => id.toLowerCase();

const byProductId = (a: { productId: string }, b: { productId: string }): number =>
  key(a.productId) < key(b.productId) ? -1 : 1;

/** A run that has locked nothing yet. */
export const emptyRun = (): ReservationRun => ({ holds: new Map(), levels: new Map() });

/** Notes an order's hold rows as locked (product-id order, as the locking read returns them). */
export function recordHolds(run: ReservationRun, orderId: string, holds: readonly Hold[]): void {
  run.holds.set(key(orderId), [...holds]);
}

/** Notes products as locked: the levels found, and null for each id that has no row. */
export function recordLevels(run: ReservationRun, productIds: readonly string[], levels: readonly StockLevel[]): void {
  for (const id of productIds) if (!run.levels.has(key(id))) run.levels.set(key(id), null);
  for (const level of levels) run.levels.set(key(level.productId), level);
}

/** The order's hold rows, if the run locked them. */
export function lockedHolds(run: ReservationRun, orderId: string): Hold[] | undefined {
  return run.holds.get(key(orderId))?.slice();
}

/** The products' stock rows, if the run locked all of them (product-id order; unknown products absent). */
export function lockedLevels(run: ReservationRun, productIds: readonly string[]): StockLevel[] | undefined {
  const ids = [...new Set(productIds.map(key))].sort();
  if (!ids.every((id) => run.levels.has(id))) return undefined;
  return ids.map((id) => run.levels.get(id)).filter((level): level is StockLevel => level != null);
}

/** After a change was written: the run shows what the rows now hold. */
export function applyHoldWrite(run: ReservationRun, change: HoldWrite): void {
  for (const movement of change.movements) {
    const level = run.levels.get(key(movement.productId));
    if (level) {
      run.levels.set(key(movement.productId), {
        ...level,
        onHand: level.onHand + movement.onHand,
        reserved: level.reserved + movement.reserved,
      });
    }
  }
  const holds = change.holds;
  if (holds.kind === 'new') {
    const lines = holds.lines.map((l): Hold => ({
      productId: l.productId,
      quantity: l.quantity,
      status: 'held',
      expiresAt: holds.expiresAt,
    }));
    run.holds.set(key(change.orderId), lines.sort(byProductId));
    return;
  }
  const changed = new Set(holds.productIds.map(key));
  const current = run.holds.get(key(change.orderId));
  if (current) {
    run.holds.set(
      key(change.orderId),
      current.map((h) => (changed.has(key(h.productId)) ? { ...h, status: holds.status } : h)),
    );
  }
}
