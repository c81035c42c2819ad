import type { ServiceDefinition } from '@shop/runtime';
import { buildApp } from './app.js';
import { createInventoryPrisma } from './persistence/prisma.js';

export const inventoryService: ServiceDefinition<import('@shop/runtime').BaseConfig> = {
  name: 'inventory-service',
  async build(infra, config) {
    const prisma = createInventoryPrisma(infra.pool, config.DATABASE_SCHEMA);
    const app = await buildApp({ infra, prisma });
    return { app, consumers: [], close: () => prisma.$disconnect() };
  },
};
