/**
 * PaymentAuthorized → confirms a pending order (OrderConfirmed, which makes inventory commit the
 * hold), recording the card's description and transaction; for an order already decided, only the
 * payment's status. Undone by a later cancellation (OrderCancelled → payment voids or refunds).
 */
import type { PaymentEvents } from '@shop/contracts';
import { signalConsumer } from './saga-handler.js';

export const paymentAuthorizedConsumer = signalConsumer<typeof PaymentEvents.PaymentAuthorized>((e) => ({
  orderId: e.data.order_id,
  signal: { type: 'payment_authorized' },
  context: { payment: { status: 'authorized', method: e.data.method, transactionId: e.data.transaction_id } },
}));
