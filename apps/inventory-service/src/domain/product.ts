import { accept, refuse, type Decision } from '@shop/contracts';

export type ProductStatus = 'active' | 'inactive' | 'discontinued';

/** What an admin says a product is; money in cents. */
export interface ProductDetails {
  readonly sku: string;
  readonly name: string;
  readonly description: string | null;
  readonly category: string | null;
  readonly priceCents: number;
  readonly currency: string;
  readonly status: ProductStatus;
  readonly attributes: Record<string, unknown>;
  readonly images: readonly string[];
}

/** A catalogue product with its stock. */
export interface Product extends ProductDetails {
  readonly productId: string;
  readonly stockOnHand: number;
  readonly reserved: number;
  /** Raised by every change of the product's row, under its lock: orders one product's versions. */
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface NewProduct extends ProductDetails {
  readonly initialStock: number;
}

export type ProductChanges = Partial<
  Pick<Product, 'name' | 'description' | 'category' | 'priceCents' | 'status' | 'attributes' | 'images'>
>;

/** What the warehouse holds, what is promised to open orders, and what can still be sold. */
export interface StockView {
  readonly onHand: number;
  readonly reserved: number;
  readonly available: number;
}

export const stockOf = (p: Pick<Product, 'stockOnHand' | 'reserved'>): StockView => ({
  onHand: p.stockOnHand,
  reserved: p.reserved,
  available: p.stockOnHand - p.reserved,
});

/** The largest count an INTEGER stock column holds. */
export const MAX_STOCK = 2_147_483_647;

/**
 * An admin's stock correction (delivery in, shrinkage out): the new stock on hand. Units promised
 * to open orders are not the admin's to take: removing more than is available is refused, never
 * clamped.
 */
export function decideStockAdjustment(
  stock: { readonly productId: string; readonly stockOnHand: number; readonly reserved: number },
  delta: number,
): Decision<number> {
  const next = stock.stockOnHand + delta;
  const available = stock.stockOnHand - stock.reserved;
  if (next < stock.reserved) {
    return refuse(
      'INSUFFICIENT_INVENTORY',
      `Cannot remove ${-delta} units of product '${stock.productId}': only ${available} are not reserved`,
      { product_id: stock.productId, requested: -delta, available },
    );
  }
  if (next > MAX_STOCK)
    return refuse('VALIDATION_ERROR', `Stock on hand cannot exceed ${MAX_STOCK}`, { field: 'body.delta' });
  return accept(next);
}
