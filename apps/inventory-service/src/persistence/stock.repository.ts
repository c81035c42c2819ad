import type { Sql } from '@shop/persistence';
import type { ProductStatus } from '../domain/product.js';
import { lockedLevels, recordLevels } from '../domain/reservation-run.js';
import type { StockStore } from '../domain/stock.port.js';
import type { StockLevel, StockMovement } from '../domain/stock.js';

interface StockRow {
  product_id: string;
  stock_on_hand: number;
  reserved: number;
  status: ProductStatus;
}

/** Stock counters of products, locked and moved inside the caller's transaction. */
export function stockStore(tx: Sql): StockStore {
  return {
    async lock(productIds, run) {
      if (productIds.length === 0) return [];
      const locked = run && lockedLevels(run, productIds);
      if (locked) return locked;
      // ORDER BY under FOR UPDATE: Postgres locks the rows as the sort emits them, i.e. in
      // product-id order, the same order every other writer of these rows uses.
      const rows = await tx.query<StockRow>(
        `SELECT product_id::text, stock_on_hand, reserved, status FROM products
         WHERE product_id = ANY($1::uuid[])
         ORDER BY product_id
         FOR UPDATE`,
        [...productIds],
      );
      const levels = rows.map((r): StockLevel => ({
        productId: r.product_id,
        onHand: r.stock_on_hand,
        reserved: r.reserved,
        status: r.status,
      }));
      if (run) recordLevels(run, productIds, levels);
      return levels;
    },

    async move(movements: readonly StockMovement[]) {
      if (movements.length === 0) return;
      const moved = await tx.execute(stockMovementSql(1), ...movementValues(movements));
      assertAllMoved(moved, movements);
    },
  };
}

/**
 * The UPDATE that applies movements to locked rows ($first…$first+2: product ids, on-hand and
 * reserved deltas), one returned row per product moved. The condition repeats the invariant the
 * decision was made on (the rows are locked, so it holds); a row it filters out means a bug.
 */
export const stockMovementSql = (first: number): string => `
  UPDATE products p
     SET stock_on_hand = p.stock_on_hand + m.on_hand,
         reserved = p.reserved + m.reserved,
         version = p.version + 1,
         updated_at = now()
    FROM unnest($${first}::uuid[], $${first + 1}::int[], $${first + 2}::int[]) AS m(product_id, on_hand, reserved)
   WHERE p.product_id = m.product_id
     AND p.reserved + m.reserved >= 0
     AND p.stock_on_hand + m.on_hand >= p.reserved + m.reserved
  RETURNING 1`;

export const movementValues = (movements: readonly StockMovement[]): unknown[] => [
  movements.map((m) => m.productId),
  movements.map((m) => m.onHand),
  movements.map((m) => m.reserved),
];

/** Abandons the transaction (throws) unless every movement applied: nothing is ever half-applied. */
export function assertAllMoved(moved: number, movements: readonly StockMovement[]): void {
  if (moved !== movements.length) {
    throw new Error(
      `stock movement applied to ${moved} of ${movements.length} products: a decision was made on stale stock`,
    );
  }
}
