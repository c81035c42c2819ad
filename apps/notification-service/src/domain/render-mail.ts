import type { MailContent } from './notification-plan.js';
import { orderCancelledMail } from './templates/order-cancelled.js';
import { orderConfirmedMail, type OrderLine } from './templates/order-confirmed.js';
import { orderShippedMail } from './templates/order-shipped.js';
import { paymentRefundedMail } from './templates/payment-refunded.js';
import type { Recipient, RenderedMail } from './templates/rendered-mail.js';
import { welcomeMail } from './templates/welcome.js';

/** The mail for one notification: its content, the recipient and (if known) the order's lines. */
export function renderMail(content: MailContent, to: Recipient, lines?: readonly OrderLine[]): RenderedMail {
  switch (content.template) {
    case 'welcome':
      return welcomeMail(to);
    case 'order_confirmed':
      return orderConfirmedMail(to, { ...content, lines });
    case 'order_cancelled':
      return orderCancelledMail(to, content);
    case 'order_shipped':
      return orderShippedMail(to, content);
    case 'payment_refunded':
      return paymentRefundedMail(to, content);
  }
}
