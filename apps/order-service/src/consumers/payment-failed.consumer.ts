/**
 * PaymentFailed → cancels a pending order (OrderCancelled, reason payment_failed, with the card's
 * code and message for the waiting request). Its compensation is downstream: on OrderCancelled
 * inventory releases the hold. Nothing undoes a cancellation.
 */
import type { PaymentEvents } from '@shop/contracts';
import { signalConsumer } from './saga-handler.js';

export const paymentFailedConsumer = signalConsumer<typeof PaymentEvents.PaymentFailed>((e) => ({
  orderId: e.data.order_id,
  signal: { type: 'payment_failed' },
  context: { payment: { status: 'failed' }, failure: { code: e.data.code, message: e.data.message } },
}));
