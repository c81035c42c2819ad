import type { FastifyInstance } from 'fastify';
import { UserHttp } from '@shop/contracts';
import { createHttpApp, registerUserExportRoute } from '@shop/http';
import type { Infrastructure } from '@shop/runtime';
import { exportUserOrders } from './gdpr/export-user-orders.js';
import { orderRoutes } from './routes/orders/index.js';
import type { OrderRouteDeps } from './routes/orders/deps.js';

export interface OrderAppDeps extends OrderRouteDeps {
  readonly infra: Pick<Infrastructure, 'logger' | 'metrics' | 'readiness' | 'publicKey' | 'jwksUrl' | 'corsOrigins' | 'trustProxy' | 'rateLimit'>;
}

/** The order service's HTTP app: shared plugins from @shop/http, then the orders API. */
export async function buildApp(deps: OrderAppDeps): Promise<FastifyInstance> {
  const app = await createHttpApp('order-service', deps.infra);
  await app.register(async (scope) => orderRoutes(scope, deps));
  registerUserExportRoute(app, UserHttp.OrdersUserExport, (userId) => exportUserOrders(deps.prisma, userId));
  return app;
}
