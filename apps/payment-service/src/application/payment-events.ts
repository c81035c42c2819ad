import { PaymentEvents } from '@shop/contracts';
import type { OutboxWriter, PreparedOutboxEvent } from '@shop/messaging';
import type { Payment, PaymentEventName } from '../domain/payment.js';
import { refundAudit } from './refund-audit.js';

/**
 * The events a transition produced, ready for the outbox (the payment's write carries them), keyed
 * by the order id (saga topics keep one order's events on one partition).
 */
export function paymentEvents(
  outbox: OutboxWriter,
  payment: Payment,
  names: readonly PaymentEventName[],
  causationId?: string,
): PreparedOutboxEvent<unknown>[] {
  const ref = {
    order_id: payment.orderId,
    payment_id: payment.paymentId,
    amount_cents: payment.amountCents,
    currency: payment.currency,
  };
  const meta = { subject: payment.orderId, correlationId: payment.orderId, ...(causationId ? { causationId } : {}) };
  const eventsOf = (name: PaymentEventName): PreparedOutboxEvent<unknown>[] => {
    switch (name) {
      case 'authorized':
        return [
          outbox.prepare(PaymentEvents.PaymentAuthorized, {
            ...meta,
            data: {
              ...ref,
              transaction_id: required(payment.transactionId, 'transaction'),
              method: payment.methodDescription ?? payment.paymentMethod,
            },
          }),
        ];
      case 'failed':
        // The provider's decline code goes to the attempt log; the saga needs only "declined".
        return [
          outbox.prepare(PaymentEvents.PaymentFailed, {
            ...meta,
            data: { ...ref, code: 'card_declined', message: payment.failureMessage ?? 'The card was declined' },
          }),
        ];
      case 'voided':
        return [outbox.prepare(PaymentEvents.PaymentVoided, { ...meta, data: ref })];
      case 'captured':
        return [outbox.prepare(PaymentEvents.PaymentCaptured, { ...meta, data: ref })];
      case 'refunded':
        return [outbox.prepare(PaymentEvents.PaymentRefunded, { ...meta, data: ref }), refundAudit(outbox, payment)];
    }
  };
  return names.flatMap(eventsOf);
}

function required(value: string | null, what: string): string {
  if (value === null) throw new Error(`a payment event needs the ${what}`);
  return value;
}
