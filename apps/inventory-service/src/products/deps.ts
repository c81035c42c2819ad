import type { OutboxWriter } from '@shop/messaging';
import type { InventoryPrisma } from '../persistence/prisma.js';

/** What the catalogue use cases need: the database and the outbox. */
export interface CatalogueDeps {
  readonly prisma: InventoryPrisma;
  readonly outbox: OutboxWriter;
}
