import { Filters, keysetPage, newestFirst, type Sql } from '@shop/persistence';
import type { NotificationHistory } from '../domain/notification.port.js';
import { notificationColumns, toRecord } from './notification.mapper.js';
import type { NotificationPrisma } from './prisma.js';

/**
 * What was sent: the support list as keyset pages in SQL (created_at keeps its microseconds in the
 * position), the user's export with Prisma.
 */
export function notificationHistory(sql: Sql, prisma: NotificationPrisma): NotificationHistory {
  return {
    async list({ orderId, userId, status, limit, after }) {
      const filters = new Filters()
        .add((p) => `order_id = ${p}::uuid`, orderId)
        .add((p) => `user_id = ${p}::uuid`, userId)
        .add((p) => `status = ${p}`, status);
      const order = newestFirst('created_at', 'notification_id');
      const query = {
        select: notificationColumns,
        from: 'notifications',
        ...filters,
        ...order,
        after: after ?? null,
        limit,
      };
      return keysetPage(sql, query, toRecord);
    },

    async aboutUser(userId) {
      const orders = await prisma.orderRecipient.findMany({ where: { userId }, select: { orderId: true } });
      const rows = await prisma.notification.findMany({
        where: { OR: [{ userId }, { orderId: { in: orders.map((o) => o.orderId) } }] },
        orderBy: [{ createdAt: 'asc' }, { notificationId: 'asc' }],
      });
      return rows.map(toRecord);
    },
  };
}
