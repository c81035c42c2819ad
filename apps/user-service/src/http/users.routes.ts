import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { authenticate, callerOf, requireRole } from '@shop/http';
import type { UserDeps } from '../../deps.js';
import { changeUserRole, changeUserTier, listUsers } from '../../users/admin.js';
import { visibleAccounts } from '../../users/account-visibility.js';
import { eraseUser, exportUserData } from '../../users/gdpr.js';
import { currentUser, updateProfile } from '../../users/profile.js';
import { decodePosition, toAuditResponse, toPage, toUserResponse } from '../response.mapper.js';
import { changeRoleSchema, changeTierSchema, eraseMeSchema, exportMeSchema, getMeSchema, listUsersSchema, updateMeSchema } from './schemas.js';

// The role check runs in onRequest too, before the body is validated: a customer learns 403,
// not what a valid admin body looks like.
const anyCaller = [authenticate];
const adminOnly = [authenticate, requireRole('admin')];
const accountReaders = [authenticate, requireRole('admin', 'support')];

/** /users (seed §4.2.1, §7.3): the caller's own account and GDPR rights; accounts and roles for admins, customer accounts for support. */
export const userRoutes: FastifyPluginAsyncZod<UserDeps> = async (app, deps) => {
  const context = (request: { id: string; ip: string }) => ({ requestId: request.id, ip: request.ip });
  // authenticate has verified it: the caller's own token, which the other services verify in turn.
  const bearerToken = (request: { headers: { authorization?: string } }) => (request.headers.authorization ?? '').replace(/^Bearer\s+/i, '');

  app.get('/users/me', { onRequest: anyCaller, schema: getMeSchema }, async (request) =>
    toUserResponse(await currentUser(deps.prisma, callerOf(request).userId)),
  );

  app.patch('/users/me', { onRequest: anyCaller, schema: updateMeSchema }, async (request) => {
    const { first_name, last_name, phone } = request.body;
    const changes = { ...(first_name !== undefined ? { firstName: first_name } : {}), ...(last_name !== undefined ? { lastName: last_name } : {}), ...(phone !== undefined ? { phone } : {}) };
    return toUserResponse(await updateProfile(deps, callerOf(request).userId, changes));
  });

  app.get('/users/me/export', { onRequest: anyCaller, schema: exportMeSchema }, async (request, reply) => {
    const data = await exportUserData(deps, callerOf(request).userId, bearerToken(request), context(request));
    reply.header('cache-control', 'no-store');
    return {
      exported_at: new Date().toISOString(),
      user: toUserResponse(data.user),
      sessions: data.sessions.map((s) => ({ family_id: s.familyId, created_at: s.createdAt.toISOString(), expires_at: s.expiresAt.toISOString(), revoked_at: s.revokedAt?.toISOString() ?? null })),
      audit: data.audit.map(toAuditResponse),
      orders: data.orders,
      payments: data.payments,
      notifications: data.notifications,
    };
  });

  app.delete('/users/me', { onRequest: anyCaller, schema: eraseMeSchema }, async (request, reply) => {
    await eraseUser(deps, callerOf(request).userId, context(request));
    return reply.status(204).send(null);
  });

  app.get('/users', { onRequest: accountReaders, schema: listUsersSchema }, async (request) => {
    const { role, status, limit, cursor } = request.query;
    return toPage(await listUsers(deps, visibleAccounts(callerOf(request), { role, status }), decodePosition(cursor), limit), toUserResponse);
  });

  app.patch('/users/:id/role', { onRequest: adminOnly, schema: changeRoleSchema }, async (request) =>
    toUserResponse(await changeUserRole(deps, callerOf(request).userId, request.params.id, request.body.role, context(request))),
  );

  app.patch('/users/:id/tier', { onRequest: adminOnly, schema: changeTierSchema }, async (request) =>
    toUserResponse(await changeUserTier(deps, callerOf(request).userId, request.params.id, request.body.tier, context(request))),
  );
};
