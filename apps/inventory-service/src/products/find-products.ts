import { AppError } from '@shop/http';
import type { ProductFilter, ProductPage, ProductPosition } from '../domain/ports.js';
import type { Product } from '../domain/product.js';
import type { InventoryPrisma } from '../persistence/prisma.js';
import { productRepository } from '../persistence/product.repository.js';

export async function getProduct(prisma: InventoryPrisma, productId: string): Promise<Product> {
  const product = await productRepository(prisma).findById(productId);
  if (!product) throw new AppError('NOT_FOUND', `Product '${productId}' not found`, { product_id: productId });
  return product;
}

/** One page of the catalogue, newest first, after the given position. */
export function listProducts(prisma: InventoryPrisma, filter: ProductFilter, after: ProductPosition | null, limit: number): Promise<ProductPage> {
  return productRepository(prisma).page(filter, after, limit);
}
