import type { FastifyInstance } from 'fastify';
import { createHttpApp, type HttpInfrastructure } from '@shop/http';
import type { UserDeps } from './deps.js';
import { auditRoutes } from './http/audit.routes.js';
import { authRoutes } from './http/auth.routes.js';
import { jwksRoutes } from './http/jwks.routes.js';
import { userRoutes } from './http/users.routes.js';

export interface UserAppDeps extends UserDeps {
  readonly infra: Omit<HttpInfrastructure, 'publicKey'>;
}

/**
 * The user service's HTTP app: shared plugins from @shop/http, then identity's routes. It
 * verifies access tokens with the public half of its own signing key, so what it issues it accepts —
 * or, where JWKS_URL is configured, against its own published JWKS, which also keeps tokens signed
 * with a previous key valid through a rotation.
 */
export async function buildApp(deps: UserAppDeps): Promise<FastifyInstance> {
  const { infra, ...routeDeps } = deps;
  const app = await createHttpApp('user-service', { ...infra, publicKey: deps.keys.publicKeyPem });
  await app.register(jwksRoutes, routeDeps);
  await app.register(authRoutes, { ...routeDeps, prefix: '/api/v1' });
  await app.register(userRoutes, { ...routeDeps, prefix: '/api/v1' });
  await app.register(auditRoutes, { ...routeDeps, prefix: '/api/v1' });
  return app;
}
