import type { FastifyInstance } from 'fastify';
import { createHttpApp, tokenRevocationPlugin, type HttpInfrastructure, type TokenRevocationOptions } from '@shop/http';
import type { UserDeps } from './deps.js';
import { auditRoutes } from './http/audit.routes.js';
import { authRoutes } from './http/auth.routes.js';
import { jwksRoutes } from './http/jwks.routes.js';
import { userRoutes } from './http/users.routes.js';

export interface UserAppDeps extends UserDeps {
  readonly infra: Omit<HttpInfrastructure, 'publicKey'>;
  /** Where `authenticate` reads the revocations this service records (docs/api.md, authentication). */
  readonly tokenRevocation: TokenRevocationOptions;
}

/**
 * The user service's HTTP app: shared plugins from @shop/http, then identity's routes. It
 * verifies access tokens with the public half of its own signing key, so what it issues it accepts —
 * or, where JWKS_URL is configured, against its own published JWKS, which also keeps tokens signed
 * with a previous key valid through a rotation.
 */
export async function buildApp(deps: UserAppDeps): Promise<FastifyInstance> {
  const { infra, tokenRevocation, ...routeDeps } = deps;
  const app = await createHttpApp('user-service', { ...infra, publicKey: deps.keys.publicKeyPem });
  // The rate limiter registers the check on its own Redis when it is on; otherwise it is done here.
  if (!app.hasDecorator('accessTokenRevocations')) await app.register(tokenRevocationPlugin, tokenRevocation);
  await app.register(jwksRoutes, routeDeps);
  await app.register(authRoutes, { ...routeDeps, prefix: '/api/v1' });
  await app.register(userRoutes, { ...routeDeps, prefix: '/api/v1' });
  await app.register(auditRoutes, { ...routeDeps, prefix: '/api/v1' });
  return app;
}
