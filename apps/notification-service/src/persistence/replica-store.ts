import type { Prisma } from '../generated/prisma/client.js';

export type NotificationTx = Prisma.TransactionClient;

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

/** The replicas fed by users.events and orders.events, written in the consumer's transaction. */
export function replicaStore(tx: NotificationTx) {
  return {
    async upsertContact(c: ContactRow, at: Date): Promise<void> {
      await tx.$executeRawUnsafe(
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
      await tx.$executeRawUnsafe(`DELETE FROM contacts WHERE user_id = $1::uuid`, userId);
      await tx.$executeRawUnsafe(
        `UPDATE notifications
            SET recipient = NULL, event = NULL, updated_at = $2::timestamptz,
                subject = CASE WHEN template = 'welcome' THEN NULL ELSE subject END,
                status = CASE WHEN status = 'pending' THEN 'cancelled' ELSE status END,
                last_error = CASE WHEN status = 'pending' THEN 'user_deleted: recipient erased' ELSE NULL END
          WHERE user_id = $1::uuid OR order_id IN (SELECT order_id FROM order_recipients WHERE user_id = $1::uuid)`,
        userId, at.toISOString(),
      );
    },

    /** Which user an order belongs to; lines and total when the event carries them (OrderPlaced). */
    async upsertOrder(order: { orderId: string; userId: string; lines?: readonly OrderLineRow[]; totalCents?: number; currency?: string }, at: Date): Promise<void> {
      await tx.$executeRawUnsafe(
        `INSERT INTO order_recipients (order_id, user_id, items, total_cents, currency, updated_at)
         VALUES ($1::uuid, $2::uuid, $3::jsonb, $4, $5, $6::timestamptz)
         ON CONFLICT (order_id) DO UPDATE SET
           items = COALESCE(EXCLUDED.items, order_recipients.items),
           total_cents = COALESCE(EXCLUDED.total_cents, order_recipients.total_cents),
           currency = COALESCE(EXCLUDED.currency, order_recipients.currency),
           updated_at = EXCLUDED.updated_at`,
        order.orderId, order.userId, order.lines ? JSON.stringify(order.lines) : null, order.totalCents ?? null, order.currency ?? null, at.toISOString(),
      );
    },
  };
}

/** What the sender needs to address and render a notification: the contact and the order's lines. */
export async function findRecipient(
  db: Pick<NotificationTx, '$queryRawUnsafe'>,
  userId: string | null,
  orderId: string | null,
): Promise<{ userId: string | null; contact: ContactRow | null; lines: OrderLineRow[] | undefined }> {
  const rows = await db.$queryRawUnsafe<{ user_id: string | null; email: string | null; first_name: string | null; last_name: string | null; items: OrderLineRow[] | null }[]>(
    `SELECT u.user_id::text, c.email, c.first_name, c.last_name, o.items
       FROM (SELECT COALESCE($1::uuid, (SELECT user_id FROM order_recipients WHERE order_id = $2::uuid)) AS user_id) u
       LEFT JOIN contacts c ON c.user_id = u.user_id
       LEFT JOIN order_recipients o ON o.order_id = $2::uuid`,
    userId, orderId,
  );
  const row = rows[0];
  const contact = row?.user_id && row.email ? { userId: row.user_id, email: row.email, firstName: row.first_name, lastName: row.last_name } : null;
  return { userId: row?.user_id ?? null, contact, lines: row?.items ?? undefined };
}
