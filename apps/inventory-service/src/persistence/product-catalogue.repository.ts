import { Filters, keysetPage, newestFirst, sqlOn } from '@shop/persistence';
import type pg from 'pg';
import type { ProductCatalogue } from '../domain/product.port.js';
import { productColumns, toDomain } from './product.mapper.js';
import type { InventoryPrisma } from './prisma.js';

/**
 * The catalogue for readers, outside any transaction: one product by id through Prisma, a page
 * of the list as a keyset page in SQL (its position keeps Postgres's microseconds).
 */
export function productCatalogue(prisma: InventoryPrisma, pool: pg.Pool): ProductCatalogue {
  const sql = sqlOn(pool);
  return {
    async findById(productId) {
      const row = await prisma.product.findUnique({ where: { productId } });
      return row ? toDomain(row) : null;
    },

    async page(filter, after, limit) {
      const filters = new Filters()
        .add((p) => `category = ${p}`, filter.category)
        .add((p) => `status = ${p}`, filter.status);
      const order = newestFirst('created_at', 'product_id');
      return keysetPage(
        sql,
        { select: productColumns, from: 'products', ...filters, ...order, after, limit },
        toDomain,
      );
    },
  };
}
