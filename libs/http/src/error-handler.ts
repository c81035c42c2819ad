import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { DomainError, type ErrorCode, type ErrorEnvelope } from '@shop/contracts';

export function errorEnvelope(
  request: FastifyRequest,
  code: ErrorCode,
  message: string,
  details?: Record<string, unknown>,
): ErrorEnvelope {
  const when = new Date().toISOString();
  return { error: { code, message, ...(details ? { details } : {}), request_id: String(request.id), timestamp: when } };
}

const send = (reply: FastifyReply, status: number, body: ErrorEnvelope) => reply.status(status).send(body);

/**
 * RFC 9110 §10.2.3: every 429 says how many seconds to wait. A refusal that already set it (the
 * rate limiter) keeps its own; any other (the login throttle) derives it from its reset_at.
 */
function setRetryAfter(reply: FastifyReply, error: DomainError): void {
  if (error.statusCode !== 429 || reply.hasHeader('retry-after')) return;
  const resetAt = Date.parse(String(error.details?.reset_at));
  const seconds = Number.isNaN(resetAt) ? 1 : Math.ceil((resetAt - Date.now()) / 1000);
  reply.header('retry-after', Math.max(1, seconds));
}

/**
 * One place maps every failure to the error envelope and status of docs/api.md. 5xx answers never
 * carry internals: the log has them, keyed by the request id the client sees.
 */
function registerErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) =>
    send(reply, 404, errorEnvelope(request, 'NOT_FOUND', `Route ${request.method} ${request.url} not found`)),
  );

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof DomainError) {
      if (error.statusCode >= 500) request.log.error({ err: error }, error.message);
      setRetryAfter(reply, error);
      const envelope = errorEnvelope(request, error.code, error.message, error.details);
      return send(reply, error.statusCode, envelope);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((v) => ({
        field: [error.validationContext, ...String(v.instancePath).split('/').filter(Boolean)].join('.'),
        message: v.message,
      }));
      return send(reply, 400, errorEnvelope(request, 'VALIDATION_ERROR', 'Request validation failed', { issues }));
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error }, 'response did not match its schema');
      return send(reply, 500, errorEnvelope(request, 'INTERNAL_ERROR', 'Internal server error'));
    }
    const status = error.statusCode ?? 500;
    if (status === 429) {
      if (!reply.hasHeader('retry-after')) reply.header('retry-after', 1);
      return send(reply, 429, errorEnvelope(request, 'RATE_LIMIT_EXCEEDED', error.message));
    }
    if (status === 401) return send(reply, 401, errorEnvelope(request, 'UNAUTHORIZED', error.message));
    if (status >= 400 && status < 500) {
      // Malformed JSON, wrong content type, body too large: the request itself is unusable.
      const answered = status === 413 || status === 415 ? status : 400;
      return send(reply, answered, errorEnvelope(request, 'INVALID_REQUEST', error.message));
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(
      reply,
      status === 503 ? 503 : 500,
      status === 503
        ? errorEnvelope(request, 'SERVICE_UNAVAILABLE', 'Service temporarily unavailable')
        : errorEnvelope(request, 'INTERNAL_ERROR', 'Internal server error'),
    );
  });
}

/** `shop-errors`: the error envelope for every failure and for unknown routes. */
export const errorsPlugin = fp(
  (app: FastifyInstance, _options: object, done: (error?: Error) => void) => {
    registerErrorHandling(app);
    done();
  },
  { name: 'shop-errors', fastify: '5.x' },
);
