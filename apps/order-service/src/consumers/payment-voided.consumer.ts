/**
 * PaymentVoided → records that the authorization was released (after a cancellation, or a late
 * authorization of a cancelled order): the order's payment status becomes voided, its status stays
 * (an unknown order changes nothing). Undone by nothing: a later payment event
 * records its own status.
 */
import type { PaymentEvents } from '@shop/contracts';
import { recordPaymentStatus, type SagaDeps, type SagaHandler } from './saga-handler.js';

export const paymentVoidedConsumer = (deps: SagaDeps): SagaHandler<typeof PaymentEvents.PaymentVoided> =>
  recordPaymentStatus(deps, 'voided');
