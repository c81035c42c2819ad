import type { ServiceDefinition } from '@shop/runtime';
import { buildApp } from './app.js';
import { createPaymentPrisma } from './persistence/prisma.js';

export const paymentService: ServiceDefinition<import('@shop/runtime').BaseConfig> = {
  name: 'payment-service',
  async build(infra, config) {
    const prisma = createPaymentPrisma(infra.pool, config.DATABASE_SCHEMA);
    const app = await buildApp({ infra, prisma });
    return { app, consumers: [], close: () => prisma.$disconnect() };
  },
};
