/**
 * ProductUpserted → inserts the product into the catalogue replica orders are priced from, or
 * replaces it when the event carries a newer version of it than the replica holds; an older or
 * repeated version (a replay, a redelivery after a newer one) changes nothing.
 * Undone by the next ProductUpserted of the product.
 *
 * Why the catalogue's version and not a time: inventory raises it with every change of the row,
 * under the row's lock, so it grows in commit order. Its updated_at is `now()`, the start of the
 * changing transaction: of two updates queued on the row lock, the one that commits second may
 * carry the earlier time, and the event time (the outbox row's) can tie at milliseconds.
 */
import type { InventoryEvents } from '@shop/contracts';
import type { SagaDeps, SagaHandler } from './saga-handler.js';

export const productUpsertedConsumer =
  (deps: SagaDeps): SagaHandler<typeof InventoryEvents.ProductUpserted> =>
  async (tx, e) => {
    const p = e.data;
    const applied = await deps.persistence.on(tx).catalogue.upsert({
      productId: p.product_id,
      sku: p.sku,
      name: p.name,
      category: p.category,
      priceCents: p.price_cents,
      currency: p.currency,
      status: p.status,
      updatedAt: new Date(e.time),
      version: p.version ?? null,
    });
    if (!applied) {
      deps.logger.debug({ productId: p.product_id, version: p.version }, 'catalogue already holds a newer product');
    }
  };
