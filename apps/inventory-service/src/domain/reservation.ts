import { availableOf, type ShortfallFailure, type StockLevel, type StockMovement } from './stock.js';

export interface OrderLine {
  readonly productId: string;
  readonly quantity: number;
}

/** One line per product, quantities summed, in the order the products first appear. */
export function consolidateLines(lines: readonly OrderLine[]): OrderLine[] {
  const byProduct = new Map<string, number>();
  for (const line of lines) byProduct.set(line.productId, (byProduct.get(line.productId) ?? 0) + line.quantity);
  return [...byProduct].map(([productId, quantity]) => ({ productId, quantity }));
}

export type ReservationDecision =
  | {
      readonly outcome: 'reserved';
      readonly lines: readonly OrderLine[];
      readonly movements: readonly StockMovement[];
      readonly expiresAt: Date;
    }
  | { readonly outcome: 'rejected'; readonly failure: ShortfallFailure };

export interface ReservationInput {
  readonly lines: readonly OrderLine[];
  /** The products' rows, locked by the caller; a product missing here does not exist. */
  readonly stock: readonly StockLevel[];
  readonly now: Date;
  readonly ttlSeconds: number;
}

/**
 * Can this order be held, all lines or none? Only active products can be sold; a product that is
 * inactive or discontinued has nothing available. The first line (in the order's own order) that
 * does not fit is the one the failure names. Compensation: the hold is undone by
 * `decideCancellation` (released) or `decideExpiry` (expired).
 */
export function decideReservation({ lines, stock, now, ttlSeconds }: ReservationInput): ReservationDecision {
  const wanted = consolidateLines(lines);
  const byId = new Map(stock.map((s) => [s.productId, s]));
  for (const line of wanted) {
    const level = byId.get(line.productId);
    if (!level)
      return {
        outcome: 'rejected',
        failure: { reason: 'unknown_product', productId: line.productId, requested: line.quantity, available: 0 },
      };
    const available = level.status === 'active' ? availableOf(level) : 0;
    if (available < line.quantity) {
      return {
        outcome: 'rejected',
        failure: { reason: 'insufficient_inventory', productId: line.productId, requested: line.quantity, available },
      };
    }
  }
  return {
    outcome: 'reserved',
    lines: wanted,
    movements: wanted.map((l) => ({ productId: l.productId, onHand: 0, reserved: l.quantity })),
    expiresAt: new Date(now.getTime() + ttlSeconds * 1000),
  };
}
