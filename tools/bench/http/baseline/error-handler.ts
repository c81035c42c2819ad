import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { ErrorCode, ErrorEnvelope } from '@shop/contracts';
import { AppError } from './app-error.js';

export function errorEnvelope(
  request: FastifyRequest,
  code: ErrorCode,
  message: string,
  details?: Record<string, unknown>,
): ErrorEnvelope {
  return {
    error: {
      code,
      message,
      ...(details ? { details } : {}),
      request_id: String(request.id),
      timestamp: new Date().toISOString(),
    },
  };
}

const send = (reply: FastifyReply, status: number, body: ErrorEnvelope) => reply.status(status).send(body);

/**
 * RFC 9110 §10.2.3: every 429 says how many seconds to wait. A refusal that already set it (the
 * rate limiter) keeps its own; any other (the login throttle) derives it from its reset_at.
 */
function setRetryAfter(reply: FastifyReply, error: AppError): void {
  if (error.statusCode !== 429 || reply.hasHeader('retry-after')) return;
  const resetAt = Date.parse(String(error.details?.reset_at));
  const seconds = Number.isNaN(resetAt) ? 1 : Math.ceil((resetAt - Date.now()) / 1000);
  reply.header('retry-after', Math.max(1, seconds));
}

/**
 * One place maps every failure to the error envelope and status. 5xx answers never carry
 * internals: the log has them, keyed by the request id the client sees.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) =>
    send(reply, 404, errorEnvelope(request, 'NOT_FOUND', `Route ${request.method} ${request.url} not found`)),
  );

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      if (error.statusCode >= 500) request.log.error({ err: error }, error.message);
      setRetryAfter(reply, error);
      return send(reply, error.statusCode, errorEnvelope(request, error.code, error.message, error.details));
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
      return send(
        reply,
        status === 413 || status === 415 ? status : 400,
        errorEnvelope(request, 'INVALID_REQUEST', error.message),
      );
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
