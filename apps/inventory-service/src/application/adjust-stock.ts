import { DomainError } from '@shop/contracts';
import { recordAudit, type RequestAudit } from '@shop/messaging';
import { decideStockAdjustment, type Product } from '../domain/product.js';
import { productRepository } from '../persistence/product.repository.js';
import { stockStore } from '../persistence/stock.repository.js';
import type { CatalogueDeps } from './catalogue-deps.js';
import { announceProduct } from './product-upserted.js';

export interface StockAdjustment {
  readonly delta: number;
  readonly reason: string;
}

/**
 * An admin's correction of stock on hand, on the record with who and why, and on the audit trail.
 * The product's row is locked like a reservation locks it, so the check against what is reserved
 * cannot go stale.
 */
export function adjustStock(
  deps: CatalogueDeps,
  productId: string,
  adjustment: StockAdjustment,
  audit: RequestAudit,
): Promise<Product> {
  return deps.transactions(async (tx) => {
    const stock = stockStore(tx);
    const products = productRepository(tx);
    const [level] = await stock.lock([productId]);
    if (!level) throw new DomainError('NOT_FOUND', `Product '${productId}' not found`, { product_id: productId });
    const decision = decideStockAdjustment(
      { productId, stockOnHand: level.onHand, reserved: level.reserved },
      adjustment.delta,
    );
    if (!decision.ok) throw decision.error;
    await stock.move([{ productId, onHand: adjustment.delta, reserved: 0 }]);
    await products.recordAdjustment({ productId, ...adjustment, actorId: audit.actor.userId });
    const product = await products.findById(productId);
    if (!product) throw new Error(`product ${productId} vanished inside its own transaction`);
    await announceProduct(tx, deps.outbox, product);
    await recordAudit(deps.outbox, tx, {
      ...audit,
      action: 'stock.adjusted',
      target: { type: 'product', id: productId },
      details: {
        delta: adjustment.delta,
        reason: adjustment.reason,
        previous_on_hand: level.onHand,
        on_hand: product.stockOnHand,
      },
    });
    return product;
  });
}
