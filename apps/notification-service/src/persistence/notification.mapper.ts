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

/** The select list of a notification as support reads it, in the shape of NotificationRow. */
export const notificationColumns = `notification_id::text AS notification_id, event_id::text AS event_id, template,
  channel, user_id::text AS user_id, order_id::text AS order_id, recipient, subject, status, attempts, last_error,
  created_at, sent_at`;

export interface NotificationRow {
  notification_id: string;
  event_id: string;
  template: string;
  channel: string;
  user_id: string | null;
  order_id: string | null;
  recipient: string | null;
  subject: string | null;
  status: string;
  attempts: number;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
}

export const rowToRecord = (r: NotificationRow): NotificationRecord => ({
  notificationId: r.notification_id,
  eventId: r.event_id,
  template: r.template as NotificationTemplate,
  channel: r.channel,
  userId: r.user_id,
  orderId: r.order_id,
  recipient: r.recipient,
  subject: r.subject,
  status: r.status as NotificationStatus,
  attempts: r.attempts,
  lastError: r.last_error,
  createdAt: r.created_at,
  sentAt: r.sent_at,
});

export const prismaToRecord = (r: Notification): NotificationRecord => ({
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
