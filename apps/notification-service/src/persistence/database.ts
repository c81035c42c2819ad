import type pg from 'pg';
import { sqlOn, transactions, type Sql, type Transactions } from '@shop/persistence';

/** The service's two ways onto its pool: a transaction for every unit of work, or one statement on its own. */
export interface NotificationDatabase {
  readonly inTransaction: Transactions;
  readonly autocommit: Sql;
}

export function notificationDatabase(pool: pg.Pool): NotificationDatabase {
  return { inTransaction: transactions(pool), autocommit: sqlOn(pool) };
}
