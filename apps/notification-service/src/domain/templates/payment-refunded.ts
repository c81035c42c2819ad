import { html } from './html.js';
import { layout } from './layout.js';
import { formatMoney } from './money.js';
import { greetingName, type Recipient, type RenderedMail } from './rendered-mail.js';

export function paymentRefundedMail(
  to: Recipient,
  refund: { orderId: string; amountCents: number; currency: string },
): RenderedMail {
  const name = greetingName(to);
  const amount = formatMoney(refund.amountCents, refund.currency);
  const refunded = html`We refunded <strong>${amount}</strong> for order <strong>${refund.orderId}</strong>.`;
  return layout(
    `Refund of ${amount} for order ${refund.orderId}`,
    html`<p>Hello ${name},</p><p>${refunded} It can take a few days to show on your statement.</p>`,
    [
      `Hello ${name},`,
      '',
      `We refunded ${amount} for order ${refund.orderId}.`,
      'It can take a few days to show on your statement.',
    ],
  );
}
