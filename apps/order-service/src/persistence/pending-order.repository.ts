import { outboxInsert, type PreparedOutboxEvent } from '@shop/messaging';
import type { Sql } from '@shop/persistence';
import type { PendingOrders } from '../domain/orders.port.js';

/*
 * The Idempotency-Key part of the insert. A transaction-scoped advisory lock on
 * (caller, key) makes a concurrent duplicate see "in flight" instead of creating a second order. The
 * lock is taken in this statement, after its snapshot: a duplicate that committed in between is not
 * in `stored`, but the key's primary key still refuses the second row (ON CONFLICT reads the latest
 * version), and the order is inserted only from the key row this statement wrote. An expired key is
 * replaced as if it never existed.
 */
const keyClaim = `
  lock AS (SELECT pg_try_advisory_xact_lock(hashtext($15::text), hashtext($16::text)) AS acquired),
  stored AS (
    SELECT request_hash, status_code, response_body FROM idempotency_keys
     WHERE caller_id = $15::text AND key = $16::text AND expires_at > $13::timestamptz),
  claimed AS (
    INSERT INTO idempotency_keys (caller_id, key, request_hash, status_code, response_body, order_id, expires_at)
    SELECT $15::text, $16::text, $17::text, $18::int, $19::jsonb, $1::uuid, $20::timestamptz
      FROM lock WHERE lock.acquired AND NOT EXISTS (SELECT FROM stored)
    ON CONFLICT (caller_id, key) DO UPDATE
       SET request_hash = EXCLUDED.request_hash, status_code = EXCLUDED.status_code,
           response_body = EXCLUDED.response_body,
           order_id = EXCLUDED.order_id, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at
     WHERE idempotency_keys.expires_at <= $13::timestamptz
    RETURNING order_id),`;

const orderWrite = (gate: string) => `
  o AS (
    INSERT INTO orders (order_id, user_id, status, subtotal_cents, discount_cents, tax_cents, shipping_cents,
                        total_cents, currency,
                        payment_method, promo_code, shipping_address, estimated_delivery, created_at, updated_at)
    SELECT $1::uuid, $2::uuid, 'pending', $3::int, $4::int, $5::int, $6::int, $7::int, $8::text,
           $9::jsonb, $10::text, $11::jsonb, $12::timestamptz, $13::timestamptz, $13::timestamptz ${gate}
    RETURNING order_id),
  lines AS (
    INSERT INTO order_items (order_item_id, order_id, product_id, product_name, quantity, unit_price_cents,
                             total_cents, created_at)
    SELECT l."orderItemId", o.order_id, l."productId", l."productName", l.quantity, l."unitPriceCents",
           l."totalCents", $13::timestamptz
      FROM o, jsonb_to_recordset($14::jsonb)
        AS l("orderItemId" uuid, "productId" uuid, "productName" text, quantity int, "unitPriceCents" int,
             "totalCents" int)),
  entry AS (INSERT INTO order_timeline (order_id, status, occurred_at)
            SELECT order_id, 'pending', $13::timestamptz FROM o)`;

/** The OrderPlaced row, written for the order this statement inserted and for no other. */
const eventWrite = (event: ReturnType<typeof outboxInsert>) => `, placed AS (${event.insert})`;

const plainEvent = outboxInsert(15, 'FROM o');
const plainInsert = `WITH ${orderWrite('')} ${eventWrite(plainEvent)}
  SELECT true AS inserted, ${plainEvent.notify('placed')} AS notified`;
const keyedEvent = outboxInsert(21, 'FROM o');
const keyedInsert = `WITH ${keyClaim} ${orderWrite('FROM claimed')} ${eventWrite(keyedEvent)}
  SELECT EXISTS (SELECT FROM o) AS inserted, lock.acquired, stored.request_hash, stored.status_code,
         stored.response_body,
         ${keyedEvent.notify('placed')} AS notified
    FROM lock LEFT JOIN stored ON true`;

interface InsertRow {
  inserted: boolean;
  acquired?: boolean;
  request_hash?: string | null;
  status_code?: number | null;
  response_body?: unknown;
}

/**
 * Writes a PENDING order (the one decidePlacement gave), its lines, its first timeline entry, its
 * OrderPlaced event (with the relay's NOTIFY) and, with a key, the stored response, in ONE
 * statement: the hot path of every POST, atomic on its own, so it needs no BEGIN/COMMIT. When the
 * key is stored or in flight nothing at all is written. Nothing is read back.
 */
export function pendingOrders(sql: Sql): PendingOrders<PreparedOutboxEvent<unknown>> {
  return {
    async insert(order, placed, stored) {
      const values: unknown[] = [
        order.orderId,
        order.userId,
        order.subtotalCents,
        order.discountCents,
        order.taxCents,
        order.shippingCents,
        order.totalCents,
        order.currency,
        JSON.stringify(order.paymentMethod),
        order.promoCode,
        JSON.stringify(order.shippingAddress),
        order.estimatedDelivery?.toISOString(),
        order.createdAt.toISOString(),
        JSON.stringify(order.items),
      ];
      if (!stored) {
        await sql.query(plainInsert, ...values, ...placed.values);
        return { kind: 'inserted' };
      }
      const [row] = await sql.query<InsertRow>(
        keyedInsert,
        ...values,
        stored.callerId,
        stored.key,
        stored.requestHash,
        stored.statusCode,
        JSON.stringify(stored.body),
        stored.expiresAt.toISOString(),
        ...placed.values,
      );
      if (row?.inserted) return { kind: 'inserted' };
      if (row?.acquired && row.request_hash) {
        return {
          kind: 'key-stored',
          requestHash: row.request_hash,
          statusCode: row.status_code ?? null,
          body: row.response_body,
        };
      }
      return { kind: 'key-in-flight' };
    },
  };
}
