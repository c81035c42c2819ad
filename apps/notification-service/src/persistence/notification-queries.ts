import type { NotificationHttp } from '@shop/contracts';
import type { Prisma } from '../generated/prisma/client.js';
import type { NotificationPrisma } from './prisma.js';

type NotificationStatus = NotificationHttp.NotificationStatus;
type NotificationTemplate = NotificationHttp.NotificationTemplate;

/** A notification as support reads it. */
export interface NotificationRecord {
  readonly notificationId: string;
  readonly eventId: string;
  readonly template: NotificationTemplate;
  readonly channel: string;
  readonly userId: string | null;
  readonly orderId: string | null;
  readonly recipient: string | null;
  readonly subject: string | null;
  readonly status: NotificationStatus;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly createdAt: Date;
  readonly sentAt: Date | null;
}

export interface NotificationListFilter {
  readonly orderId?: string;
  readonly userId?: string;
  readonly status?: NotificationStatus;
  readonly limit: number;
  /** Keyset position: the last row of the previous page (newest first). */
  readonly after?: { readonly createdAt: Date; readonly notificationId: string };
}

export interface NotificationQueries {
  list(filter: NotificationListFilter): Promise<{ notifications: NotificationRecord[]; hasMore: boolean }>;
  /** Every notification about the user, by user or through one of their orders, oldest first (GDPR export). */
  aboutUser(userId: string): Promise<NotificationRecord[]>;
}

const toRecord = (r: Prisma.NotificationGetPayload<object>): NotificationRecord => ({
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

export function prismaNotificationQueries(prisma: NotificationPrisma): NotificationQueries {
  return {
    async list({ orderId, userId, status, limit, after }) {
      const where: Prisma.NotificationWhereInput = {
        ...(orderId ? { orderId } : {}),
        ...(userId ? { userId } : {}),
        ...(status ? { status } : {}),
        ...(after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, notificationId: { lt: after.notificationId } }] } : {}),
      };
      const rows = await prisma.notification.findMany({ where, orderBy: [{ createdAt: 'desc' }, { notificationId: 'desc' }], take: limit + 1 });
      return {
        hasMore: rows.length > limit,
        notifications: rows.slice(0, limit).map(toRecord),
      };
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
