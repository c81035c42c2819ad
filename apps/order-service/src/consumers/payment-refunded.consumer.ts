/**
 * PaymentRefunded → records that the money went back: the order's payment status becomes refunded, its
 * status stays (an unknown order changes nothing). Undone by nothing: a later payment event
 * records its own status.
 */
import type { PaymentEvents } from '@shop/contracts';
import { recordPaymentStatus, type SagaDeps, type SagaHandler } from './saga-handler.js';

export const paymentRefundedConsumer = (deps: SagaDeps): SagaHandler<typeof PaymentEvents.PaymentRefunded> =>
  recordPaymentStatus(deps, 'refunded');
