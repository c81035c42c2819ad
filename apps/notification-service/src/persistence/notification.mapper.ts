import type { Notification } from '../generated/prisma/client.js';
import type { Template } from '../domain/notification-plan.js';
import type {
  ClaimedNotification,
  NotificationRecord,
  NotificationStatus,
  NotificationTemplate,
  StoredEvent,
} from '../domain/notification.js';
import type { OrderLineRow } from '../domain/replica.js';

/** A claimed notification as the claim statement returns it, with its recipient from the replicas. */
export interface ClaimedRow {
  notification_id: string;
  template: Template;
  user_id: string | null;
  order_id: string | null;
  attempts: number;
  source_topic: string | null;
  event: StoredEvent | null;
  recipient_user_id: string | null;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  items: OrderLineRow[] | null;
}

export const toClaimed = (r: ClaimedRow): ClaimedNotification => ({
  notificationId: r.notification_id,
  template: r.template,
  userId: r.user_id,
  orderId: r.order_id,
  attempts: r.attempts,
  sourceTopic: r.source_topic,
  event: r.event,
  recipient: {
    userId: r.recipient_user_id,
    contact:
      r.recipient_user_id && r.email
        ? { userId: r.recipient_user_id, email: r.email, firstName: r.first_name, lastName: r.last_name }
        : null,
    lines: r.items ?? undefined,
  },
});

/** What a notification's record is read from: a Prisma row, or a row of `notificationColumns`. */
type NotificationFields = Pick<
  Notification,
  | 'notificationId'
  | 'eventId'
  | 'template'
  | 'channel'
  | 'userId'
  | 'orderId'
  | 'recipient'
  | 'subject'
  | 'status'
  | 'attempts'
  | 'lastError'
  | 'createdAt'
  | 'sentAt'
>;

/** The select list of a notification as support reads it, in Prisma's field names. */
export const notificationColumns = `notification_id AS "notificationId", event_id AS "eventId", template, channel,
  user_id AS "userId", order_id AS "orderId", recipient, subject, status, attempts, last_error AS "lastError",
  created_at AS "createdAt", sent_at AS "sentAt"`;

export const toRecord = (r: NotificationFields): NotificationRecord => ({
  notificationId: r.notificationId,
  eventId: r.eventId,
  template: r.template as NotificationTemplate,
  channel: r.channel,
  userId: r.userId,
  orderId: r.orderId,
  recipient: r.recipient,
  subject: r.subject,
  status: r.status as NotificationStatus,
  attempts: r.attempts,
  lastError: r.lastError,
  createdAt: r.createdAt,
  sentAt: r.sentAt,
});
