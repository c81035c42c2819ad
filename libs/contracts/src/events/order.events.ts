import { z } from 'zod';
import { Topics } from '../topics.js';
import { defineEvent } from './define-event.js';
import { Cents, Uuid } from './common.js';
import { SealedCardToken } from '../sealed-card-token.js';

export const OrderStatus = z.enum(['pending', 'confirmed', 'processing', 'shipped', 'delivered', 'cancelled']);
export type OrderStatus = z.infer<typeof OrderStatus>;

/**
 * v2: the card token travels sealed for the payment service alone (`sealed_token`, see
 * sealed-card-token.ts); v1 carried it in clear as `token`, which every consumer could read.
 */
export const OrderPlaced = defineEvent(
  'com.shop.order.placed.v2',
  Topics.orders,
  z.object({
    order_id: Uuid,
    user_id: Uuid,
    items: z
      .array(z.object({ product_id: Uuid, quantity: z.number().int().positive(), unit_price_cents: Cents }))
      .min(1),
    total_cents: Cents,
    currency: z.string().length(3),
    payment_method: z.object({ type: z.literal('card'), sealed_token: SealedCardToken }),
  }),
);

export const OrderConfirmed = defineEvent(
  'com.shop.order.confirmed.v1',
  Topics.orders,
  z.object({ order_id: Uuid, user_id: Uuid, total_cents: Cents, currency: z.string().length(3) }),
);

export const OrderCancelled = defineEvent(
  'com.shop.order.cancelled.v1',
  Topics.orders,
  z.object({
    order_id: Uuid,
    user_id: Uuid,
    previous_status: OrderStatus,
    reason: z.enum([
      'insufficient_inventory',
      'payment_failed',
      'reservation_expired',
      'customer_request',
      'support_request',
    ]),
  }),
);

export const OrderStatusChanged = defineEvent(
  'com.shop.order.status-changed.v1',
  Topics.orders,
  z.object({
    order_id: Uuid,
    user_id: Uuid,
    from: OrderStatus,
    to: OrderStatus,
    carrier: z.string().optional(),
    tracking_number: z.string().optional(),
  }),
);
