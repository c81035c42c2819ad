import { AppError } from '@shop/http';
import type { NewProduct, Product } from '../domain/product.js';
import { productRepository } from '../persistence/product.repository.js';
import { transactional } from '../persistence/transaction.js';
import type { CatalogueDeps } from './deps.js';
import { announceProduct } from './product-upserted.js';

/** Adds a product (and its opening stock, on the record as an adjustment) and announces it. */
export function createProduct(deps: CatalogueDeps, input: NewProduct, actorId: string): Promise<Product> {
  return transactional(deps.prisma)(async (tx) => {
    const products = productRepository(tx);
    const product = await products.insert(input);
    if (!product) {
      const existing = await products.findBySku(input.sku);
      throw new AppError('DUPLICATE_REQUEST', `A product with SKU '${input.sku}' already exists`, {
        field: 'sku',
        sku: input.sku,
        ...(existing ? { product_id: existing.productId } : {}),
      });
    }
    if (input.initialStock > 0) {
      await products.recordAdjustment({ productId: product.productId, delta: input.initialStock, reason: 'initial stock', actorId });
    }
    await announceProduct(tx, deps.outbox, product);
    return product;
  });
}
