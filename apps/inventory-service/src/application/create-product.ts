import { DomainError } from '@shop/contracts';
import { recordAudit, type RequestAudit } from '@shop/messaging';
import type { NewProduct, Product } from '../domain/product.js';
import { productRepository } from '../persistence/product.repository.js';
import type { CatalogueDeps } from './catalogue-deps.js';
import { createdDetails } from './product-audit.js';
import { announceProduct } from './product-upserted.js';

/** Adds a product (and its opening stock, on the record as an adjustment), announces it and audits it. */
export function createProduct(deps: CatalogueDeps, input: NewProduct, audit: RequestAudit): Promise<Product> {
  return deps.transactions(async (tx) => {
    const products = productRepository(tx);
    const product = await products.insert(input);
    if (!product) {
      const existing = await products.findBySku(input.sku);
      throw new DomainError('DUPLICATE_REQUEST', `A product with SKU '${input.sku}' already exists`, {
        field: 'sku',
        sku: input.sku,
        ...(existing ? { product_id: existing.productId } : {}),
      });
    }
    if (input.initialStock > 0) {
      await products.recordAdjustment({
        productId: product.productId,
        delta: input.initialStock,
        reason: 'initial stock',
        actorId: audit.actor.userId,
      });
    }
    await announceProduct(tx, deps.outbox, product);
    await recordAudit(deps.outbox, tx, {
      ...audit,
      action: 'product.created',
      target: { type: 'product', id: product.productId },
      details: createdDetails(product),
    });
    return product;
  });
}
