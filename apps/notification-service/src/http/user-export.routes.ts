import type { FastifyPluginAsync } from 'fastify';
import { registerUserExportRoute } from '@shop/http';
import { exportUserNotifications, type ExportDeps } from '../application/export-user-notifications.js';
import { toUserExportResponse } from './notifications.response.js';
import { NotificationsUserExport } from './notifications.schemas.js';

/** The internal GDPR export route: this service's share of what it holds about a user. */
export const userExportRoutes: FastifyPluginAsync<ExportDeps> = async (app, deps) => {
  registerUserExportRoute(app, NotificationsUserExport, async (userId) =>
    toUserExportResponse(await exportUserNotifications(deps, userId)),
  );
};
