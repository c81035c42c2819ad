import { html } from './html.js';
import { layout } from './layout.js';
import { greetingName, type Recipient, type RenderedMail } from './rendered-mail.js';

export interface OrderShippedData {
  readonly orderId: string;
  readonly carrier: string | null;
  readonly trackingNumber: string | null;
}

export function orderShippedMail(to: Recipient, order: OrderShippedData): RenderedMail {
  const name = greetingName(to);
  const carrier = order.carrier ?? 'our carrier';
  const tracking = order.trackingNumber
    ? {
        html: html`<p>Tracking number: <strong>${order.trackingNumber}</strong></p>`,
        text: [`Tracking number: ${order.trackingNumber}`],
      }
    : { html: html``, text: [] };
  const shipped = html`<p>Your order <strong>${order.orderId}</strong> is on its way with ${carrier}.</p>`;
  return layout(`Your order ${order.orderId} has shipped`, html`<p>Hello ${name},</p>${shipped}${tracking.html}`, [
    `Hello ${name},`,
    '',
    `Your order ${order.orderId} is on its way with ${carrier}.`,
    ...tracking.text,
  ]);
}
