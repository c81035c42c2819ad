import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import helmet from '@fastify/helmet';
import cors from '@fastify/cors';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { Metrics } from '@shop/telemetry';
import { registerErrorHandling } from './error-handler.js';
import { registerHealth, type ReadinessCheck } from './health.js';
import { registerAuth, type AuthOptions } from './auth.js';
import { registerRateLimit, type RateLimitOptions } from './rate-limit.js';

/** What a service's HTTP app is built from: its infrastructure, handed over as one object. */
export interface HttpInfrastructure {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly readiness: Record<string, ReadinessCheck>;
  /** PEM of the RS256 key that verifies access tokens (tests, tools) ... */
  readonly publicKey: string;
  /** ... unless the user service's JWKS is configured: then only its keys are trusted. */
  readonly jwksUrl?: string;
  /** Per-caller token buckets in Redis; off when absent. */
  readonly rateLimit?: RateLimitOptions;
  /** Browser origins allowed to call the API (CORS); none by default: API clients are not browsers. */
  readonly corsOrigins?: readonly string[];
  /** Off by default: X-Forwarded-For is believed only from these proxies. */
  readonly trustProxy?: TrustProxy;
}

export interface HttpAppOptions {
  readonly version?: string;
  readonly bodyLimitBytes?: number;
}

/**
 * Which peers may say who the client is (X-Forwarded-For): nobody (the peer is the client), the
 * gateway's addresses or CIDRs, or a number of proxy hops. Only a trusted peer's header moves
 * `request.ip`, which keys anonymous rate limits and login throttling.
 */
export type TrustProxy = false | number | readonly string[];

/**
 * Fastify treats a bare number as "trust nobody" (it cannot check the peer), so a hop count
 * becomes the function proxy-addr asks per hop (0 = the peer): the nearest `hops` are proxies.
 * Use it only where nothing but the proxies can reach the service.
 */
const fastifyTrustProxy = (trust: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) =>
  typeof trust === 'number' ? (_address, hop) => hop < trust : trust === false ? false : [...trust];

const requestIdPattern = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * A Fastify instance with what every service shares: zod validation and serialization,
 * the error envelope, request ids, health and readiness, metrics and the OpenAPI document.
 * Routes are registered by the service afterwards.
 */
export async function createHttpApp(
  name: string,
  infra: HttpInfrastructure,
  settings: HttpAppOptions = {},
): Promise<FastifyInstance> {
  const options = { ...infra, ...settings, name };
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    bodyLimit: options.bodyLimitBytes ?? 1024 * 1024,
    requestIdHeader: false,
    trustProxy: fastifyTrustProxy(options.trustProxy ?? false),
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && requestIdPattern.test(given) ? given : `req_${randomUUID()}`;
    },
    // One access-log line per request comes from our onResponse hook (with route and status).
    logController: new LogController({ disableRequestLogging: true }),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const labels = { method: request.method, route, status_code: reply.statusCode };
    options.metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
    options.metrics.httpRequests.inc(labels);
    if (route !== '/health' && route !== '/ready' && route !== '/metrics') {
      request.log.info(
        {
          method: request.method,
          route,
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime),
          request_id: request.id,
        },
        'request',
      );
    }
  });

  const keys: AuthOptions = options.jwksUrl ? { jwksUrl: options.jwksUrl } : { publicKey: options.publicKey };
  await registerAuth(app, keys);
  if (options.rateLimit) registerRateLimit(app, options.rateLimit);
  // Security headers on every answer; the API serves JSON only, so the strictest CSP applies.
  await app.register(helmet, {
    contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    global: true,
  });
  await app.register(cors, {
    origin: options.corsOrigins && options.corsOrigins.length > 0 ? [...options.corsOrigins] : false,
    methods: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'idempotency-key', 'prefer', 'x-request-id'],
    exposedHeaders: ['x-request-id', 'location', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'],
    maxAge: 600,
  });
  await app.register(swagger, {
    openapi: {
      info: { title: options.name, version: options.version ?? '1.0.0' },
      openapi: '3.1.0',
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    },
    transform: jsonSchemaTransform,
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) =>
    reply.type(options.metrics.registry.contentType).send(await options.metrics.registry.metrics()),
  );
  registerHealth(app, options.readiness);
  return app;
}
