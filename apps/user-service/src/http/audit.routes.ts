import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { authenticate, requireRole } from '@shop/http';
import { listAudit } from '../application/list-audit.js';
import type { UserDeps } from '../deps.js';
import { toAuditResponse } from './audit.response.js';
import { listAuditSchema } from './audit.schemas.js';
import { decodePosition, toPage } from './page.response.js';

/** /audit: admins read the platform's append-only trail; nobody writes it over HTTP. */
export const auditRoutes: FastifyPluginAsyncZod<Pick<UserDeps, 'sql'>> = async (app, deps) => {
  app.get('/audit', { onRequest: [authenticate, requireRole('admin')], schema: listAuditSchema }, async (request) => {
    const { service, action, target_type, target_id, user_id, limit, cursor } = request.query;
    const filter = { service, action, targetType: target_type, targetId: target_id, userId: user_id };
    return toPage(await listAudit(deps, filter, decodePosition(cursor), limit), toAuditResponse);
  });
};
