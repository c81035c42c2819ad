import type { Template } from '../domain/notification-plan.js';
import type { NotificationTx } from './replica-store.js';

/** The NOTIFY channel that wakes the senders of one schema. */
export const sendChannel = (schema: string): string => `notifications_send_${schema}`;

/** The triggering event as stored with its notification: enough to render it and to dead-letter it. */
export interface StoredEvent {
  readonly id: string;
  readonly type: string;
  readonly source: string;
  readonly subject: string;
  readonly time: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly data: unknown;
}

export interface PendingNotification {
  readonly template: Template;
  readonly userId: string | null;
  readonly orderId: string | null;
  readonly sourceTopic: string;
  readonly event: StoredEvent;
}

export interface ClaimedNotification {
  readonly notificationId: string;
  readonly template: Template;
  readonly userId: string | null;
  readonly orderId: string | null;
  /** Including the one just claimed. */
  readonly attempts: number;
  readonly sourceTopic: string | null;
  readonly event: StoredEvent | null;
}

type Db = Pick<NotificationTx, '$queryRawUnsafe' | '$executeRawUnsafe'>;

export function notificationStore(db: Db, schema: string) {
  const wake = () => db.$executeRawUnsafe(`SELECT pg_notify($1, '')`, sendChannel(schema));
  return {
    /** In the consumer's transaction: the record of the mail to send; a second insert for the same event and template is a no-op. */
    async recordPending(n: PendingNotification, at: Date): Promise<void> {
      await db.$executeRawUnsafe(
        `INSERT INTO notifications (event_id, template, user_id, order_id, source_topic, event, status, created_at, updated_at, next_attempt_at)
         VALUES ($1::uuid, $2, $3::uuid, $4::uuid, $5, $6::jsonb, 'pending', $7::timestamptz, $7::timestamptz, $7::timestamptz)
         ON CONFLICT (event_id, template) DO NOTHING`,
        n.event.id, n.template, n.userId, n.orderId, n.sourceTopic, JSON.stringify(n.event), at.toISOString(),
      );
      await wake();
    },

    /** A contact arrived: what waits for it is due now. */
    async wakeWaitingFor(userId: string, at: Date): Promise<void> {
      const woken = await db.$executeRawUnsafe(
        `UPDATE notifications SET next_attempt_at = $2::timestamptz
          WHERE status = 'pending' AND next_attempt_at > $2::timestamptz
            AND (user_id = $1::uuid OR (user_id IS NULL AND order_id IN (SELECT order_id FROM order_recipients WHERE user_id = $1::uuid)))`,
        userId, at.toISOString(),
      );
      if (woken > 0) await wake();
    },

    /**
     * Takes due notifications no other sender holds (SKIP LOCKED), counts the attempt and leases
     * them until `leaseUntil`: if this process dies mid-send, the row is due again after the lease.
     */
    async claimDue(now: Date, leaseUntil: Date, limit: number): Promise<ClaimedNotification[]> {
      const rows = await db.$queryRawUnsafe<{ notification_id: string; template: Template; user_id: string | null; order_id: string | null; attempts: number; source_topic: string | null; event: StoredEvent | null }[]>(
        `WITH due AS (
           SELECT notification_id FROM notifications
            WHERE status = 'pending' AND next_attempt_at <= $1::timestamptz
            ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)
         UPDATE notifications n SET attempts = n.attempts + 1, next_attempt_at = $2::timestamptz, updated_at = $1::timestamptz
           FROM due WHERE n.notification_id = due.notification_id
         RETURNING n.notification_id::text, n.template, n.user_id::text, n.order_id::text, n.attempts, n.source_topic, n.event`,
        now.toISOString(), leaseUntil.toISOString(), limit,
      );
      return rows.map((r) => ({ notificationId: r.notification_id, template: r.template, userId: r.user_id, orderId: r.order_id, attempts: r.attempts, sourceTopic: r.source_topic, event: r.event }));
    },

    /** Only if the row is still the claimed attempt (not erased or re-claimed meanwhile). The event is dropped: it is no longer needed. */
    async markSent(c: ClaimedNotification, sent: { userId: string; recipient: string; subject: string }, at: Date): Promise<boolean> {
      const n = await db.$executeRawUnsafe(
        `UPDATE notifications SET status = 'sent', sent_at = $3::timestamptz, updated_at = $3::timestamptz, user_id = $4::uuid, recipient = $5, subject = $6, last_error = NULL, event = NULL
          WHERE notification_id = $1::uuid AND status = 'pending' AND attempts = $2`,
        c.notificationId, c.attempts, at.toISOString(), sent.userId, sent.recipient, sent.subject,
      );
      return n === 1;
    },

    async markRetry(c: ClaimedNotification, nextAttemptAt: Date, lastError: string, at: Date): Promise<boolean> {
      const n = await db.$executeRawUnsafe(
        `UPDATE notifications SET next_attempt_at = $3::timestamptz, last_error = $4, updated_at = $5::timestamptz
          WHERE notification_id = $1::uuid AND status = 'pending' AND attempts = $2`,
        c.notificationId, c.attempts, nextAttemptAt.toISOString(), lastError, at.toISOString(),
      );
      return n === 1;
    },

    async markFailed(c: ClaimedNotification, lastError: string, at: Date): Promise<boolean> {
      const n = await db.$executeRawUnsafe(
        `UPDATE notifications SET status = 'failed', last_error = $3, updated_at = $4::timestamptz
          WHERE notification_id = $1::uuid AND status = 'pending' AND attempts = $2`,
        c.notificationId, c.attempts, lastError, at.toISOString(),
      );
      return n === 1;
    },
  };
}
