import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { authenticate, decodeKeysetCursor, keysetPageResponse, requireRole } from '@shop/http';
import { DomainError } from '@shop/contracts';
import { getPayment } from '../application/get-payment.js';
import { listPayments } from '../application/list-payments.js';
import type { PaymentQueries } from '../domain/payment-queries.port.js';
import { toPaymentResponse, toSummaryResponse } from './payments.response.js';
import {
  ErrorEnvelope,
  PaymentListQuery,
  PaymentListResponse,
  PaymentParams,
  PaymentResponse,
} from './payments.schemas.js';

export interface PaymentRoutesOptions {
  readonly queries: PaymentQueries;
}

const errors = { 400: ErrorEnvelope, 401: ErrorEnvelope, 403: ErrorEnvelope };

/** `/api/v1/payments`: support and admins look payments up (refunds are theirs too). */
export const paymentRoutes: FastifyPluginAsync<PaymentRoutesOptions> = async (app, { queries }) => {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const access = { onRequest: [authenticate], preHandler: [requireRole('support', 'admin')] };

  typed.get(
    '/:payment_id',
    {
      ...access,
      schema: {
        summary: 'A payment with every provider attempt',
        tags: ['payments'],
        security: [{ bearerAuth: [] }],
        params: PaymentParams,
        response: { 200: PaymentResponse, ...errors, 404: ErrorEnvelope },
      },
    },
    async (request) => {
      const found = await getPayment(queries, request.params.payment_id);
      if (!found) throw new DomainError('NOT_FOUND', `Payment ${request.params.payment_id} not found`);
      return toPaymentResponse(found.payment, found.attempts);
    },
  );

  typed.get(
    '',
    {
      ...access,
      schema: {
        summary: 'Payments, newest first, by order or status (cursor pagination)',
        tags: ['payments'],
        security: [{ bearerAuth: [] }],
        querystring: PaymentListQuery,
        response: { 200: PaymentListResponse, ...errors },
      },
    },
    async (request) => {
      const { order_id, status, limit, cursor } = request.query;
      const page = await listPayments(queries, {
        limit,
        ...(order_id ? { orderId: order_id } : {}),
        ...(status ? { status } : {}),
        after: decodeKeysetCursor(cursor, 'timestamptz'),
      });
      return keysetPageResponse(page, toSummaryResponse);
    },
  );
};
