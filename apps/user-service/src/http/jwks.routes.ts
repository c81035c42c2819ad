import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { UserHttp } from '@shop/contracts';
import type { UserDeps } from '../../deps.js';

/**
 * RFC 7517 key set at a well-known URI (RFC 8615): the key that signs now and the retired ones whose tokens
 * may still be live. Caches may keep it a few minutes; a verifier meeting an unknown kid refetches.
 */
export const jwksRoutes: FastifyPluginAsyncZod<Pick<UserDeps, 'keys' | 'jwksMaxAgeSeconds'>> = async (app, deps) => {
  app.get('/.well-known/jwks.json', { schema: { tags: ['auth'], summary: 'Public keys that verify access tokens', response: { 200: UserHttp.JsonWebKeySet } } }, async (_request, reply) => {
    reply.header('cache-control', `public, max-age=${deps.jwksMaxAgeSeconds}`);
    return { keys: [...deps.keys.jwks.keys] };
  });
};
