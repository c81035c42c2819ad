import { InventoryEvents } from '@shop/contracts';
import type { OutboxWriter } from '@shop/messaging';
import type { Product } from '../domain/product.js';
import type { Sql } from '@shop/persistence';
import { productSummary } from './product-summary.js';

/**
 * Tells the other services (the order service's catalogue replica) what a product now is, in
 * the transaction that changed it, keyed by product id so one product's versions stay in order,
 * and with the row's version, so that a replica can tell a late or replayed event from a newer one.
 */
export async function announceProduct(tx: Sql, outbox: OutboxWriter, product: Product): Promise<void> {
  await outbox.add(tx, InventoryEvents.ProductUpserted, {
    subject: product.productId,
    data: { product_id: product.productId, ...productSummary(product), version: product.version },
  });
}
