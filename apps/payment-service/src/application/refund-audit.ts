import { prepareAudit, type OutboxWriter } from '@shop/messaging';
import type { Payment } from '../domain/payment.js';

/**
 * A refund is money going back: it goes on the audit trail with the capture it reverses. The
 * saga starts it when an order is cancelled after capture, and OrderCancelled names neither the
 * person nor the request, so the record has no actor and says the saga initiated it; the order's
 * own `order.cancelled` record (same order id) names who cancelled.
 */
export function refundAudit(outbox: OutboxWriter, payment: Payment) {
  return prepareAudit(outbox, {
    action: 'payment.refunded',
    actor: null,
    requestId: null,
    target: { type: 'payment', id: payment.paymentId },
    details: {
      order_id: payment.orderId,
      amount_cents: payment.amountCents,
      currency: payment.currency,
      provider_reference: payment.transactionId,
      initiated_by: 'saga',
    },
    ...(payment.refundedAt ? { at: payment.refundedAt } : {}),
  });
}
