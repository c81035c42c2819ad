import type { Product, ProductChanges } from '../domain/product.js';
import { productSummary } from './product-summary.js';

/** A product's audited fields under their API names (snake_case, money in cents). */
const auditedFields = {
  name: 'name',
  description: 'description',
  category: 'category',
  priceCents: 'price_cents',
  status: 'status',
  attributes: 'attributes',
  images: 'images',
} as const satisfies Record<keyof ProductChanges, string>;

/** What a new product is, for its `product.created` record. */
export const createdDetails = (product: Product): Record<string, unknown> => ({
  ...productSummary(product),
  initial_stock: product.stockOnHand,
});

/** Each changed field before and after, for a `product.updated` record. */
export function changedDetails(before: Product, changes: ProductChanges): Record<string, unknown> {
  const from: Record<string, unknown> = {};
  const to: Record<string, unknown> = {};
  for (const [field, name] of Object.entries(auditedFields) as [keyof ProductChanges, string][]) {
    if (changes[field] === undefined) continue;
    from[name] = before[field];
    to[name] = changes[field];
  }
  return { from, to };
}
