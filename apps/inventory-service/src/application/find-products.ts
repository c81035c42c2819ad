import { DomainError, type Page, type PagePosition } from '@shop/contracts';
import type { ProductCatalogue, ProductFilter } from '../domain/product.port.js';
import type { Product } from '../domain/product.js';
import { isVisibleTo, visibleFilter, type CatalogueAudience } from '../domain/catalogue-audience.js';

/** One product, if the audience may see it; one it may not is as unknown as one that does not exist. */
export async function getProduct(
  catalogue: ProductCatalogue,
  audience: CatalogueAudience,
  productId: string,
): Promise<Product> {
  const product = await catalogue.findById(productId);
  if (!product || !isVisibleTo(audience, product)) {
    throw new DomainError('NOT_FOUND', `Product '${productId}' not found`, { product_id: productId });
  }
  return product;
}

/** One page of the catalogue the audience may see, newest first, after the given position. */
export function listProducts(
  catalogue: ProductCatalogue,
  audience: CatalogueAudience,
  filter: ProductFilter,
  after: PagePosition | null,
  limit: number,
): Promise<Page<Product>> {
  return catalogue.page(visibleFilter(audience, filter), after, limit);
}
