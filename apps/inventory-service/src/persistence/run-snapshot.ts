import type { Hold } from '../domain/hold.js';
import type { StockLevel } from '../domain/stock.js';
import type { HoldWrite } from './hold-writes.js';
import type { StockSql } from './transaction.js';

/**
 * What a run's transaction locked up front (lockRunFirst): the hold rows of the run's orders and
 * the stock rows of every product its events touch. Nobody else can change those rows until the
 * transaction ends, and every write of the run goes through writeHolds, which applies itself here
 * too — so the handlers read them from here instead of reading each row again (two statements per
 * event). The movement's own invariant check in SQL still guards the counters.
 */
interface RunSnapshot {
  /** Every order of the run; [] when it holds nothing. */
  readonly holds: Map<string, Hold[]>;
  /** Every product locked; null when there is no such product. */
  readonly levels: Map<string, StockLevel | null>;
}

/** Keyed by the transaction (one Sql object per transaction): gone with it, rolled back or not. */
const snapshots = new WeakMap<StockSql, RunSnapshot>();

/** Ids as Postgres prints a uuid: an event may spell one in capitals. */
const key = (id: string): string => id.toLowerCase();

export function keepRunSnapshot(tx: StockSql, holds: ReadonlyMap<string, Hold[]>, lockedProductIds: readonly string[], levels: readonly StockLevel[]): void {
  const byId = new Map<string, StockLevel | null>(lockedProductIds.map((id) => [key(id), null]));
  for (const level of levels) byId.set(key(level.productId), level);
  snapshots.set(tx, { holds: new Map([...holds].map(([orderId, lines]) => [key(orderId), lines])), levels: byId });
}

/** The order's hold rows, if the run locked them (product-id order, as the locking read returns them). */
export function snapshotHolds(tx: StockSql, orderId: string): Hold[] | undefined {
  return snapshots.get(tx)?.holds.get(key(orderId))?.slice();
}

/** The products' stock rows, if the run locked all of them (product-id order; unknown products absent). */
export function snapshotLevels(tx: StockSql, productIds: readonly string[]): StockLevel[] | undefined {
  const levels = snapshots.get(tx)?.levels;
  const ids = [...new Set(productIds.map(key))].sort();
  if (!levels || !ids.every((id) => levels.has(id))) return undefined;
  return ids.map((id) => levels.get(id)).filter((level): level is StockLevel => level != null);
}

/** After writeHolds succeeded: the snapshot shows what the rows now hold. */
export function applyToSnapshot(tx: StockSql, write: HoldWrite): void {
  const snapshot = snapshots.get(tx);
  if (!snapshot) return;
  for (const movement of write.movements) {
    const level = snapshot.levels.get(key(movement.productId));
    if (level) snapshot.levels.set(key(movement.productId), { ...level, onHand: level.onHand + movement.onHand, reserved: level.reserved + movement.reserved });
  }
  const holds = write.holds;
  if (holds.kind === 'new') {
    const lines = holds.lines.map((l): Hold => ({ productId: l.productId, quantity: l.quantity, status: 'held', expiresAt: holds.expiresAt }));
    snapshot.holds.set(key(write.orderId), lines.sort((a, b) => (key(a.productId) < key(b.productId) ? -1 : 1)));
    return;
  }
  const changed = new Set(holds.productIds.map(key));
  const current = snapshot.holds.get(key(write.orderId));
  if (current) snapshot.holds.set(key(write.orderId), current.map((h) => (changed.has(key(h.productId)) ? { ...h, status: holds.status } : h)));
}
