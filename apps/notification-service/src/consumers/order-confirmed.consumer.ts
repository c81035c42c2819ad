import { OrderEvents } from '@shop/contracts';
import type { Subscription } from '@shop/messaging';
import { orderMailSubscription, type MailHandlerContext } from './mail-consumer.js';

/**
 * OrderConfirmed → the confirmation mail recorded 'pending', with the order replica's owner.
 * Undone by nothing: a mail sent stays sent; a later cancellation sends its own mail.
 */
export const orderConfirmedConsumer = (ctx: MailHandlerContext): Subscription =>
  orderMailSubscription(ctx, OrderEvents.OrderConfirmed);
