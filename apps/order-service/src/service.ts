import type { ServiceDefinition } from '@shop/runtime';
import { buildApp } from './app.js';
import { createOrderPrisma } from './persistence/prisma.js';

export const orderService: ServiceDefinition<import('@shop/runtime').BaseConfig> = {
  name: 'order-service',
  async build(infra, config) {
    const prisma = createOrderPrisma(infra.pool, config.DATABASE_SCHEMA);
    const app = await buildApp({ infra, prisma });
    return { app, consumers: [], close: () => prisma.$disconnect() };
  },
};
