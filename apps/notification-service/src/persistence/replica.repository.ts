import type { Sql } from '@shop/persistence';
import type { ContactDirectory, ReplicaRepository } from '../domain/replica.port.js';
import type { OrderRecipientRow } from '../domain/replica.js';
import type { NotificationPrisma } from './prisma.js';

/**
 * The order replica upsert as a statement whose parameters start at `$first` (so that it can be
 * a CTE of another statement), and its values in that order. An event that adds nothing (no
 * lines, total or currency) to a known order leaves the row as it is: no new row version.
 */
export function upsertOrderStatement(
  order: OrderRecipientRow,
  at: Date,
  first = 1,
): { sql: string; values: unknown[] } {
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
    values: [
      order.orderId,
      order.userId,
      order.lines ? JSON.stringify(order.lines) : null,
      order.totalCents ?? null,
      order.currency ?? null,
      at.toISOString(),
    ],
  };
}

/** The replicas fed by users.events and orders.events, written in the consumer's transaction. */
export function replicaRepository(tx: Sql): ReplicaRepository {
  return {
    async upsertContact(c, at) {
      await tx.execute(
        `INSERT INTO contacts (user_id, email, first_name, last_name, updated_at)
         VALUES ($1::uuid, $2, $3, $4, $5::timestamptz)
         ON CONFLICT (user_id) DO UPDATE SET email = EXCLUDED.email, first_name = EXCLUDED.first_name,
           last_name = EXCLUDED.last_name, updated_at = EXCLUDED.updated_at`,
        c.userId,
        c.email,
        c.firstName,
        c.lastName,
        at.toISOString(),
      );
    },

    // The welcome subject greets the person by name, and a delivery error may quote the address.
    async eraseUser(userId, at) {
      await tx.execute(
        `WITH erased_contact AS (DELETE FROM contacts WHERE user_id = $1::uuid)
         UPDATE notifications
            SET recipient = NULL, event = NULL, updated_at = $2::timestamptz,
                subject = CASE WHEN template = 'welcome' THEN NULL ELSE subject END,
                status = CASE WHEN status = 'pending' THEN 'cancelled' ELSE status END,
                last_error = CASE WHEN status = 'pending' THEN 'user_deleted: recipient erased' ELSE NULL END
          WHERE user_id = $1::uuid OR order_id IN (SELECT order_id FROM order_recipients WHERE user_id = $1::uuid)`,
        userId,
        at.toISOString(),
      );
    },

    async upsertOrder(order, at) {
      const { sql, values } = upsertOrderStatement(order, at);
      await tx.execute(sql, ...values);
    },
  };
}

/** The contact replica by user id, read with Prisma outside any transaction. */
export function prismaContactDirectory(prisma: NotificationPrisma): ContactDirectory {
  return {
    async findContact(userId) {
      const contact = await prisma.contact.findUnique({ where: { userId } });
      if (!contact) return null;
      const { email, firstName, lastName, updatedAt } = contact;
      return { userId: contact.userId, email, firstName, lastName, updatedAt };
    },
  };
}
