import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { authenticate, decodeKeysetCursor, requireRole } from '@shop/http';
import { listNotifications } from '../application/list-notifications.js';
import type { NotificationHistory } from '../domain/notification.port.js';
import { toNotificationListResponse } from './notifications.response.js';
import { ErrorEnvelope, NotificationListQuery, NotificationListResponse } from './notifications.schemas.js';

export interface NotificationRoutesOptions {
  readonly history: NotificationHistory;
}

/** `/api/v1/notifications`: support and admins see what was sent for an order (or a user). */
export const notificationRoutes: FastifyPluginAsync<NotificationRoutesOptions> = async (app, { history }) => {
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
      const page = await listNotifications(history, {
        limit,
        ...(order_id ? { orderId: order_id } : {}),
        ...(user_id ? { userId: user_id } : {}),
        ...(status ? { status } : {}),
        after: decodeKeysetCursor(cursor, 'timestamptz'),
      });
      return toNotificationListResponse(page);
    },
  );
};
