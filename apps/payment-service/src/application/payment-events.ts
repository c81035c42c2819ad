import { PaymentEvents } from '@shop/contracts';
import type { OutboxWriter, SqlTransaction } from '@shop/messaging';
import type { Payment, PaymentEventName } from '../domain/payment.js';
import { auditRefund } from './refund-audit.js';

/**
 * Writes the events a transition produced into the outbox, in the caller's transaction, keyed by
 * the order id (saga topics keep one order's events on one partition).
 */
export async function writePaymentEvents(
  outbox: OutboxWriter,
  tx: SqlTransaction,
  payment: Payment,
  names: readonly PaymentEventName[],
  causationId?: string,
): Promise<void> {
  const ref = { order_id: payment.orderId, payment_id: payment.paymentId, amount_cents: payment.amountCents, currency: payment.currency };
  const meta = { subject: payment.orderId, correlationId: payment.orderId, ...(causationId ? { causationId } : {}) };
  for (const name of names) {
    switch (name) {
      case 'authorized':
        await outbox.add(tx, PaymentEvents.PaymentAuthorized, {
          ...meta,
          data: { ...ref, transaction_id: required(payment.transactionId, 'transaction'), method: payment.methodDescription ?? payment.paymentMethod },
        });
        break;
      case 'failed':
        // The provider's decline code goes to the attempt log; the saga needs only "declined".
        await outbox.add(tx, PaymentEvents.PaymentFailed, {
          ...meta,
          data: { ...ref, code: 'card_declined', message: payment.failureMessage ?? 'The card was declined' },
        });
        break;
      case 'voided':
        await outbox.add(tx, PaymentEvents.PaymentVoided, { ...meta, data: ref });
        break;
      case 'captured':
        await outbox.add(tx, PaymentEvents.PaymentCaptured, { ...meta, data: ref });
        break;
      case 'refunded':
        await outbox.add(tx, PaymentEvents.PaymentRefunded, { ...meta, data: ref });
        await auditRefund(outbox, tx, payment);
        break;
    }
  }
}

function required(value: string | null, what: string): string {
  if (value === null) throw new Error(`a payment event needs the ${what}`);
  return value;
}
