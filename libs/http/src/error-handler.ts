import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { DomainError, type ErrorCode, type ErrorEnvelope } from '@shop/contracts';
import { isDatabaseUnavailable } from '@shop/persistence';

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

/** About a database restart's length: long enough not to hammer it, short enough to be back soon. */
export const outageRetryAfterSeconds = 2;

/**
 * RFC 9110 §10.2.3: every 429 and every 503 says how many seconds to wait. A refusal that already
 * set it (the rate limiter) keeps its own; a 429 without one (the login throttle) derives it from
 * its reset_at.
 */
function setRetryAfter(reply: FastifyReply, error: DomainError): void {
  if (reply.hasHeader('retry-after')) return;
  if (error.statusCode === 503) reply.header('retry-after', outageRetryAfterSeconds);
  if (error.statusCode !== 429) return;
  const resetAt = Date.parse(String(error.details?.reset_at));
  const seconds = Number.isNaN(resetAt) ? 1 : Math.ceil((resetAt - Date.now()) / 1000);
  reply.header('retry-after', Math.max(1, seconds));
}

/** A dependency cannot answer now (docs/api.md): the same request is worth repeating after Retry-After. */
function sendUnavailable(request: FastifyRequest, reply: FastifyReply, error: FastifyError) {
  request.log.warn({ err: error }, 'a dependency is unavailable: answered 503');
  reply.header('retry-after', outageRetryAfterSeconds);
  return send(reply, 503, errorEnvelope(request, 'SERVICE_UNAVAILABLE', 'Service temporarily unavailable'));
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
    // A database restarting, a connection dropped, no connection to be had: an outage, not a bug.
    if (isDatabaseUnavailable(error) || error.statusCode === 503) return sendUnavailable(request, reply, error);
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
    return send(reply, 500, errorEnvelope(request, 'INTERNAL_ERROR', 'Internal server error'));
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
