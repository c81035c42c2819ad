import type { Sql } from '@shop/persistence';

export interface ContactRow {
  readonly userId: string;
  readonly email: string;
  readonly firstName: string | null;
  readonly lastName: string | null;
}

export interface OrderLineRow {
  readonly productId: string;
  readonly quantity: number;
  readonly unitPriceCents: number;
}

/** Which user an order belongs to; lines and total when the event carries them (OrderPlaced). */
export interface OrderRecipientRow {
  readonly orderId: string;
  readonly userId: string;
  readonly lines?: readonly OrderLineRow[];
  readonly totalCents?: number;
  readonly currency?: string;
}

/**
 * The order replica upsert as a statement whose parameters start at `$first` (so that it can be
 * a CTE of another statement), and its values in that order. An event that adds nothing (no
 * lines, total or currency) to a known order leaves the row as it is: no new row version.
 */
export function upsertOrderStatement(order: OrderRecipientRow, at: Date, first = 1): { sql: string; values: unknown[] } {
  const p = (i: number) => `$${first + i}`;
  return {
    sql: `INSERT INTO order_recipients (order_id, user_id, items, total_cents, currency, updated_at)
         VALUES (${p(0)}::uuid, ${p(1)}::uuid, ${p(2)}::jsonb, ${p(3)}::bigint, ${p(4)}, ${p(5)}::timestamptz)
         ON CONFLICT (order_id) DO UPDATE SET
           items = COALESCE(EXCLUDED.items, order_recipients.items),
           total_cents = COALESCE(EXCLUDED.total_cents, order_recipients.total_cents),
           currency = COALESCE(EXCLUDED.currency, order_recipients.currency),
           updated_at = EXCLUDED.updated_at
         WHERE EXCLUDED.items IS NOT NULL OR EXCLUDED.total_cents IS NOT NULL OR EXCLUDED.currency IS NOT NULL`,
    values: [order.orderId, order.userId, order.lines ? JSON.stringify(order.lines) : null, order.totalCents ?? null, order.currency ?? null, at.toISOString()],
  };
}

/** The replicas fed by users.events and orders.events, written in the consumer's transaction. */
export function replicaStore(tx: Sql) {
  return {
    async upsertContact(c: ContactRow, at: Date): Promise<void> {
      await tx.execute(
        `INSERT INTO contacts (user_id, email, first_name, last_name, updated_at) VALUES ($1::uuid, $2, $3, $4, $5::timestamptz)
         ON CONFLICT (user_id) DO UPDATE SET email = EXCLUDED.email, first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name, updated_at = EXCLUDED.updated_at`,
        c.userId, c.email, c.firstName, c.lastName, at.toISOString(),
      );
    },

    /**
     * GDPR erasure: the contact goes, past notifications keep no address, no event payload, no
     * subject that greets the person by name (welcome) and no delivery error (which may quote the
     * address), and mails not yet sent are cancelled (nobody to send them to).
     */
    async eraseUser(userId: string, at: Date): Promise<void> {
      await tx.execute(
        `WITH erased_contact AS (DELETE FROM contacts WHERE user_id = $1::uuid)
         UPDATE notifications
            SET recipient = NULL, event = NULL, updated_at = $2::timestamptz,
                subject = CASE WHEN template = 'welcome' THEN NULL ELSE subject END,
                status = CASE WHEN status = 'pending' THEN 'cancelled' ELSE status END,
                last_error = CASE WHEN status = 'pending' THEN 'user_deleted: recipient erased' ELSE NULL END
          WHERE user_id = $1::uuid OR order_id IN (SELECT order_id FROM order_recipients WHERE user_id = $1::uuid)`,
        userId, at.toISOString(),
      );
    },

    async upsertOrder(order: OrderRecipientRow, at: Date): Promise<void> {
      const { sql, values } = upsertOrderStatement(order, at);
      await tx.execute(sql, ...values);
    },
  };
}
