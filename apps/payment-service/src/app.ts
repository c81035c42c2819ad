import type { FastifyInstance } from 'fastify';
import { UserHttp } from '@shop/contracts';
import { createHttpApp, registerUserExportRoute } from '@shop/http';
import type { Infrastructure } from '@shop/runtime';
import { exportUserPayments } from './gdpr/export-user-payments.js';
import type { PaymentPrisma } from './persistence/prisma.js';
import { prismaPaymentQueries } from './persistence/payment-queries.js';
import { paymentRoutes } from './routes/payments/index.js';

export interface PaymentAppDeps {
  readonly infra: Pick<Infrastructure, 'logger' | 'metrics' | 'readiness' | 'publicKey' | 'jwksUrl' | 'corsOrigins' | 'trustProxy' | 'rateLimit'>;
  readonly prisma: PaymentPrisma;
}

/** The payment service's HTTP app: shared plugins from @shop/http, then this service's routes. */
export async function buildApp(deps: PaymentAppDeps): Promise<FastifyInstance> {
  const app = await createHttpApp('payment-service', deps.infra);
  await app.register(paymentRoutes, { prefix: '/api/v1/payments', queries: prismaPaymentQueries(deps.prisma) });
  registerUserExportRoute(app, UserHttp.PaymentsUserExport, (userId) => exportUserPayments(deps.prisma, userId));
  return app;
}
