/**
 * PaymentCaptured → records that the money was taken: the order's payment status becomes captured, its
 * status stays (an unknown order changes nothing). Undone by nothing: a later payment event
 * records its own status.
 */
import type { PaymentEvents } from '@shop/contracts';
import { recordPaymentStatus, type SagaDeps, type SagaHandler } from './saga-handler.js';

export const paymentCapturedConsumer = (deps: SagaDeps): SagaHandler<typeof PaymentEvents.PaymentCaptured> =>
  recordPaymentStatus(deps, 'captured');
