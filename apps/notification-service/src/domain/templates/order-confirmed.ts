import { html } from './html.js';
import { layout } from './layout.js';
import { formatMoney } from './money.js';
import { greetingName, type Recipient, type RenderedMail } from './rendered-mail.js';

export interface OrderLine {
  readonly productId: string;
  readonly quantity: number;
  readonly unitPriceCents: number;
}

export interface OrderConfirmedData {
  readonly orderId: string;
  readonly totalCents: number;
  readonly currency: string;
  /** From the order replica (OrderPlaced); absent when it has not arrived. */
  readonly lines?: readonly OrderLine[] | undefined;
}

export function orderConfirmedMail(to: Recipient, order: OrderConfirmedData): RenderedMail {
  const name = greetingName(to);
  const total = formatMoney(order.totalCents, order.currency);
  const lines = order.lines ?? [];
  const lineTotal = (l: OrderLine) => formatMoney(l.quantity * l.unitPriceCents, order.currency);
  const table = lines.length
    ? html`<table><thead><tr><th>Product</th><th>Qty</th><th>Price</th></tr></thead><tbody>${lines.map(
        (l) => html`<tr><td>${l.productId}</td><td>${l.quantity}</td><td>${lineTotal(l)}</td></tr>`,
      )}</tbody></table>`
    : '';
  const confirmed = html`<p>Thank you! Your order <strong>${order.orderId}</strong> is confirmed.</p>`;
  return layout(
    `Your order ${order.orderId} is confirmed`,
    html`<p>Hello ${name},</p>${confirmed}${table}<p>Total: <strong>${total}</strong></p>`,
    [
      `Hello ${name},`,
      '',
      `Thank you! Your order ${order.orderId} is confirmed.`,
      ...lines.map((l) => `  ${l.quantity} x ${l.productId}  ${lineTotal(l)}`),
      `Total: ${total}`,
    ],
  );
}
