import type { UserHttp } from '@shop/contracts';
import type { NotificationPrisma } from '../persistence/prisma.js';
import { prismaNotificationQueries } from '../persistence/notification-queries.js';
import { toNotificationResponse } from '../routes/notifications/index.js';

/** The notification service's share of a GDPR export: its contact replica of the user and every notification about them. */
export async function exportUserNotifications(prisma: NotificationPrisma, userId: string): Promise<UserHttp.NotificationsUserExport> {
  const contact = await prisma.contact.findUnique({ where: { userId } });
  const notifications = await prismaNotificationQueries(prisma).aboutUser(userId);
  return {
    contact: contact ? { email: contact.email, first_name: contact.firstName, last_name: contact.lastName, updated_at: contact.updatedAt.toISOString() } : null,
    notifications: notifications.map(toNotificationResponse),
  };
}
