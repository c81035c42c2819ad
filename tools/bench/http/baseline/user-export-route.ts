import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { ErrorEnvelope, UserHttp } from '@shop/contracts';
import { AppError } from './app-error.js';
import { authenticate, callerOf, hasRole } from './auth.js';

/**
 * GET /internal/v1/users/:id/export — one service's share of a GDPR export, which
 * the user service gathers with the caller's own access token. Only that user, or an admin, may
 * read it; anyone else is refused (403) whether or not the user exists. Hidden from the OpenAPI
 * document, and outside /api/v1, so the gateway never exposes it.
 */
export function registerUserExportRoute<S extends z.ZodType>(
  app: FastifyInstance,
  response: S,
  exportOf: (userId: string) => Promise<z.infer<S>>,
): void {
  app.get(
    UserHttp.userExportRoute,
    {
      onRequest: [authenticate],
      schema: {
        hide: true,
        params: UserHttp.UserIdParams,
        response: { 200: response, 400: ErrorEnvelope, 401: ErrorEnvelope, 403: ErrorEnvelope },
      },
    },
    async (request, reply) => {
      // Validated by the params schema; the response generic is beyond the type provider's inference.
      const { id } = request.params as UserHttp.UserIdParams;
      const caller = callerOf(request);
      if (caller.userId !== id && !hasRole(caller, 'admin'))
        throw new AppError('FORBIDDEN', 'Only the user themselves or an admin may export their data');
      reply.header('cache-control', 'no-store');
      return exportOf(id);
    },
  );
}
