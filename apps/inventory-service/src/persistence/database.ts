import { sqlOn, transactions, type Sql, type Transactions } from '@shop/persistence';
import type pg from 'pg';
import type { ProductCatalogue } from '../domain/product.port.js';
import { productCatalogue } from './product-catalogue.repository.js';
import { createInventoryPrisma } from './prisma.js';

/** The inventory schema as the service's wiring hands it out: transactions, plain reads, the catalogue. */
export interface InventoryDatabase {
  /** The one kind of transaction, for every write: saga, sweeper and admin paths alike. */
  readonly transactions: Transactions;
  /** Statements outside a transaction (autocommit). */
  readonly sql: Sql;
  readonly catalogue: ProductCatalogue;
  close(): Promise<void>;
}

export function inventoryDatabase(pool: pg.Pool, schema: string): InventoryDatabase {
  const prisma = createInventoryPrisma(pool, schema);
  return {
    transactions: transactions(pool),
    sql: sqlOn(pool),
    catalogue: productCatalogue(prisma, pool),
    close: () => prisma.$disconnect(),
  };
}
