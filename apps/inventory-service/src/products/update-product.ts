import { AppError } from '@shop/http';
import type { Product, ProductChanges } from '../domain/product.js';
import { productRepository } from '../persistence/product.repository.js';
import { transactional } from '../persistence/transaction.js';
import type { CatalogueDeps } from './deps.js';
import { announceProduct } from './product-upserted.js';

/** Changes a product's catalogue fields (never its stock) and announces the new version. */
export function updateProduct(deps: CatalogueDeps, productId: string, changes: ProductChanges): Promise<Product> {
  return transactional(deps.prisma)(async (tx) => {
    const product = await productRepository(tx).update(productId, changes);
    if (!product) throw new AppError('NOT_FOUND', `Product '${productId}' not found`, { product_id: productId });
    await announceProduct(tx, deps.outbox, product);
    return product;
  });
}
