import { availableOf, type ShortfallFailure, type StockLevel, type StockMovement } from './stock.js';

export type HoldStatus = 'held' | 'committed' | 'released' | 'expired';

/** One line of an order's reservation, as its locked row shows it. */
export interface Hold {
  readonly productId: string;
  readonly quantity: number;
  readonly status: HoldStatus;
  readonly expiresAt: Date;
}

/** What to do to an order's holds: move these stock counters and set these lines' status. */
export interface HoldChange {
  readonly movements: readonly StockMovement[];
  readonly productIds: readonly string[];
  readonly status: HoldStatus;
}

export type ConfirmationDecision =
  | { readonly outcome: 'unchanged' }
  | ({ readonly outcome: 'committed' } & HoldChange)
  | { readonly outcome: 'rejected'; readonly failure: ShortfallFailure };

/**
 * OrderConfirmed: the held units leave the warehouse for good (on hand and reserved both drop).
 * A line whose hold already expired (the sweeper won the race) is taken again from what is
 * available now; if any such line no longer fits, nothing is committed and the order is told so,
 * never oversold. A cancelled order (released lines) is never revived.
 * Compensation: `decideCancellation` restocks committed lines.
 *
 * @param stock locked rows of the products of the expired lines (the only ones that need stock).
 */
export function decideConfirmation(holds: readonly Hold[], stock: readonly StockLevel[]): ConfirmationDecision {
  if (holds.some((h) => h.status === 'released')) return { outcome: 'unchanged' };
  const pending = holds.filter((h) => h.status === 'held' || h.status === 'expired');
  if (pending.length === 0) return { outcome: 'unchanged' };

  const byId = new Map(stock.map((s) => [s.productId, s]));
  for (const line of pending.filter((h) => h.status === 'expired')) {
    const level = byId.get(line.productId);
    const available = level ? availableOf(level) : 0;
    if (available < line.quantity) {
      return {
        outcome: 'rejected',
        failure: { reason: 'insufficient_inventory', productId: line.productId, requested: line.quantity, available },
      };
    }
  }
  return {
    outcome: 'committed',
    status: 'committed',
    productIds: pending.map((h) => h.productId),
    movements: pending.map((h) => ({
      productId: h.productId,
      onHand: -h.quantity,
      reserved: h.status === 'held' ? -h.quantity : 0,
    })),
  };
}

export type ReleaseDecision = { readonly outcome: 'unchanged' } | ({ readonly outcome: 'released' } & HoldChange);

/**
 * OrderCancelled: a hold goes back to available; a committed line goes back on the shelf.
 * Expired or already released lines hold nothing, so a late or repeated cancel changes nothing.
 */
export function decideCancellation(holds: readonly Hold[]): ReleaseDecision {
  const live = holds.filter((h) => h.status === 'held' || h.status === 'committed');
  if (live.length === 0) return { outcome: 'unchanged' };
  return {
    outcome: 'released',
    status: 'released',
    productIds: live.map((h) => h.productId),
    movements: live.map((h) =>
      h.status === 'held'
        ? { productId: h.productId, onHand: 0, reserved: -h.quantity }
        : { productId: h.productId, onHand: h.quantity, reserved: 0 },
    ),
  };
}

export type ExpiryDecision =
  { readonly outcome: 'unchanged' } | ({ readonly outcome: 'expired'; readonly expiredAt: Date } & HoldChange);

/**
 * The sweeper: holds past their deadline go back to available. `expiredAt` is the deadline the
 * hold passed, not the moment the sweeper happened to run.
 */
export function decideExpiry(holds: readonly Hold[], now: Date): ExpiryDecision {
  const lapsed = holds.filter((h) => h.status === 'held' && h.expiresAt.getTime() <= now.getTime());
  if (lapsed.length === 0) return { outcome: 'unchanged' };
  return {
    outcome: 'expired',
    status: 'expired',
    expiredAt: new Date(Math.max(...lapsed.map((h) => h.expiresAt.getTime()))),
    productIds: lapsed.map((h) => h.productId),
    movements: lapsed.map((h) => ({ productId: h.productId, onHand: 0, reserved: -h.quantity })),
  };
}
