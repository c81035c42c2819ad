import type { OutboxWriter } from '@shop/messaging';
import type { Transactions } from '@shop/persistence';
import type { ProductCatalogue } from '../domain/product.port.js';

/** What the catalogue use cases need: transactions for writes, the catalogue for reads, and the outbox. */
export interface CatalogueDeps {
  readonly transactions: Transactions;
  readonly catalogue: ProductCatalogue;
  readonly outbox: OutboxWriter;
}
