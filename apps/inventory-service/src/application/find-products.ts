import { DomainError, type Page, type PagePosition } from '@shop/contracts';
import type { ProductCatalogue, ProductFilter } from '../domain/product.port.js';
import type { Product } from '../domain/product.js';

export async function getProduct(catalogue: ProductCatalogue, productId: string): Promise<Product> {
  const product = await catalogue.findById(productId);
  if (!product) throw new DomainError('NOT_FOUND', `Product '${productId}' not found`, { product_id: productId });
  return product;
}

/** One page of the catalogue, newest first, after the given position. */
export function listProducts(
  catalogue: ProductCatalogue,
  filter: ProductFilter,
  after: PagePosition | null,
  limit: number,
): Promise<Page<Product>> {
  return catalogue.page(filter, after, limit);
}
