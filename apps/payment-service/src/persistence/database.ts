import { sqlOn, transactions, type Transactions } from '@shop/persistence';
import type pg from 'pg';
import type { PaymentQueries } from '../domain/payment-queries.port.js';
import { paymentQueries } from './payment-queries.repository.js';
import { createPaymentPrisma } from './prisma.js';

/** The payment schema as the service's wiring hands it out: transactions and the read side. */
export interface PaymentDatabase {
  /** The one kind of transaction, for every write: saga steps, the worker, erasure. */
  readonly transactions: Transactions;
  readonly queries: PaymentQueries;
  close(): Promise<void>;
}

export function paymentDatabase(pool: pg.Pool, schema: string): PaymentDatabase {
  const prisma = createPaymentPrisma(pool, schema);
  return {
    transactions: transactions(pool),
    queries: paymentQueries(prisma, sqlOn(pool)),
    close: () => prisma.$disconnect(),
  };
}
