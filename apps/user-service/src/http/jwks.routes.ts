import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { UserDeps } from '../deps.js';
import { jwksSchema } from './jwks.schemas.js';

/**
 * RFC 7517 key set at a well-known URI (RFC 8615): the key that signs now and the retired ones whose tokens
 * may still be live. Caches may keep it a few minutes; a verifier meeting an unknown kid refetches.
 */
export const jwksRoutes: FastifyPluginAsyncZod<Pick<UserDeps, 'keys' | 'jwksMaxAgeSeconds'>> = async (app, deps) => {
  app.get('/.well-known/jwks.json', { schema: jwksSchema }, async (_request, reply) => {
    reply.header('cache-control', `public, max-age=${deps.jwksMaxAgeSeconds}`);
    return { keys: [...deps.keys.jwks.keys] };
  });
};
