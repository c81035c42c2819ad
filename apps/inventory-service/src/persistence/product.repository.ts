import { Prisma } from '../generated/prisma/client.js';
import type { Product as ProductRow } from '../generated/prisma/client.js';
import type { ProductFilter, ProductPosition, ProductRepository } from '../domain/ports.js';
import type { ProductChanges } from '../domain/product.js';
import { toDomain } from './product.mapper.js';
import type { InventoryTx } from './transaction.js';

const json = (v: unknown): Prisma.InputJsonValue => v as Prisma.InputJsonValue;

/** Columns under their model names, so a raw row maps like a Prisma one. */
const productColumns = Prisma.sql`
  product_id AS "productId", sku, name, description, category, price_cents AS "priceCents", currency,
  cost_cents AS "costCents", status, stock_on_hand AS "stockOnHand", reserved, version, images, attributes,
  created_at AS "createdAt", updated_at AS "updatedAt"`;

/** Microsecond ISO text of created_at: a JS Date would drop Postgres's last three digits and skip rows. */
const positionOf = Prisma.sql`to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "positionCreatedAt"`;

type PageRow = ProductRow & { positionCreatedAt: string };

/** The catalogue in Postgres, through Prisma; works on the client or inside a transaction. */
export function productRepository(db: InventoryTx): ProductRepository {
  const findById = async (productId: string) => {
    const row = await db.product.findUnique({ where: { productId } });
    return row ? toDomain(row) : null;
  };

  return {
    async insert(p) {
      // ON CONFLICT DO NOTHING: a taken SKU is an answer (null), not an error that aborts the transaction.
      const [row] = await db.product.createManyAndReturn({
        data: [
          {
            sku: p.sku, name: p.name, description: p.description, category: p.category, priceCents: p.priceCents, currency: p.currency,
            status: p.status, attributes: json(p.attributes), images: json(p.images), stockOnHand: p.initialStock,
          },
        ],
        skipDuplicates: true,
      });
      return row ? toDomain(row) : null;
    },

    findById,

    async findBySku(sku) {
      const row = await db.product.findUnique({ where: { sku } });
      return row ? toDomain(row) : null;
    },

    async update(productId, changes: ProductChanges) {
      const { attributes, images, ...plain } = changes;
      const { count } = await db.product.updateMany({
        where: { productId },
        data: {
          ...plain,
          ...(attributes ? { attributes: json(attributes) } : {}),
          ...(images ? { images: json(images) } : {}),
          version: { increment: 1 },
          updatedAt: new Date(),
        },
      });
      return count === 0 ? null : findById(productId);
    },

    async recordAdjustment(a) {
      await db.stockAdjustment.create({ data: { productId: a.productId, delta: a.delta, reason: a.reason, actorId: a.actorId } });
    },

    async page(filter: ProductFilter, after: ProductPosition | null, limit: number) {
      const conditions: Prisma.Sql[] = [];
      if (filter.category !== undefined) conditions.push(Prisma.sql`category = ${filter.category}`);
      if (filter.status !== undefined) conditions.push(Prisma.sql`status = ${filter.status}`);
      // Keyset: strictly after the last row seen, in the index's own (created_at, product_id) DESC order.
      if (after) conditions.push(Prisma.sql`(created_at, product_id) < (${after.createdAt}::timestamptz, ${after.productId}::uuid)`);
      const where = conditions.length > 0 ? Prisma.sql`WHERE ${Prisma.join(conditions, ' AND ')}` : Prisma.empty;
      const rows = await db.$queryRaw<PageRow[]>`
        SELECT ${productColumns}, ${positionOf} FROM products ${where}
        ORDER BY created_at DESC, product_id DESC LIMIT ${limit + 1}`;
      const pageRows = rows.slice(0, limit);
      const last = pageRows.at(-1);
      return {
        products: pageRows.map(toDomain),
        next: rows.length > limit && last ? { createdAt: last.positionCreatedAt, productId: last.productId } : null,
      };
    },
  };
}
