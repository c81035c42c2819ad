import type { ServiceDefinition } from '@shop/runtime';
import { buildApp } from './app.js';
import { inventoryConfigSchema, type InventoryConfig } from './config.js';
import { ordersSubscriptions } from './consumers/orders.subscriptions.js';
import { inventoryDatabase } from './persistence/database.js';
import { createExpirySweeper } from './workers/reservation-expiry.sweeper.js';

/** Inventory: the catalogue API, reservations driven by orders.events, and the hold-expiry sweeper. */
export const inventoryService: ServiceDefinition<InventoryConfig> = {
  name: 'inventory-service',
  configSchema: inventoryConfigSchema,
  async build(infra, config) {
    const database = inventoryDatabase(infra.pool, config.DATABASE_SCHEMA);
    const { transactions, sql, catalogue } = database;
    const clock = () => new Date();
    const app = await buildApp({ infra, catalogue: { transactions, catalogue, outbox: infra.outbox } });
    const reservations = {
      outbox: infra.outbox,
      ttlSeconds: config.RESERVATION_TTL_SECONDS,
      clock,
      logger: infra.logger.child({ component: 'reservations' }),
      refusals: infra.metrics.sagaEventsRefused,
    };
    const orders = infra.consumer('orders', ordersSubscriptions(transactions, reservations));
    const sweeper = createExpirySweeper({
      transactions,
      sql,
      outbox: infra.outbox,
      intervalMs: config.RESERVATION_SWEEP_INTERVAL_MS,
      clock,
      logger: infra.logger.child({ component: 'reservation-sweeper' }),
    });
    return { app, consumers: [orders], background: sweeper, close: () => database.close() };
  },
};
