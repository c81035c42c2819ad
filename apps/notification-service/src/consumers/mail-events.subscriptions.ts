import { PaymentEvents } from '@shop/contracts';
import { ignoring, type Subscription } from '@shop/messaging';
import { mailHandlerContext, type MailConsumerDeps } from './mail-consumer.js';
import { orderCancelledConsumer } from './order-cancelled.consumer.js';
import { orderConfirmedConsumer } from './order-confirmed.consumer.js';
import { orderPlacedConsumer } from './order-placed.consumer.js';
import { orderStatusChangedConsumer } from './order-status-changed.consumer.js';
import { paymentRefundedConsumer } from './payment-refunded.consumer.js';
import { userDeletedConsumer } from './user-deleted.consumer.js';
import { userRegisteredConsumer } from './user-registered.consumer.js';
import { userUpdatedConsumer } from './user-updated.consumer.js';

export { MAIL_CONSUMER, type MailConsumerDeps } from './mail-consumer.js';

/**
 * The mail consumer's subscriptions on users.events, orders.events and payments.events: the
 * contact and order replicas, and a 'pending' notification for each mail to send (nothing is sent
 * here: the sender does that after commit). Every handler commits with its inbox row, so a
 * redelivered event records nothing new; the (event_id, template) key stops a concurrent
 * duplicate as well. Of the payments, only a refund is mailed: the saga's other payment events are
 * declared ignored, so that any other type is parked, not dropped.
 */
export function mailEventSubscriptions(deps: MailConsumerDeps): Subscription[] {
  const ctx = mailHandlerContext(deps);
  return [
    userRegisteredConsumer(ctx),
    userUpdatedConsumer(ctx),
    userDeletedConsumer(ctx),
    orderPlacedConsumer(ctx),
    orderConfirmedConsumer(ctx),
    orderCancelledConsumer(ctx),
    orderStatusChangedConsumer(ctx),
    paymentRefundedConsumer(ctx),
    ...ignoring(
      PaymentEvents.PaymentAuthorized,
      PaymentEvents.PaymentFailed,
      PaymentEvents.PaymentVoided,
      PaymentEvents.PaymentCaptured,
    ),
  ];
}
