import type { Sql } from '@shop/persistence';
import type { ProductRepository } from '../domain/product.port.js';
import type { ProductChanges } from '../domain/product.js';
import { productColumns, toDomain, type ProductRow } from './product.mapper.js';

/** The columns a product change may set, under their domain names; JSON ones are sent as text. */
const changeColumns: Record<keyof ProductChanges, { readonly column: string; readonly cast: string }> = {
  name: { column: 'name', cast: 'varchar' },
  description: { column: 'description', cast: 'text' },
  category: { column: 'category', cast: 'varchar' },
  priceCents: { column: 'price_cents', cast: 'int' },
  status: { column: 'status', cast: 'varchar' },
  attributes: { column: 'attributes', cast: 'jsonb' },
  images: { column: 'images', cast: 'jsonb' },
};

const jsonColumns = new Set(['attributes', 'images']);

/** The catalogue's writes, and the reads they decide on, in SQL inside the caller's transaction. */
export function productRepository(sql: Sql): ProductRepository {
  const findOne = async (where: string, value: string) => {
    const [row] = await sql.query<ProductRow>(`SELECT ${productColumns} FROM products WHERE ${where}`, value);
    return row ? toDomain(row) : null;
  };

  return {
    async insert(p) {
      // ON CONFLICT DO NOTHING: a taken SKU is an answer (null), not an error that aborts the transaction.
      const [row] = await sql.query<ProductRow>(
        `INSERT INTO products
           (sku, name, description, category, price_cents, currency, status, attributes, images, stock_on_hand)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10)
         ON CONFLICT DO NOTHING
         RETURNING ${productColumns}`,
        p.sku,
        p.name,
        p.description,
        p.category,
        p.priceCents,
        p.currency,
        p.status,
        JSON.stringify(p.attributes),
        JSON.stringify(p.images),
        p.initialStock,
      );
      return row ? toDomain(row) : null;
    },

    findById: (productId) => findOne('product_id = $1::uuid', productId),

    findBySku: (sku) => findOne('sku = $1', sku),

    async update(productId, changes) {
      const values: unknown[] = [productId];
      const assignments: string[] = [];
      for (const [field, value] of Object.entries(changes) as [keyof ProductChanges, unknown][]) {
        if (value === undefined) continue;
        const { column, cast } = changeColumns[field];
        values.push(jsonColumns.has(field) ? JSON.stringify(value) : value);
        assignments.push(`${column} = $${values.length}::${cast}`);
      }
      const [row] = await sql.query<ProductRow>(
        `UPDATE products SET ${[...assignments, 'version = version + 1', 'updated_at = now()'].join(', ')}
          WHERE product_id = $1::uuid
         RETURNING ${productColumns}`,
        ...values,
      );
      return row ? toDomain(row) : null;
    },

    async recordAdjustment(a) {
      await sql.execute(
        `INSERT INTO stock_adjustments (product_id, delta, reason, actor_id) VALUES ($1::uuid, $2, $3, $4)`,
        a.productId,
        a.delta,
        a.reason,
        a.actorId,
      );
    },
  };
}
