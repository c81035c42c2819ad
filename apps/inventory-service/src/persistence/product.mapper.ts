import type { Product as ProductRow } from '../generated/prisma/client.js';
import type { Product, ProductStatus } from '../domain/product.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A products row (Prisma model) as the domain sees it; Prisma's types stop here. */
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
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
