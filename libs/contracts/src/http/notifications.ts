import { z } from 'zod';
import { Uuid } from '../events/common.js';

/**
 * Notifications as support and admins see them (`GET /api/v1/notifications?order_id=`):
 * snake_case, times ISO 8601, newest first, cursor pagination (docs/api.md).
 */

export const NotificationTemplate = z.enum([
  'welcome',
  'order_confirmed',
  'order_cancelled',
  'order_shipped',
  'payment_refunded',
]);
export type NotificationTemplate = z.infer<typeof NotificationTemplate>;

/**
 * pending: waiting to be sent or retried; failed: attempts spent (and dead-lettered);
 * cancelled: the user was erased first.
 */
export const NotificationStatus = z.enum(['pending', 'sent', 'failed', 'cancelled']);
export type NotificationStatus = z.infer<typeof NotificationStatus>;

const Timestamp = z.iso.datetime({ offset: true });

export const NotificationListQuery = z
  .object({
    order_id: Uuid.optional(),
    user_id: Uuid.optional(),
    status: NotificationStatus.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().min(1).max(512).optional(),
  })
  .strict();
export type NotificationListQuery = z.infer<typeof NotificationListQuery>;

export const NotificationResponse = z.object({
  notification_id: Uuid,
  event_id: Uuid,
  template: NotificationTemplate,
  channel: z.string(),
  user_id: Uuid.nullable(),
  order_id: Uuid.nullable(),
  /** null until sent, and after the user was erased. */
  recipient: z.string().nullable(),
  subject: z.string().nullable(),
  status: NotificationStatus,
  attempts: z.number().int().nonnegative(),
  last_error: z.string().nullable(),
  created_at: Timestamp,
  sent_at: Timestamp.nullable(),
});
export type NotificationResponse = z.infer<typeof NotificationResponse>;

export const NotificationListResponse = z.object({
  data: z.array(NotificationResponse),
  pagination: z.object({ next_cursor: z.string().nullable(), has_more: z.boolean() }),
});
export type NotificationListResponse = z.infer<typeof NotificationListResponse>;
