import { OrderEvents } from '@shop/contracts';
import type { Subscription } from '@shop/messaging';
import { orderMailSubscription, type MailHandlerContext } from './mail-consumer.js';

/**
 * OrderStatusChanged → on 'shipped', the shipping mail (carrier, tracking number) recorded
 * 'pending'; any other change only keeps the order replica's owner. Undone by nothing: a mail
 * sent stays sent.
 */
export const orderStatusChangedConsumer = (ctx: MailHandlerContext): Subscription =>
  orderMailSubscription(ctx, OrderEvents.OrderStatusChanged);
