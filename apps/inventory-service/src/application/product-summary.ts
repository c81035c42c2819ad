import type { Product } from '../domain/product.js';

/** What a product is to the rest of the platform, under its API names (snake_case, money in cents). */
export const productSummary = (product: Product) => ({
  sku: product.sku,
  name: product.name,
  category: product.category,
  price_cents: product.priceCents,
  currency: product.currency,
  status: product.status,
});
