import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { login } from '../../auth/login.js';
import { logout } from '../../auth/logout.js';
import { refresh } from '../../auth/refresh.js';
import { register } from '../../auth/register.js';
import type { UserDeps } from '../../deps.js';
import { toUserResponse } from '../response.mapper.js';
import { loginSchema, logoutSchema, refreshSchema, registerSchema } from './schemas.js';

/** /auth (seed §3.2): registration, password sign-in, refresh-token rotation and sign-out. No access token needed. */
export const authRoutes: FastifyPluginAsyncZod<UserDeps> = async (app, deps) => {
  app.post('/auth/register', { schema: registerSchema }, async (request, reply) => {
    const user = await register(deps, request.body);
    return reply.status(201).header('location', `/api/v1/users/${user.userId}`).send(toUserResponse(user));
  });

  app.post('/auth/login', { schema: loginSchema }, async (request) => login(deps, request.body, { requestId: request.id, ip: request.ip }));

  app.post('/auth/refresh', { schema: refreshSchema }, async (request) => refresh(deps, request.body.refresh_token));

  app.post('/auth/logout', { schema: logoutSchema }, async (request, reply) => {
    await logout(deps, request.body.refresh_token);
    return reply.status(204).send(null);
  });
};
