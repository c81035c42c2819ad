import type pg from 'pg';
import { sqlOn, transactions, type Sql } from '@shop/persistence';
import type { OrderPersistence, OrderStores } from '../application/order-deps.js';
import { catalogueReplica } from './catalogue.repository.js';
import { idempotencyKeys } from './idempotency-key.repository.js';
import { orderList } from './order-list.repository.js';
import { orderStore } from './order.repository.js';
import { pendingOrders } from './pending-order.repository.js';

/** The order service's repositories on its pool: in a transaction, or one autocommit statement each. */
export function orderDatabase(pool: pg.Pool, schema: string): OrderPersistence {
  const on = (sql: Sql): OrderStores => ({
    orders: orderStore(sql, schema),
    catalogue: catalogueReplica(sql),
    idempotencyKeys: idempotencyKeys(sql),
  });
  const autocommit = sqlOn(pool);
  return {
    transactions: transactions(pool),
    on,
    autocommit: on(autocommit),
    pendingOrders: pendingOrders(autocommit),
    orderList: orderList(autocommit),
  };
}
