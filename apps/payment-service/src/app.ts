import type { FastifyInstance } from 'fastify';
import { createHttpApp, type HttpInfrastructure } from '@shop/http';
import type { PaymentQueries } from './domain/payment-queries.port.js';
import { paymentRoutes } from './http/payments.routes.js';
import { registerPaymentsUserExport } from './http/user-export.routes.js';

export interface PaymentAppDeps {
  readonly infra: HttpInfrastructure;
  readonly queries: PaymentQueries;
}

/** The payment service's HTTP app: shared plugins from @shop/http, then this service's routes. */
export async function buildApp(deps: PaymentAppDeps): Promise<FastifyInstance> {
  const app = await createHttpApp('payment-service', deps.infra);
  await app.register(paymentRoutes, { prefix: '/api/v1/payments', queries: deps.queries });
  registerPaymentsUserExport(app, deps.queries);
  return app;
}
