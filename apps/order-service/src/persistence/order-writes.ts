import { randomUUID } from 'node:crypto';
import type { OrderRecord, OrderTx } from './order-repository.js';

export interface NewOrder {
  readonly userId: string;
  readonly subtotalCents: number;
  readonly discountCents: number;
  readonly taxCents: number;
  readonly shippingCents: number;
  readonly totalCents: number;
  readonly currency: string;
  readonly paymentMethod: { type: string };
  readonly promoCode: string | null;
  readonly shippingAddress: object;
  readonly estimatedDelivery: Date;
  readonly lines: readonly { productId: string; name: string; quantity: number; unitPriceCents: number; totalCents: number }[];
  readonly at: Date;
}

/**
 * Writes a PENDING order, its lines and its first timeline entry in one statement (the hot path of
 * every POST), and returns the record as it now stands — nothing is read back.
 */
export async function insertPendingOrder(tx: OrderTx, order: NewOrder): Promise<OrderRecord> {
  const orderId = randomUUID();
  const items = order.lines.map((l) => ({
    orderItemId: randomUUID(), orderId, productId: l.productId, productName: l.name, quantity: l.quantity,
    unitPriceCents: l.unitPriceCents, discountCents: 0, totalCents: l.totalCents, createdAt: order.at,
  }));
  const [entry] = await tx.$queryRawUnsafe<{ entry_id: bigint }[]>(
    `WITH o AS (
       INSERT INTO orders (order_id, user_id, status, subtotal_cents, discount_cents, tax_cents, shipping_cents, total_cents, currency,
                           payment_method, promo_code, shipping_address, estimated_delivery, created_at, updated_at)
       VALUES ($1::uuid, $2::uuid, 'pending', $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11::jsonb, $12::timestamptz, $13::timestamptz, $13::timestamptz)
       RETURNING order_id),
     lines AS (
       INSERT INTO order_items (order_item_id, order_id, product_id, product_name, quantity, unit_price_cents, total_cents, created_at)
       SELECT l."orderItemId", o.order_id, l."productId", l."productName", l.quantity, l."unitPriceCents", l."totalCents", $13::timestamptz
         FROM o, jsonb_to_recordset($14::jsonb)
           AS l("orderItemId" uuid, "productId" uuid, "productName" text, quantity int, "unitPriceCents" int, "totalCents" int))
     INSERT INTO order_timeline (order_id, status, occurred_at) SELECT order_id, 'pending', $13::timestamptz FROM o
     RETURNING entry_id`,
    orderId, order.userId, order.subtotalCents, order.discountCents, order.taxCents, order.shippingCents, order.totalCents, order.currency,
    JSON.stringify(order.paymentMethod), order.promoCode, JSON.stringify(order.shippingAddress), order.estimatedDelivery.toISOString(), order.at.toISOString(),
    // The lines as returned below are what the statement inserts (the record's own field names).
    JSON.stringify(items),
  );
  return {
    orderId, userId: order.userId, status: 'pending',
    subtotalCents: order.subtotalCents, discountCents: order.discountCents, taxCents: order.taxCents, shippingCents: order.shippingCents, totalCents: order.totalCents,
    currency: order.currency, paymentStatus: 'pending', paymentMethod: order.paymentMethod, promoCode: order.promoCode,
    shippingAddress: order.shippingAddress, billingAddress: null, notes: null, cancellationReason: null, carrier: null, trackingNumber: null,
    estimatedDelivery: order.estimatedDelivery, createdAt: order.at, updatedAt: order.at,
    confirmedAt: null, shippedAt: null, deliveredAt: null, cancelledAt: null, metadata: null,
    items,
    timeline: [{ entryId: BigInt(entry!.entry_id), orderId, status: 'pending', note: null, occurredAt: order.at }],
  } as OrderRecord;
}

export interface StatusChange {
  readonly orderId: string;
  readonly to: string;
  readonly at: Date;
  /** Column → value for the fields this transition sets besides status and updated_at. */
  readonly fields: Readonly<Partial<Record<TransitionColumn, string | object | null>>>;
  readonly note: string | null;
  /** Tells waiting `Prefer: wait` requests on every instance (NOTIFY on commit). */
  readonly notifyChannel?: string;
}

const transitionColumns = {
  confirmed_at: 'timestamptz', shipped_at: 'timestamptz', delivered_at: 'timestamptz', cancelled_at: 'timestamptz',
  cancellation_reason: 'text', carrier: 'text', tracking_number: 'text', payment_status: 'text', payment_method: 'jsonb', metadata: 'jsonb',
} as const;
export type TransitionColumn = keyof typeof transitionColumns;

/** The new status, its timeline entry and (optionally) the outcome NOTIFY in one statement. */
export async function writeStatusChange(tx: OrderTx, change: StatusChange): Promise<void> {
  const values: unknown[] = [change.orderId, change.to, change.at.toISOString(), change.note];
  const sets = Object.entries(change.fields).map(([column, value]) => {
    values.push(value !== null && typeof value === 'object' ? JSON.stringify(value) : value);
    return `${column} = $${values.length}::${transitionColumns[column as TransitionColumn]}`;
  });
  const notify = change.notifyChannel ? (values.push(change.notifyChannel), `, pg_notify($${values.length}, order_id::text)`) : '';
  await tx.$executeRawUnsafe(
    `WITH changed AS (
       UPDATE orders SET status = $2, updated_at = $3::timestamptz${sets.map((s) => `, ${s}`).join('')}
        WHERE order_id = $1::uuid RETURNING order_id),
     entry AS (INSERT INTO order_timeline (order_id, status, occurred_at, note) SELECT order_id, $2, $3::timestamptz, $4 FROM changed)
     SELECT order_id${notify} FROM changed`,
    ...values,
  );
}
