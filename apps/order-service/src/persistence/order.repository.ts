import { outboxInsert, type PreparedOutboxEvent } from '@shop/messaging';
import type { Sql } from '@shop/persistence';
import type { Order, OrderState } from '../domain/order.js';
import type { OrderStore, StatusChange } from '../domain/orders.port.js';
import type { SagaRun } from '../domain/saga-run.js';
import { orderFromRow, type OrderRow } from './order.mapper.js';

/** The channel that tells every order-service instance an order reached a saga outcome. */
export const outcomeChannel = (schema: string): string => `order_outcome_${schema}`;

const lockedOrderColumns = `SELECT order_id AS "orderId", user_id AS "userId", status, created_at AS "createdAt",
                                   total_cents AS "totalCents", currency
                              FROM orders`;

/** An order with its lines (oldest first) and timeline (in order), in one statement. */
const findOrder = `
  SELECT o.order_id AS "orderId", o.user_id AS "userId", o.status, o.subtotal_cents AS "subtotalCents",
         o.discount_cents AS "discountCents", o.tax_cents AS "taxCents", o.shipping_cents AS "shippingCents",
         o.total_cents AS "totalCents", o.currency, o.payment_status AS "paymentStatus",
         o.payment_method AS "paymentMethod", o.promo_code AS "promoCode", o.shipping_address AS "shippingAddress",
         o.billing_address AS "billingAddress", o.notes, o.cancellation_reason AS "cancellationReason", o.carrier,
         o.tracking_number AS "trackingNumber", o.estimated_delivery AS "estimatedDelivery",
         o.created_at AS "createdAt", o.updated_at AS "updatedAt", o.confirmed_at AS "confirmedAt",
         o.shipped_at AS "shippedAt", o.delivered_at AS "deliveredAt", o.cancelled_at AS "cancelledAt", o.metadata,
         COALESCE((SELECT json_agg(json_build_object(
                     'orderItemId', i.order_item_id, 'orderId', i.order_id, 'productId', i.product_id,
                     'productName', i.product_name, 'quantity', i.quantity, 'unitPriceCents', i.unit_price_cents,
                     'discountCents', i.discount_cents, 'totalCents', i.total_cents, 'createdAt', i.created_at)
                     ORDER BY i.created_at)
                     FROM order_items i WHERE i.order_id = o.order_id), '[]') AS items,
         COALESCE((SELECT json_agg(json_build_object(
                     'entryId', t.entry_id::text, 'orderId', t.order_id, 'status', t.status, 'note', t.note,
                     'occurredAt', t.occurred_at) ORDER BY t.entry_id)
                     FROM order_timeline t WHERE t.order_id = o.order_id), '[]') AS timeline
    FROM orders o WHERE o.order_id = $1::uuid`;

/** The columns a transition may set besides status and updated_at, with their SQL types. */
const transitionColumns = {
  confirmed_at: 'timestamptz',
  shipped_at: 'timestamptz',
  delivered_at: 'timestamptz',
  cancelled_at: 'timestamptz',
  cancellation_reason: 'text',
  carrier: 'text',
  tracking_number: 'text',
  payment_status: 'text',
  payment_method: 'jsonb',
  metadata: 'jsonb',
} as const;
type TransitionColumn = keyof typeof transitionColumns;

const stampColumn: Partial<Record<string, TransitionColumn>> = {
  confirmed: 'confirmed_at',
  shipped: 'shipped_at',
  delivered: 'delivered_at',
  cancelled: 'cancelled_at',
};

/** Column → value for what a transition records besides its status. */
function transitionFields(change: StatusChange<unknown>): Partial<Record<TransitionColumn, string | object | null>> {
  const stamp = stampColumn[change.to];
  const { payment } = change;
  return {
    ...(stamp ? { [stamp]: change.at.toISOString() } : {}),
    ...(change.cancellationReason ? { cancellation_reason: change.cancellationReason } : {}),
    ...(change.shipment ? { carrier: change.shipment.carrier, tracking_number: change.shipment.trackingNumber } : {}),
    ...(payment
      ? {
          payment_status: payment.status,
          ...(payment.method || payment.transactionId
            ? {
                payment_method: {
                  type: 'card',
                  display: payment.method ?? null,
                  transaction_id: payment.transactionId ?? null,
                },
              }
            : {}),
        }
      : {}),
    ...(change.failure ? { metadata: { failure: change.failure } } : {}),
  };
}

/**
 * The order's store on `sql`: a transaction from `transactions`, or `sqlOn(pool)` for a single
 * statement. Plain SQL on pg: Prisma's query layer costs about twice the CPU per statement on the
 * path every order takes.
 */
export function orderStore(sql: Sql, schema: string): OrderStore<PreparedOutboxEvent<unknown>> {
  return {
    async find(orderId): Promise<Order | null> {
      const [row] = await sql.query<OrderRow>(findOrder, orderId);
      return row ? orderFromRow(row) : null;
    },

    async lock(orderId) {
      const rows = await sql.query<OrderState>(`${lockedOrderColumns} WHERE order_id = $1::uuid FOR UPDATE`, orderId);
      return rows[0] ?? null;
    },

    async lockAll(orderIds) {
      if (orderIds.length === 0) return [];
      return sql.query<OrderState>(
        `${lockedOrderColumns} WHERE order_id = ANY($1::uuid[]) ORDER BY order_id FOR UPDATE`,
        [...orderIds],
      );
    },

    /** Status, timeline entry, event (with the relay's NOTIFY) and the outcome's NOTIFY, in one statement. */
    async writeStatusChange(change, run?: SagaRun) {
      const values: unknown[] = [change.orderId, change.to, change.at.toISOString(), change.note];
      const sets = Object.entries(transitionFields(change)).map(([column, value]) => {
        values.push(value !== null && typeof value === 'object' ? JSON.stringify(value) : value);
        return `${column} = $${values.length}::${transitionColumns[column as TransitionColumn]}`;
      });
      const notify = change.notifyOutcome
        ? (values.push(outcomeChannel(schema)), `, pg_notify($${values.length}, order_id::text)`)
        : '';
      const event = outboxInsert(values.length + 1, 'FROM changed');
      values.push(...change.event.values);
      await sql.query(
        `WITH changed AS (
           UPDATE orders SET status = $2, updated_at = $3::timestamptz${sets.map((s) => `, ${s}`).join('')}
            WHERE order_id = $1::uuid RETURNING order_id),
         entry AS (INSERT INTO order_timeline (order_id, status, occurred_at, note)
                   SELECT order_id, $2, $3::timestamptz, $4 FROM changed),
         emitted AS (${event.insert})
         SELECT order_id${notify}, ${event.notify('emitted')} AS relay_notified FROM changed`,
        ...values,
      );
      run?.moved(change.orderId, change.to);
    },

    async writePaymentStatus(orderId, paymentStatus) {
      await sql.execute('UPDATE orders SET payment_status = $2 WHERE order_id = $1::uuid', orderId, paymentStatus);
    },

    /**
     * What names or locates the person goes: the shipping address down to its country (kept for
     * tax), the billing address, the notes and the card's description.
     */
    async eraseUser(userId, replacement, at) {
      await sql.execute(
        `UPDATE orders
            SET shipping_address = jsonb_build_object('name', $2::text, 'street', $2::text, 'city', $2::text,
                                                      'state', $2::text, 'zip', $2::text,
                                                      'country', shipping_address->'country'),
                billing_address = NULL,
                notes = NULL,
                payment_method = payment_method - 'display',
                updated_at = $3::timestamptz
          WHERE user_id = $1::uuid`,
        userId,
        replacement,
        at.toISOString(),
      );
    },
  };
}
