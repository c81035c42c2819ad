import type { Sql } from '@shop/persistence';
import type { CatalogueProduct, CatalogueReplica } from '../domain/catalogue.port.js';

export function catalogueReplica(sql: Sql): CatalogueReplica {
  return {
    find(productIds) {
      return sql.query<CatalogueProduct>(
        `SELECT product_id AS "productId", sku, name, category, price_cents AS "priceCents", currency, status,
                updated_at AS "updatedAt"
           FROM catalogue_products WHERE product_id = ANY($1::uuid[])`,
        productIds,
      );
    },

    async upsert(product) {
      await sql.execute(
        `INSERT INTO catalogue_products (product_id, sku, name, category, price_cents, currency, status, updated_at)
         VALUES ($1::uuid, $2, $3, $4, $5::int, $6, $7, $8::timestamptz)
         ON CONFLICT (product_id) DO UPDATE
            SET sku = EXCLUDED.sku, name = EXCLUDED.name, category = EXCLUDED.category,
                price_cents = EXCLUDED.price_cents, currency = EXCLUDED.currency, status = EXCLUDED.status,
                updated_at = EXCLUDED.updated_at`,
        product.productId,
        product.sku,
        product.name,
        product.category,
        product.priceCents,
        product.currency,
        product.status,
        product.updatedAt.toISOString(),
      );
    },
  };
}
