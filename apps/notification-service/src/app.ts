import type { FastifyInstance } from 'fastify';
import { createHttpApp, type HttpInfrastructure } from '@shop/http';
import type { NotificationHistory } from './domain/notification.port.js';
import type { ContactDirectory } from './domain/replica.port.js';
import { notificationRoutes } from './http/notifications.routes.js';
import { userExportRoutes } from './http/user-export.routes.js';

export interface NotificationAppDeps {
  readonly infra: HttpInfrastructure;
  readonly history: NotificationHistory;
  readonly contacts: ContactDirectory;
}

/** The notification service's HTTP app: shared plugins from @shop/http, then this service's routes. */
export async function buildApp(deps: NotificationAppDeps): Promise<FastifyInstance> {
  const app = await createHttpApp('notification-service', deps.infra);
  await app.register(notificationRoutes, { prefix: '/api/v1/notifications', history: deps.history });
  await app.register(userExportRoutes, { history: deps.history, contacts: deps.contacts });
  return app;
}
