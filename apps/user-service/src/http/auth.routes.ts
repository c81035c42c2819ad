import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { authenticate, callerOf } from '@shop/http';
import { login } from '../application/login.js';
import { logout } from '../application/logout.js';
import { logoutEverywhere } from '../application/logout-everywhere.js';
import { refresh } from '../application/refresh.js';
import { register } from '../application/register.js';
import type { UserDeps } from '../deps.js';
import { loginSchema, logoutAllSchema, logoutSchema, refreshSchema, registerSchema } from './auth.schemas.js';
import { toUserResponse } from './users.response.js';

/**
 * /auth: registration, password sign-in, refresh-token rotation and sign-out, with no access token;
 * sign-out everywhere with the caller's access token.
 */
export const authRoutes: FastifyPluginAsyncZod<UserDeps> = async (app, deps) => {
  app.post('/auth/register', { schema: registerSchema }, async (request, reply) => {
    const user = await register(deps, request.body);
    return reply.status(201).header('location', `/api/v1/users/${user.userId}`).send(toUserResponse(user));
  });

  app.post('/auth/login', { schema: loginSchema }, async (request) =>
    login(deps, request.body, { requestId: request.id, ip: request.ip }),
  );

  app.post('/auth/refresh', { schema: refreshSchema }, async (request) => refresh(deps, request.body.refresh_token));

  app.post('/auth/logout', { schema: logoutSchema }, async (request, reply) => {
    await logout(deps, request.body.refresh_token);
    return reply.status(204).send(null);
  });

  app.post('/auth/logout-all', { onRequest: [authenticate], schema: logoutAllSchema }, async (request, reply) => {
    await logoutEverywhere(deps, callerOf(request).userId);
    return reply.status(204).send(null);
  });
};
