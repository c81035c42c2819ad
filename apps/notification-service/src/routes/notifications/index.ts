import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { authenticate, decodeCursor, encodeCursor, requireRole } from '@shop/http';
import type { NotificationQueries, NotificationRecord } from '../../persistence/notification-queries.js';
import { ErrorEnvelope, NotificationCursor, NotificationListQuery, NotificationListResponse } from './schemas.js';

export interface NotificationRoutesOptions {
  readonly queries: NotificationQueries;
}

export const toNotificationResponse = (n: NotificationRecord) => ({
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

/** `/api/v1/notifications`: support and admins see what was sent for an order (or a user). */
export const notificationRoutes: FastifyPluginAsync<NotificationRoutesOptions> = async (app, { queries }) => {
  app.withTypeProvider<ZodTypeProvider>().get(
    '',
    {
      onRequest: [authenticate],
      preHandler: [requireRole('support', 'admin')],
      schema: {
        summary: 'Notifications, newest first, by order, user or status (cursor pagination)',
        tags: ['notifications'],
        security: [{ bearerAuth: [] }],
        querystring: NotificationListQuery,
        response: { 200: NotificationListResponse, 400: ErrorEnvelope, 401: ErrorEnvelope, 403: ErrorEnvelope },
      },
    },
    async (request) => {
      const { order_id, user_id, status, limit, cursor } = request.query;
      const position = cursor ? decodeCursor(cursor, NotificationCursor) : undefined;
      const { notifications, hasMore } = await queries.list({
        limit,
        ...(order_id ? { orderId: order_id } : {}),
        ...(user_id ? { userId: user_id } : {}),
        ...(status ? { status } : {}),
        ...(position ? { after: { createdAt: new Date(position.created_at), notificationId: position.notification_id } } : {}),
      });
      const last = notifications.at(-1);
      return {
        data: notifications.map(toNotificationResponse),
        pagination: {
          next_cursor: hasMore && last ? encodeCursor({ created_at: last.createdAt.toISOString(), notification_id: last.notificationId }) : null,
          has_more: hasMore,
        },
      };
    },
  );
};
