import type { EventPayload, OrderEvents, PaymentEvents, UserEvents } from '@shop/contracts';
import type { CancellationReason } from './templates/order-cancelled.js';

/** The mails this service sends; with the triggering event id, the key of a notification. */
export type Template = 'welcome' | 'order_confirmed' | 'order_cancelled' | 'order_shipped' | 'payment_refunded';

/** An incoming event that may call for a mail, by its CloudEvents type. */
export type MailEvent =
  | { type: typeof UserEvents.UserRegistered.type; data: EventPayload<typeof UserEvents.UserRegistered> }
  | { type: typeof OrderEvents.OrderConfirmed.type; data: EventPayload<typeof OrderEvents.OrderConfirmed> }
  | { type: typeof OrderEvents.OrderCancelled.type; data: EventPayload<typeof OrderEvents.OrderCancelled> }
  | { type: typeof OrderEvents.OrderStatusChanged.type; data: EventPayload<typeof OrderEvents.OrderStatusChanged> }
  | { type: typeof PaymentEvents.PaymentRefunded.type; data: EventPayload<typeof PaymentEvents.PaymentRefunded> };

/** What a template needs beyond the recipient, taken from the event alone. */
export type MailContent =
  | { template: 'welcome' }
  | { template: 'order_confirmed'; orderId: string; totalCents: number; currency: string }
  | { template: 'order_cancelled'; orderId: string; reason: CancellationReason }
  | { template: 'order_shipped'; orderId: string; carrier: string | null; trackingNumber: string | null }
  | { template: 'payment_refunded'; orderId: string; amountCents: number; currency: string };

export interface MailPlan {
  readonly content: MailContent;
  /** null when the event names only the order (a refund): the order replica gives the user. */
  readonly userId: string | null;
  readonly orderId: string | null;
}

/**
 * Which mail an event calls for, if any. Pure: the consumer uses it to record the pending
 * notification, the sender to render it from the stored event.
 */
export function planMail(event: MailEvent): MailPlan | null {
  switch (event.type) {
    case 'com.shop.user.registered.v1':
      return { content: { template: 'welcome' }, userId: event.data.user_id, orderId: null };
    case 'com.shop.order.confirmed.v1': {
      const { order_id, user_id, total_cents, currency } = event.data;
      return {
        content: { template: 'order_confirmed', orderId: order_id, totalCents: total_cents, currency },
        userId: user_id,
        orderId: order_id,
      };
    }
    case 'com.shop.order.cancelled.v1': {
      const { order_id, user_id, reason } = event.data;
      return {
        content: { template: 'order_cancelled', orderId: order_id, reason },
        userId: user_id,
        orderId: order_id,
      };
    }
    case 'com.shop.order.status-changed.v1': {
      const { order_id, user_id, to, carrier, tracking_number } = event.data;
      if (to !== 'shipped') return null;
      return {
        content: {
          template: 'order_shipped',
          orderId: order_id,
          carrier: carrier ?? null,
          trackingNumber: tracking_number ?? null,
        },
        userId: user_id,
        orderId: order_id,
      };
    }
    case 'com.shop.payment.refunded.v1': {
      const { order_id, amount_cents, currency } = event.data;
      return {
        content: { template: 'payment_refunded', orderId: order_id, amountCents: amount_cents, currency },
        userId: null,
        orderId: order_id,
      };
    }
  }
}
