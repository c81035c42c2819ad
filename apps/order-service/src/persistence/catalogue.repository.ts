import type { OrderTx } from './order-repository.js';

/** A product as the order service's catalogue replica holds it: what orders are priced from. */
export interface CatalogueProduct {
  readonly productId: string;
  readonly sku: string;
  readonly name: string;
  readonly category: string | null;
  readonly priceCents: number;
  readonly currency: string;
  readonly status: string;
  readonly updatedAt: Date;
}

export function findCatalogueProducts(db: OrderTx, productIds: readonly string[]): Promise<CatalogueProduct[]> {
  return db.query<CatalogueProduct>(
    `SELECT product_id AS "productId", sku, name, category, price_cents AS "priceCents", currency, status, updated_at AS "updatedAt"
       FROM catalogue_products WHERE product_id = ANY($1::uuid[])`,
    productIds,
  );
}

/** Inserts or replaces a product of the replica (the catalogue's latest word wins). */
export async function upsertCatalogueProduct(tx: OrderTx, product: CatalogueProduct): Promise<void> {
  await tx.execute(
    `INSERT INTO catalogue_products (product_id, sku, name, category, price_cents, currency, status, updated_at)
     VALUES ($1::uuid, $2, $3, $4, $5::int, $6, $7, $8::timestamptz)
     ON CONFLICT (product_id) DO UPDATE
        SET sku = EXCLUDED.sku, name = EXCLUDED.name, category = EXCLUDED.category, price_cents = EXCLUDED.price_cents,
            currency = EXCLUDED.currency, status = EXCLUDED.status, updated_at = EXCLUDED.updated_at`,
    product.productId, product.sku, product.name, product.category, product.priceCents, product.currency, product.status, product.updatedAt.toISOString(),
  );
}
