import type { FastifyInstance } from 'fastify';
import { createHttpApp } from '@shop/http';
import type { Infrastructure } from '@shop/runtime';
import type { UserDeps } from './deps.js';
import { auditRoutes } from './routes/audit/index.js';
import { authRoutes } from './routes/auth/index.js';
import { jwksRoutes } from './routes/jwks/index.js';
import { userRoutes } from './routes/users/index.js';

export interface UserAppDeps extends UserDeps {
  readonly infra: Pick<Infrastructure, 'logger' | 'metrics' | 'readiness' | 'jwksUrl' | 'corsOrigins' | 'trustProxy' | 'rateLimit'>;
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
