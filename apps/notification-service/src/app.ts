import type { FastifyInstance } from 'fastify';
import { UserHttp } from '@shop/contracts';
import { createHttpApp, registerUserExportRoute } from '@shop/http';
import type { Infrastructure } from '@shop/runtime';
import { exportUserNotifications } from './gdpr/export-user-notifications.js';
import { prismaNotificationQueries } from './persistence/notification-queries.js';
import type { NotificationPrisma } from './persistence/prisma.js';
import { notificationRoutes } from './routes/notifications/index.js';

export interface NotificationAppDeps {
  readonly infra: Pick<Infrastructure, 'logger' | 'metrics' | 'readiness' | 'publicKey' | 'jwksUrl' | 'corsOrigins' | 'trustProxy' | 'rateLimit'>;
  readonly prisma: NotificationPrisma;
}

/** The notification service's HTTP app: shared plugins from @shop/http, then this service's routes. */
export async function buildApp(deps: NotificationAppDeps): Promise<FastifyInstance> {
  const app = await createHttpApp('notification-service', deps.infra);
  await app.register(notificationRoutes, { prefix: '/api/v1/notifications', queries: prismaNotificationQueries(deps.prisma) });
  registerUserExportRoute(app, UserHttp.NotificationsUserExport, (userId) => exportUserNotifications(deps.prisma, userId));
  return app;
}
