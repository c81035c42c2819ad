import { z } from 'zod';
import { OrderStatus } from '../events/order.events.js';
import { Amount } from './money.js';

const ShippingAddress = z
  .object({
    name: z.string().trim().min(1).max(200),
    street: z.string().trim().min(1).max(200),
    city: z.string().trim().min(1).max(100),
    state: z.string().trim().min(1).max(100),
    zip: z.string().trim().min(1).max(20),
    country: z.string().trim().length(2).toUpperCase(),
  })
  .strict();

/** POST /api/v1/orders. `price` is what the client saw; the server prices from its catalogue (docs/api.md). */
export const CreateOrderBody = z
  .object({
    items: z
      .array(
        z
          .object({ product_id: z.uuid(), quantity: z.number().int().min(1).max(1000), price: Amount.optional() })
          .strict(),
      )
      .min(1)
      .max(100),
    shipping_address: ShippingAddress,
    payment_method: z.object({ type: z.literal('card'), token: z.string().min(1).max(200) }).strict(),
    promo_code: z
      .string()
      .regex(/^[A-Z0-9_-]{3,32}$/, 'promo codes are 3-32 upper-case letters, digits, - or _')
      .optional(),
  })
  .strict()
  .refine((b) => new Set(b.items.map((i) => i.product_id)).size === b.items.length, {
    message: 'each product may appear once; use quantity',
    path: ['items'],
  });
export type CreateOrderBody = z.infer<typeof CreateOrderBody>;

const OrderItemResponse = z.object({
  product_id: z.string(),
  name: z.string(),
  quantity: z.number().int(),
  unit_price: z.number(),
  total: z.number(),
});

const TimelineEntryResponse = z.object({ status: z.string(), timestamp: z.string(), note: z.string().optional() });

export const OrderResponse = z.object({
  order_id: z.string(),
  user_id: z.string(),
  status: OrderStatus,
  created_at: z.string(),
  updated_at: z.string(),
  items: z.array(OrderItemResponse),
  subtotal: z.number(),
  discount: z.number(),
  tax: z.number(),
  shipping: z.number(),
  total: z.number(),
  currency: z.string(),
  promo_code: z.string().nullable(),
  payment: z.object({ status: z.string(), method: z.string().nullable(), transaction_id: z.string().nullable() }),
  shipping_address: ShippingAddress,
  fulfilment: z.object({ carrier: z.string().nullable(), tracking_number: z.string().nullable() }),
  estimated_delivery: z.string().nullable(),
  cancellation_reason: z.string().nullable(),
  timeline: z.array(TimelineEntryResponse),
});
export type OrderResponse = z.infer<typeof OrderResponse>;

export const OrderIdParams = z.object({ id: z.uuid() }).strict();

export const ListOrdersQuery = z
  .object({
    status: OrderStatus.optional(),
    from_date: z.iso
      .date()
      .or(z.iso.datetime({ offset: true }))
      .optional(),
    to_date: z.iso
      .date()
      .or(z.iso.datetime({ offset: true }))
      .optional(),
    user_id: z.uuid().optional(),
    sort: z.enum(['created_at', 'total', 'status']).default('created_at'),
    order: z.enum(['asc', 'desc']).default('desc'),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    page: z.coerce.number().int().min(1).optional(),
    cursor: z.string().min(1).max(512).optional(),
  })
  .strict()
  .refine((q) => !(q.page && q.cursor), { message: 'use either page or cursor', path: ['cursor'] });
export type ListOrdersQuery = z.infer<typeof ListOrdersQuery>;

export const OrderSummary = z.object({
  order_id: z.string(),
  status: OrderStatus,
  created_at: z.string(),
  total: z.number(),
  items_count: z.number().int(),
});
export type OrderSummary = z.infer<typeof OrderSummary>;

export const ListOrdersResponse = z.object({
  data: z.array(OrderSummary),
  pagination: z.union([
    z.object({ next_cursor: z.string().nullable(), has_more: z.boolean() }),
    z.object({
      page: z.number().int(),
      limit: z.number().int(),
      total_pages: z.number().int(),
      total_items: z.number().int(),
      has_next: z.boolean(),
      has_prev: z.boolean(),
    }),
  ]),
});

export const CancelOrderBody = z.object({ reason: z.string().max(500).optional() }).strict();

export const UpdateOrderStatusBody = z
  .object({
    status: z.enum(['processing', 'shipped', 'delivered']),
    carrier: z.string().trim().min(1).max(50).optional(),
    tracking_number: z.string().trim().min(1).max(100).optional(),
  })
  .strict()
  .refine((b) => b.status !== 'shipped' || (b.carrier && b.tracking_number), {
    message: 'shipping needs a carrier and a tracking number',
    path: ['tracking_number'],
  });
export type UpdateOrderStatusBody = z.infer<typeof UpdateOrderStatusBody>;
