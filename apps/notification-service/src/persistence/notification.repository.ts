import type { Sql } from '@shop/persistence';
import type { NotificationRepository } from '../domain/notification.port.js';
import { toClaimed, type ClaimedRow } from './notification.mapper.js';
import { upsertOrderStatement } from './replica.repository.js';

/**
 * The NOTIFY channel that wakes the senders of one schema; the payload is the new notification's
 * id ('' when rows became due).
 */
export const sendChannel = (schema: string): string => `notifications_send_${schema}`;

/** The notifications and their delivery state, on a transaction or on the pool (autocommit). */
export function notificationRepository(db: Sql, schema: string): NotificationRepository {
  return {
    /**
     * In the consumer's transaction: the record of the mail to send, and a NOTIFY (on commit)
     * naming it; a second insert for the same event and template is a no-op and notifies nobody.
     * For an order event, the order replica upsert rides in the same statement.
     */
    async recordPending(n, at, order) {
      const upsert = order ? upsertOrderStatement(order, at, 9) : undefined;
      await db.query(
        `WITH ${upsert ? `order_recipient AS (${upsert.sql}), ` : ''}recorded AS (
           INSERT INTO notifications (event_id, template, user_id, order_id, source_topic, event, status,
                                      created_at, updated_at, next_attempt_at)
           VALUES ($1::uuid, $2, $3::uuid, $4::uuid, $5, $6::jsonb, 'pending',
                   $7::timestamptz, $7::timestamptz, $7::timestamptz)
           ON CONFLICT (event_id, template) DO NOTHING
           RETURNING notification_id)
         SELECT pg_notify($8, notification_id::text) FROM recorded`,
        n.event.id,
        n.template,
        n.userId,
        n.orderId,
        n.sourceTopic,
        JSON.stringify(n.event),
        at.toISOString(),
        sendChannel(schema),
        ...(upsert?.values ?? []),
      );
    },

    /** A contact arrived: what waits for it is due now (and the senders are told, if anything was waiting). */
    async wakeWaitingFor(userId, at) {
      await db.query(
        `WITH woken AS (
           UPDATE notifications SET next_attempt_at = $2::timestamptz
            WHERE status = 'pending' AND next_attempt_at > $2::timestamptz
              AND (user_id = $1::uuid OR (user_id IS NULL
                   AND order_id IN (SELECT order_id FROM order_recipients WHERE user_id = $1::uuid)))
           RETURNING 1)
         SELECT pg_notify($3, '') WHERE EXISTS (SELECT 1 FROM woken)`,
        userId,
        at.toISOString(),
        sendChannel(schema),
      );
    },

    /**
     * Takes due notifications no other sender holds (SKIP LOCKED), counts the attempt and leases
     * them until `leaseUntil`: if this process dies mid-send, the row is due again after the lease.
     * Each comes with its recipient (contact and order lines) from the replicas.
     */
    async claimDue(now, leaseUntil, limit) {
      const rows = await db.query<ClaimedRow>(
        `WITH due AS (
           SELECT notification_id FROM notifications
            WHERE status = 'pending' AND next_attempt_at <= $1::timestamptz
            ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED),
         claimed AS (
           UPDATE notifications n
              SET attempts = n.attempts + 1, next_attempt_at = $2::timestamptz, updated_at = $1::timestamptz
             FROM due WHERE n.notification_id = due.notification_id
           RETURNING n.notification_id, n.template, n.user_id, n.order_id, n.attempts, n.source_topic, n.event)
         SELECT c.notification_id::text, c.template, c.user_id::text, c.order_id::text, c.attempts, c.source_topic,
                c.event, COALESCE(c.user_id, o.user_id)::text AS recipient_user_id,
                ct.email, ct.first_name, ct.last_name, o.items
           FROM claimed c
           LEFT JOIN order_recipients o ON o.order_id = c.order_id
           LEFT JOIN contacts ct ON ct.user_id = COALESCE(c.user_id, o.user_id)`,
        now.toISOString(),
        leaseUntil.toISOString(),
        limit,
      );
      return rows.map(toClaimed);
    },

    /**
     * Records the mails of one pass as sent, each only if its row is still the claimed attempt (not
     * erased or re-claimed meanwhile). The event is dropped: it is no longer needed. Returns the
     * ids recorded.
     */
    async markSent(sent, at) {
      if (sent.length === 0) return new Set();
      const rows = await db.query<{ notification_id: string }>(
        `UPDATE notifications n
            SET status = 'sent', sent_at = $1::timestamptz, updated_at = $1::timestamptz, user_id = s.user_id,
                recipient = s.recipient, subject = s.subject, last_error = NULL, event = NULL
           FROM jsonb_to_recordset($2::jsonb)
                AS s(notification_id uuid, attempts int, user_id uuid, recipient text, subject text)
          WHERE n.notification_id = s.notification_id AND n.status = 'pending' AND n.attempts = s.attempts
         RETURNING n.notification_id::text`,
        at.toISOString(),
        JSON.stringify(
          sent.map((s) => ({
            notification_id: s.claimed.notificationId,
            attempts: s.claimed.attempts,
            user_id: s.userId,
            recipient: s.recipient,
            subject: s.subject,
          })),
        ),
      );
      return new Set(rows.map((r) => r.notification_id));
    },

    async markRetry(c, nextAttemptAt, lastError, at) {
      const n = await db.execute(
        `UPDATE notifications SET next_attempt_at = $3::timestamptz, last_error = $4, updated_at = $5::timestamptz
          WHERE notification_id = $1::uuid AND status = 'pending' AND attempts = $2`,
        c.notificationId,
        c.attempts,
        nextAttemptAt.toISOString(),
        lastError,
        at.toISOString(),
      );
      return n === 1;
    },

    async markFailed(c, lastError, at) {
      const n = await db.execute(
        `UPDATE notifications SET status = 'failed', last_error = $3, updated_at = $4::timestamptz
          WHERE notification_id = $1::uuid AND status = 'pending' AND attempts = $2`,
        c.notificationId,
        c.attempts,
        lastError,
        at.toISOString(),
      );
      return n === 1;
    },
  };
}
