import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { authenticate, callerOf, decodeKeysetCursor, keysetPageResponse, requireRole } from '@shop/http';
import { changeUserRole } from '../application/change-user-role.js';
import { changeUserTier } from '../application/change-user-tier.js';
import { currentUser } from '../application/current-user.js';
import { eraseUser } from '../application/erase-user.js';
import { exportUserData } from '../application/export-user-data.js';
import { listUsers } from '../application/list-users.js';
import { updateProfile } from '../application/update-profile.js';
import type { UserDeps } from '../deps.js';
import { toExportResponse, toUserResponse } from './users.response.js';
import {
  changeRoleSchema,
  changeTierSchema,
  eraseMeSchema,
  exportMeSchema,
  getMeSchema,
  listUsersSchema,
  updateMeSchema,
} from './users.schemas.js';

// The role check runs in onRequest too, before the body is validated: a customer learns 403,
// not what a valid admin body looks like.
const anyCaller = [authenticate];
const adminOnly = [authenticate, requireRole('admin')];
const accountReaders = [authenticate, requireRole('admin', 'support')];

const context = (request: { id: string; ip: string }) => ({ requestId: request.id, ip: request.ip });
// authenticate has verified it: the caller's own token, which the other services verify in turn.
const bearerToken = (request: { headers: { authorization?: string } }) =>
  (request.headers.authorization ?? '').replace(/^Bearer\s+/i, '');

/**
 * /users: the caller's own account and GDPR rights; accounts and roles for admins, customer
 * accounts for support.
 */
export const userRoutes: FastifyPluginAsyncZod<UserDeps> = async (app, deps) => {
  app.get('/users/me', { onRequest: anyCaller, schema: getMeSchema }, async (request) =>
    toUserResponse(await currentUser(deps, callerOf(request).userId)),
  );

  app.patch('/users/me', { onRequest: anyCaller, schema: updateMeSchema }, async (request) => {
    const { first_name, last_name, phone } = request.body;
    const changes = {
      ...(first_name !== undefined ? { firstName: first_name } : {}),
      ...(last_name !== undefined ? { lastName: last_name } : {}),
      ...(phone !== undefined ? { phone } : {}),
    };
    return toUserResponse(await updateProfile(deps, callerOf(request).userId, changes));
  });

  app.get('/users/me/export', { onRequest: anyCaller, schema: exportMeSchema }, async (request, reply) => {
    const data = await exportUserData(deps, callerOf(request).userId, bearerToken(request), context(request));
    reply.header('cache-control', 'no-store');
    return toExportResponse(data, new Date());
  });

  app.delete('/users/me', { onRequest: anyCaller, schema: eraseMeSchema }, async (request, reply) => {
    await eraseUser(deps, callerOf(request).userId, request.body.password, context(request));
    return reply.status(204).send(null);
  });

  app.get('/users', { onRequest: accountReaders, schema: listUsersSchema }, async (request) => {
    const { role, status, limit, cursor } = request.query;
    const after = () => decodeKeysetCursor(cursor, 'timestamptz');
    const page = await listUsers(deps, callerOf(request).roles, { role, status }, after, limit);
    return keysetPageResponse(page, toUserResponse);
  });

  app.patch('/users/:id/role', { onRequest: adminOnly, schema: changeRoleSchema }, async (request) => {
    const { userId } = callerOf(request);
    return toUserResponse(await changeUserRole(deps, userId, request.params.id, request.body.role, context(request)));
  });

  app.patch('/users/:id/tier', { onRequest: adminOnly, schema: changeTierSchema }, async (request) => {
    const { userId } = callerOf(request);
    return toUserResponse(await changeUserTier(deps, userId, request.params.id, request.body.tier, context(request)));
  });
};
