/**
 * PaymentFailed → cancels a pending order (OrderCancelled, reason payment_failed, with the card's
 * code and message for the waiting request). Its compensation is downstream: on OrderCancelled
 * inventory releases the hold. Nothing undoes a cancellation.
 */
import type { PaymentEvents } from '@shop/contracts';
import { reactToSignal, type SagaDeps, type SagaHandler } from './saga-handler.js';

export const paymentFailedConsumer =
  (deps: SagaDeps): SagaHandler<typeof PaymentEvents.PaymentFailed> =>
  (tx, e, run) =>
    reactToSignal(
      deps,
      tx,
      run,
      e,
      e.data.order_id,
      { type: 'payment_failed' },
      {
        payment: { status: 'failed' },
        failure: { code: e.data.code, message: e.data.message },
      },
    );
