import type { ProductStatus } from './product.js';

/** One product's stock as a locked row shows it, for a reservation decision. */
export interface StockLevel {
  readonly productId: string;
  readonly onHand: number;
  readonly reserved: number;
  readonly status: ProductStatus;
}

/** A change to one product's counters, as deltas; the adapter applies it to the locked row. */
export interface StockMovement {
  readonly productId: string;
  readonly onHand: number;
  readonly reserved: number;
}

export const availableOf = (s: Pick<StockLevel, 'onHand' | 'reserved'>): number => Math.max(0, s.onHand - s.reserved);

/** Why a set of lines cannot be held, naming the first line that does not fit. */
export interface ShortfallFailure {
  readonly reason: 'insufficient_inventory' | 'unknown_product';
  readonly productId: string;
  readonly requested: number;
  readonly available: number;
}
