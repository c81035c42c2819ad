import type { ServiceDefinition } from '@shop/runtime';
import { buildApp } from './app.js';
import { inventoryConfigSchema, type InventoryConfig } from './config.js';
import { createInventoryPrisma } from './persistence/prisma.js';
import { createExpirySweeper } from './reservations/expiry-sweeper.js';
import { ordersSubscriptions } from './reservations/orders.consumer.js';

/** Inventory: the catalogue API, reservations driven by orders.events, and the hold-expiry sweeper. */
export const inventoryService: ServiceDefinition<InventoryConfig> = {
  name: 'inventory-service',
  configSchema: inventoryConfigSchema,
  async build(infra, config) {
    const prisma = createInventoryPrisma(infra.pool, config.DATABASE_SCHEMA);
    const clock = () => new Date();
    const app = await buildApp({ infra, prisma, outbox: infra.outbox });
    const orders = infra.consumer(
      'orders',
      ordersSubscriptions(infra.pool, { outbox: infra.outbox, ttlSeconds: config.RESERVATION_TTL_SECONDS, clock, logger: infra.logger.child({ component: 'reservations' }) }),
    );
    const sweeper = createExpirySweeper({
      pool: infra.pool,
      outbox: infra.outbox,
      intervalMs: config.RESERVATION_SWEEP_INTERVAL_MS,
      clock,
      logger: infra.logger.child({ component: 'reservation-sweeper' }),
    });
    return { app, consumers: [orders], background: sweeper, close: () => prisma.$disconnect() };
  },
};
