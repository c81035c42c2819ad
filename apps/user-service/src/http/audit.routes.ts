import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { authenticate, requireRole } from '@shop/http';
import type { UserDeps } from '../../deps.js';
import { auditLog } from '../../persistence/audit.repository.js';
import { decodePosition, toAuditResponse, toPage } from '../response.mapper.js';
import { listAuditSchema } from './schemas.js';

/** /audit (seed §7.3.3): admins read the platform's append-only trail; nobody writes it over HTTP. */
export const auditRoutes: FastifyPluginAsyncZod<Pick<UserDeps, 'prisma'>> = async (app, deps) => {
  app.get('/audit', { onRequest: [authenticate, requireRole('admin')], schema: listAuditSchema }, async (request) => {
    const { service, action, target_type, target_id, user_id, limit, cursor } = request.query;
    const filter = { service, action, targetType: target_type, targetId: target_id, userId: user_id };
    return toPage(await auditLog(deps.prisma).page(filter, decodePosition(cursor), limit), toAuditResponse);
  });
};
