import type { Sql } from '@shop/persistence';
import type { Prisma } from '../generated/prisma/client.js';
import type { OrderStatus } from '../domain/order-status.js';
import { keepRunOrders, runOrder } from './run-snapshot.js';

/**
 * What the order's write paths and its hot reads run on: a transaction from `transactions`, or
 * `sqlOn(pool)` for a single statement. Plain SQL on pg: Prisma's query layer costs about twice
 * the CPU per statement on the path every order takes.
 */
export type OrderTx = Sql;

export const orderWithDetails = {
  items: { orderBy: { createdAt: 'asc' } },
  timeline: { orderBy: { entryId: 'asc' } },
} as const satisfies Prisma.OrderInclude;

export type OrderRecord = Prisma.OrderGetPayload<{ include: typeof orderWithDetails }>;

/** An order as the API shows it: a stored record, or a new one before its timeline entry has an id. */
export type OrderView = Omit<OrderRecord, 'timeline'> & { timeline: Omit<OrderRecord['timeline'][number], 'entryId'>[] };

export interface LockedOrder {
  readonly orderId: string;
  readonly userId: string;
  readonly status: OrderStatus;
  readonly createdAt: Date;
  readonly totalCents: number;
  readonly currency: string;
}

/** Reads an order's state under a row lock: concurrent commands on one order are serialized here. */
export async function lockOrder(tx: OrderTx, orderId: string): Promise<LockedOrder | null> {
  const locked = runOrder(tx, orderId);
  if (locked) return locked;
  const rows = await tx.query<LockedOrder>(`${lockedOrderColumns} WHERE order_id = $1::uuid FOR UPDATE`, orderId);
  return rows[0] ?? null;
}

/** lockOrder for the orders of a saga run, in one statement (order-id order); they are the run's snapshot. */
export async function lockRunOrders(tx: OrderTx, orderIds: readonly string[]): Promise<void> {
  const orders = orderIds.length === 0 ? [] : await tx.query<LockedOrder>(
    `${lockedOrderColumns} WHERE order_id = ANY($1::uuid[]) ORDER BY order_id FOR UPDATE`,
    [...orderIds],
  );
  keepRunOrders(tx, orders);
}

const lockedOrderColumns = `SELECT order_id AS "orderId", user_id AS "userId", status, created_at AS "createdAt",
                                   total_cents AS "totalCents", currency
                              FROM orders`;

type OrderRow = Omit<OrderRecord, 'items' | 'timeline'> & {
  items: (Omit<OrderRecord['items'][number], 'createdAt'> & { createdAt: string })[];
  timeline: (Omit<OrderRecord['timeline'][number], 'entryId' | 'occurredAt'> & { entryId: string; occurredAt: string })[];
};

/** An order with its lines (oldest first) and timeline (in order), in one statement. */
export async function findOrder(db: OrderTx, orderId: string): Promise<OrderRecord | null> {
  const [row] = await db.query<OrderRow>(
    `SELECT o.order_id AS "orderId", o.user_id AS "userId", o.status, o.subtotal_cents AS "subtotalCents", o.discount_cents AS "discountCents",
            o.tax_cents AS "taxCents", o.shipping_cents AS "shippingCents", o.total_cents AS "totalCents", o.currency,
            o.payment_status AS "paymentStatus", o.payment_method AS "paymentMethod", o.promo_code AS "promoCode",
            o.shipping_address AS "shippingAddress", o.billing_address AS "billingAddress", o.notes,
            o.cancellation_reason AS "cancellationReason", o.carrier, o.tracking_number AS "trackingNumber",
            o.estimated_delivery AS "estimatedDelivery", o.created_at AS "createdAt", o.updated_at AS "updatedAt",
            o.confirmed_at AS "confirmedAt", o.shipped_at AS "shippedAt", o.delivered_at AS "deliveredAt", o.cancelled_at AS "cancelledAt",
            o.metadata,
            COALESCE((SELECT json_agg(json_build_object(
                        'orderItemId', i.order_item_id, 'orderId', i.order_id, 'productId', i.product_id, 'productName', i.product_name,
                        'quantity', i.quantity, 'unitPriceCents', i.unit_price_cents, 'discountCents', i.discount_cents,
                        'totalCents', i.total_cents, 'createdAt', i.created_at) ORDER BY i.created_at)
                        FROM order_items i WHERE i.order_id = o.order_id), '[]') AS items,
            COALESCE((SELECT json_agg(json_build_object(
                        'entryId', t.entry_id::text, 'orderId', t.order_id, 'status', t.status, 'note', t.note, 'occurredAt', t.occurred_at) ORDER BY t.entry_id)
                        FROM order_timeline t WHERE t.order_id = o.order_id), '[]') AS timeline
       FROM orders o WHERE o.order_id = $1::uuid`,
    orderId,
  );
  if (!row) return null;
  return {
    ...row,
    items: row.items.map((i) => ({ ...i, createdAt: new Date(i.createdAt) })),
    timeline: row.timeline.map((t) => ({ ...t, entryId: BigInt(t.entryId), occurredAt: new Date(t.occurredAt) })),
  };
}

/** The channel that tells every order-service instance an order reached a saga outcome. */
export const outcomeChannel = (schema: string): string => `order_outcome_${schema}`;
