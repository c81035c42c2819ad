import { PaymentEvents } from '@shop/contracts';
import { on, type Subscription } from '@shop/messaging';
import { recordMail } from '../application/record-mail.js';
import type { MailHandlerContext } from './mail-consumer.js';

/**
 * PaymentRefunded → the refund mail recorded 'pending'; the event names only the order, so the
 * sender finds the user through the order replica. Undone by nothing: a mail sent stays sent.
 */
export const paymentRefundedConsumer = (ctx: MailHandlerContext): Subscription =>
  on(
    PaymentEvents.PaymentRefunded,
    ctx.once(async (tx, event) => {
      await recordMail({ tx, schema: ctx.schema, definition: PaymentEvents.PaymentRefunded, event, at: ctx.now() });
    }),
  );
