/**
 * ProductUpserted → inserts or replaces the product in the catalogue replica orders are priced
 * from (the catalogue's latest word wins). Undone by the next ProductUpserted of the product.
 */
import type { InventoryEvents } from '@shop/contracts';
import type { SagaDeps, SagaHandler } from './saga-handler.js';

export const productUpsertedConsumer =
  (deps: SagaDeps): SagaHandler<typeof InventoryEvents.ProductUpserted> =>
  async (tx, e) => {
    const p = e.data;
    await deps.persistence.on(tx).catalogue.upsert({
      productId: p.product_id,
      sku: p.sku,
      name: p.name,
      category: p.category,
      priceCents: p.price_cents,
      currency: p.currency,
      status: p.status,
      updatedAt: new Date(e.time),
    });
  };
