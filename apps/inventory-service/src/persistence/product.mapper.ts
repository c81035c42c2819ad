import type { Product, ProductStatus } from '../domain/product.js';

/**
 * A products row under its model names: what the Prisma client returns, and what the SQL
 * statements select (`productColumns`), so one mapper serves both.
 */
export interface ProductRow extends Omit<Product, 'status' | 'images' | 'attributes'> {
  readonly status: string;
  readonly images: unknown;
  readonly attributes: unknown;
}

/** The select list that reads a products row as a ProductRow. */
export const productColumns = `product_id::text AS "productId", sku, name, description, category,
  price_cents AS "priceCents", currency, status, stock_on_hand AS "stockOnHand", reserved, version, images,
  attributes, created_at AS "createdAt", updated_at AS "updatedAt"`;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A products row as the domain sees it. */
export function toDomain(row: ProductRow): Product {
  return {
    productId: row.productId,
    sku: row.sku,
    name: row.name,
    description: row.description,
    category: row.category,
    priceCents: row.priceCents,
    currency: row.currency,
    status: row.status as ProductStatus,
    attributes: isObject(row.attributes) ? row.attributes : {},
    images: Array.isArray(row.images) ? row.images.filter((i): i is string => typeof i === 'string') : [],
    stockOnHand: row.stockOnHand,
    reserved: row.reserved,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
