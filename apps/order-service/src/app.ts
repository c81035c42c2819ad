import type { FastifyInstance } from 'fastify';
import { UserHttp } from '@shop/contracts';
import { createHttpApp, registerUserExportRoute, type HttpInfrastructure } from '@shop/http';
import { exportUserOrders } from './application/export-user-orders.js';
import { orderRoutes, type OrderRouteDeps } from './http/orders.routes.js';
import { toOrderResponse } from './http/orders.response.js';

export interface OrderAppDeps extends OrderRouteDeps {
  readonly infra: HttpInfrastructure;
}

/** The order service's HTTP app: shared plugins from @shop/http, then the orders API. */
export async function buildApp(deps: OrderAppDeps): Promise<FastifyInstance> {
  const app = await createHttpApp('order-service', deps.infra);
  await app.register(async (scope) => orderRoutes(scope, deps));
  registerUserExportRoute(app, UserHttp.OrdersUserExport, async (userId) => ({
    orders: (await exportUserOrders(deps.exports, userId)).map(toOrderResponse),
  }));
  return app;
}
