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

    // Newer-only in the one statement: the row is locked by the conflict itself, so two deliveries
    // of one product racing each other cannot both read an old version and both write. A versionless
    // event (announced before versions were) replaces only a versionless row: NULL > n is not true.
    async upsert(product) {
      const applied = await sql.execute(
        `INSERT INTO catalogue_products
           (product_id, sku, name, category, price_cents, currency, status, updated_at, version)
         VALUES ($1::uuid, $2, $3, $4, $5::int, $6, $7, $8::timestamptz, $9::int)
         ON CONFLICT (product_id) DO UPDATE
            SET sku = EXCLUDED.sku, name = EXCLUDED.name, category = EXCLUDED.category,
                price_cents = EXCLUDED.price_cents, currency = EXCLUDED.currency, status = EXCLUDED.status,
                updated_at = EXCLUDED.updated_at, version = EXCLUDED.version
          WHERE catalogue_products.version IS NULL OR EXCLUDED.version > catalogue_products.version`,
        product.productId,
        product.sku,
        product.name,
        product.category,
        product.priceCents,
        product.currency,
        product.status,
        product.updatedAt.toISOString(),
        product.version,
      );
      return applied > 0;
    },
  };
}
