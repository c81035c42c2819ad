import type { NotificationHttp, Page, UserHttp } from '@shop/contracts';
import { keysetPageResponse } from '@shop/http';
import type { UserNotificationsExport } from '../application/export-user-notifications.js';
import type { NotificationRecord } from '../domain/notification.js';

export const toNotificationResponse = (n: NotificationRecord): NotificationHttp.NotificationResponse => ({
  notification_id: n.notificationId,
  event_id: n.eventId,
  template: n.template,
  channel: n.channel,
  user_id: n.userId,
  order_id: n.orderId,
  recipient: n.recipient,
  subject: n.subject,
  status: n.status,
  attempts: n.attempts,
  last_error: n.lastError,
  created_at: n.createdAt.toISOString(),
  sent_at: n.sentAt ? n.sentAt.toISOString() : null,
});

export const toNotificationListResponse = (page: Page<NotificationRecord>): NotificationHttp.NotificationListResponse =>
  keysetPageResponse(page, toNotificationResponse);

export const toUserExportResponse = ({
  contact,
  notifications,
}: UserNotificationsExport): UserHttp.NotificationsUserExport => ({
  contact: contact
    ? {
        email: contact.email,
        first_name: contact.firstName,
        last_name: contact.lastName,
        updated_at: contact.updatedAt.toISOString(),
      }
    : null,
  notifications: notifications.map(toNotificationResponse),
});
