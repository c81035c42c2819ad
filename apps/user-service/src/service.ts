import type { ServiceDefinition } from '@shop/runtime';
import { buildApp } from './app.js';
import { createUserPrisma } from './persistence/prisma.js';

export const userService: ServiceDefinition<import('@shop/runtime').BaseConfig> = {
  name: 'user-service',
  async build(infra, config) {
    const prisma = createUserPrisma(infra.pool, config.DATABASE_SCHEMA);
    const app = await buildApp({ infra, prisma });
    return { app, consumers: [], close: () => prisma.$disconnect() };
  },
};
