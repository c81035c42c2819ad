import { html } from './html.js';
import { layout } from './layout.js';
import { greetingName, type Recipient, type RenderedMail } from './rendered-mail.js';

export type CancellationReason =
  'insufficient_inventory' | 'payment_failed' | 'reservation_expired' | 'customer_request' | 'support_request';

const reasonText: Record<CancellationReason, string> = {
  insufficient_inventory: 'some items are out of stock',
  payment_failed: 'the payment could not be completed',
  reservation_expired: 'the payment did not complete in time',
  customer_request: 'you asked us to cancel it',
  support_request: 'our support team cancelled it',
};

export const describeReason = (reason: CancellationReason): string => reasonText[reason];

export function orderCancelledMail(
  to: Recipient,
  order: { orderId: string; reason: CancellationReason },
): RenderedMail {
  const name = greetingName(to);
  const why = describeReason(order.reason);
  const cancelled = html`<p>Your order <strong>${order.orderId}</strong> was cancelled because ${why}.</p>`;
  return layout(
    `Your order ${order.orderId} was cancelled`,
    html`<p>Hello ${name},</p>${cancelled}<p>Any amount held on your card is released.</p>`,
    [
      `Hello ${name},`,
      '',
      `Your order ${order.orderId} was cancelled because ${why}.`,
      'Any amount held on your card is released.',
    ],
  );
}
