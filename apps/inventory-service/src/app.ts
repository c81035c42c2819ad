import type { FastifyInstance } from 'fastify';
import type { OutboxWriter } from '@shop/messaging';
import { createHttpApp } from '@shop/http';
import type { Infrastructure } from '@shop/runtime';
import type { InventoryPrisma } from './persistence/prisma.js';
import { productRoutes } from './routes/products/index.js';

export interface InventoryAppDeps {
  readonly infra: Pick<Infrastructure, 'logger' | 'metrics' | 'readiness' | 'publicKey' | 'jwksUrl' | 'corsOrigins' | 'trustProxy' | 'rateLimit'>;
  readonly prisma: InventoryPrisma;
  readonly outbox: OutboxWriter;
}

/** The inventory service's HTTP app: shared plugins from @shop/http, then this service's routes. */
export async function buildApp(deps: InventoryAppDeps): Promise<FastifyInstance> {
  const app = await createHttpApp('inventory-service', deps.infra);
  await app.register(productRoutes, { prefix: '/api/v1', prisma: deps.prisma, outbox: deps.outbox });
  return app;
}
