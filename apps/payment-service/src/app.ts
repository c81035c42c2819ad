import type { FastifyInstance } from 'fastify';
import { createHttpApp } from '@shop/http';
import type { Infrastructure } from '@shop/runtime';
import type { PaymentPrisma } from './persistence/prisma.js';
import { prismaPaymentQueries } from './persistence/payment-queries.js';
import { paymentRoutes } from './routes/payments/index.js';

export interface PaymentAppDeps {
  readonly infra: Pick<Infrastructure, 'logger' | 'metrics' | 'readiness' | 'publicKey' | 'jwksUrl' | 'corsOrigins' | 'rateLimit'>;
  readonly prisma: PaymentPrisma;
}

/** The payment service's HTTP app: shared plugins from @shop/http, then this service's routes. */
export async function buildApp(deps: PaymentAppDeps): Promise<FastifyInstance> {
  const app = await createHttpApp({ name: 'payment-service', logger: deps.infra.logger, metrics: deps.infra.metrics, readiness: deps.infra.readiness, publicKey: deps.infra.publicKey, jwksUrl: deps.infra.jwksUrl, corsOrigins: deps.infra.corsOrigins, rateLimit: deps.infra.rateLimit });
  await app.register(paymentRoutes, { prefix: '/api/v1/payments', queries: prismaPaymentQueries(deps.prisma) });
  return app;
}
