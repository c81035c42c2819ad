/**
 * PaymentAuthorized → confirms a pending order (OrderConfirmed, which makes inventory commit the
 * hold), recording the card's description and transaction; for an order already decided, only the
 * payment's status. Undone by a later cancellation (OrderCancelled → payment voids or refunds).
 */
import type { PaymentEvents } from '@shop/contracts';
import { reactToSignal, type SagaDeps, type SagaHandler } from './saga-handler.js';

export const paymentAuthorizedConsumer =
  (deps: SagaDeps): SagaHandler<typeof PaymentEvents.PaymentAuthorized> =>
  (tx, e, run) =>
    reactToSignal(
      deps,
      tx,
      run,
      e,
      e.data.order_id,
      { type: 'payment_authorized' },
      {
        payment: { status: 'authorized', method: e.data.method, transactionId: e.data.transaction_id },
      },
    );
