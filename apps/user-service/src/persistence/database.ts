import type pg from 'pg';
import { sqlOn, transactions, type Sql, type Transactions } from '@shop/persistence';
import type { UserReads } from '../domain/user.port.js';
import { createUserPrisma } from './prisma.js';
import { userReads } from './user-read.repository.js';

/** The service's ways into its schema: SQL transactions, SQL on the pool, and Prisma for single reads. */
export interface UserDatabase {
  readonly transactions: Transactions;
  readonly sql: Sql;
  readonly reads: UserReads;
  close(): Promise<void>;
}

export function userDatabase(pool: pg.Pool, schema: string): UserDatabase {
  const prisma = createUserPrisma(pool, schema);
  return {
    transactions: transactions(pool),
    sql: sqlOn(pool),
    reads: userReads(prisma),
    close: () => prisma.$disconnect(),
  };
}
