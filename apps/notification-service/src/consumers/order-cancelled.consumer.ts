import { OrderEvents } from '@shop/contracts';
import type { Subscription } from '@shop/messaging';
import { orderMailSubscription, type MailHandlerContext } from './mail-consumer.js';

/**
 * OrderCancelled → the cancellation mail, naming the reason, recorded 'pending', with the order
 * replica's owner. Undone by nothing: a mail sent stays sent.
 */
export const orderCancelledConsumer = (ctx: MailHandlerContext): Subscription =>
  orderMailSubscription(ctx, OrderEvents.OrderCancelled);
