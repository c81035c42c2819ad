import type { FastifyInstance } from 'fastify';
import { createHttpApp, type HttpInfrastructure } from '@shop/http';
import type { CatalogueDeps } from './application/catalogue-deps.js';
import { productRoutes } from './http/products.routes.js';

export interface InventoryAppDeps {
  readonly infra: HttpInfrastructure;
  readonly catalogue: CatalogueDeps;
}

/** The inventory service's HTTP app: shared plugins from @shop/http, then this service's routes. */
export async function buildApp(deps: InventoryAppDeps): Promise<FastifyInstance> {
  const app = await createHttpApp('inventory-service', deps.infra);
  await app.register(productRoutes, { prefix: '/api/v1', ...deps.catalogue });
  return app;
}
