import type { FastifyInstance } from 'fastify';
import { UserHttp } from '@shop/contracts';
import { registerUserExportRoute } from '@shop/http';
import { exportUserPayments } from '../application/export-user-payments.js';
import type { PaymentQueries } from '../domain/payment-queries.port.js';
import { toPaymentResponse } from './payments.response.js';

/** The payment service's share of a user's GDPR export: their payments, each with its attempts. */
export function registerPaymentsUserExport(app: FastifyInstance, queries: PaymentQueries): void {
  registerUserExportRoute(app, UserHttp.PaymentsUserExport, async (userId) => {
    const exported = await exportUserPayments(queries, userId);
    return { payments: exported.map(({ payment, attempts }) => toPaymentResponse(payment, attempts)) };
  });
}
