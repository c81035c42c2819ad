import { DomainError } from '@shop/contracts';
import { recordAudit, type RequestAudit } from '@shop/messaging';
import type { Product, ProductChanges } from '../domain/product.js';
import { productRepository } from '../persistence/product.repository.js';
import { stockStore } from '../persistence/stock.repository.js';
import type { CatalogueDeps } from './catalogue-deps.js';
import { changedDetails } from './product-audit.js';
import { announceProduct } from './product-upserted.js';

/**
 * Changes a product's catalogue fields (never its stock), announces the new version and audits
 * each changed field before and after (read under the row's lock, so "before" cannot go stale).
 */
export function updateProduct(
  deps: CatalogueDeps,
  productId: string,
  changes: ProductChanges,
  audit: RequestAudit,
): Promise<Product> {
  return deps.transactions(async (tx) => {
    const products = productRepository(tx);
    await stockStore(tx).lock([productId]);
    const before = await products.findById(productId);
    const product = before && (await products.update(productId, changes));
    if (!before || !product)
      throw new DomainError('NOT_FOUND', `Product '${productId}' not found`, { product_id: productId });
    await announceProduct(tx, deps.outbox, product);
    await recordAudit(deps.outbox, tx, {
      ...audit,
      action: 'product.updated',
      target: { type: 'product', id: productId },
      details: changedDetails(before, changes),
    });
    return product;
  });
}
