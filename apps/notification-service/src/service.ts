import type { ServiceDefinition } from '@shop/runtime';
import { buildApp } from './app.js';
import { createNotificationPrisma } from './persistence/prisma.js';

export const notificationService: ServiceDefinition<import('@shop/runtime').BaseConfig> = {
  name: 'notification-service',
  async build(infra, config) {
    const prisma = createNotificationPrisma(infra.pool, config.DATABASE_SCHEMA);
    const app = await buildApp({ infra, prisma });
    return { app, consumers: [], close: () => prisma.$disconnect() };
  },
};
