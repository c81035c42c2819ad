import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { authenticate, decodeKeysetCursor, keysetPageResponse, requireRole } from '@shop/http';
import { listAudit } from '../application/list-audit.js';
import type { UserDeps } from '../deps.js';
import { toAuditResponse } from './audit.response.js';
import { listAuditSchema } from './audit.schemas.js';

/** /audit: admins read the platform's append-only trail; nobody writes it over HTTP. */
export const auditRoutes: FastifyPluginAsyncZod<Pick<UserDeps, 'sql'>> = async (app, deps) => {
  app.get('/audit', { onRequest: [authenticate, requireRole('admin')], schema: listAuditSchema }, async (request) => {
    const { service, action, target_type, target_id, user_id, limit, cursor } = request.query;
    const filter = { service, action, targetType: target_type, targetId: target_id, userId: user_id };
    const page = await listAudit(deps, filter, decodeKeysetCursor(cursor, 'timestamptz'), limit);
    return keysetPageResponse(page, toAuditResponse);
  });
};
