/**
 * One duty of the shared stack at a time on bare Fastify (zod compilers and the error handler as
 * the common base), to see what each costs per request: `duty:<name>` with today's plugins,
 * `before:duty:<name>` with the stack as it was before the plugins (./baseline).
 */
import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { FastifyServerOptions } from 'fastify';
import helmet from '@fastify/helmet';
import cors from '@fastify/cors';
import { Redis } from 'ioredis';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as shop from '@shop/http';
import { requestIdOf, requestLogger } from '@shop/http';
import * as before from './baseline/index.js';

type Infrastructure = shop.HttpInfrastructure;
type Tiers = Record<shop.TierName, shop.Tier>;
type Duty = (app: FastifyInstance, infra: Infrastructure, tiers: Tiers) => unknown;
interface DutyVariant {
  readonly fastify?: (infra: Infrastructure) => FastifyServerOptions;
  readonly duty?: Duty;
  readonly zodResponse?: boolean;
}

const payload = { ok: true };
const redis = () => new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const limiterOptions = (tiers: Tiers) => ({ redis: redis(), keyPrefix: `bench:${randomUUID()}:`, tiers });
const withLogger = (infra: Infrastructure) => ({ loggerInstance: infra.logger as FastifyBaseLogger });
const helmetPolicy = { contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } } };
const oldRequestId = (request: { headers: Record<string, unknown> }) => {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(given) ? given : `req_${randomUUID()}`;
};

const beforeDuties: Record<string, DutyVariant> = {
  base: {},
  'zod-response': { zodResponse: true },
  'request-id': {
    fastify: () => ({ genReqId: oldRequestId }),
    duty: (app) => app.addHook('onRequest', async (request, reply) => void reply.header('x-request-id', request.id)),
  },
  logger: { fastify: withLogger },
  'access-log': {
    fastify: withLogger,
    duty: (app) =>
      app.addHook('onResponse', async (request, reply) => {
        const route = request.routeOptions.url ?? 'unmatched';
        const line = { method: request.method, route, status: reply.statusCode, ms: Math.round(reply.elapsedTime) };
        request.log.info({ ...line, request_id: request.id }, 'request');
      }),
  },
  metrics: {
    duty: (app, infra) =>
      app.addHook('onResponse', async (request, reply) => {
        const route = request.routeOptions.url ?? 'unmatched';
        const labels = { method: request.method, route, status_code: reply.statusCode };
        infra.metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
        infra.metrics.httpRequests.inc(labels);
      }),
  },
  'security-headers': { duty: (app) => app.register(helmet, { ...helmetPolicy, global: true }) },
  cors: { duty: (app) => app.register(cors, { origin: false, methods: ['GET', 'POST'], maxAge: 600 }) },
  auth: { duty: (app, infra) => before.registerAuth(app, { publicKey: infra.publicKey }) },
  limiter: {
    duty: async (app, infra, tiers) => {
      await before.registerAuth(app, { publicKey: infra.publicKey });
      before.registerRateLimit(app, limiterOptions(tiers));
    },
  },
};

const duties: Record<string, DutyVariant> = {
  base: {},
  'request-id': { fastify: () => ({ genReqId: requestIdOf }), duty: (app) => app.register(shop.requestIdPlugin) },
  logger: { fastify: (infra) => ({ ...withLogger(infra), childLoggerFactory: requestLogger }) },
  'access-log': {
    fastify: (infra) => ({ ...withLogger(infra), childLoggerFactory: requestLogger }),
    duty: async (app) => app.register(shop.requestIdPlugin).register(shop.accessLogPlugin),
  },
  metrics: { duty: (app, infra) => app.register(shop.metricsPlugin, { metrics: infra.metrics }) },
  'security-headers': { duty: (app) => app.register(shop.securityHeadersPlugin) },
  cors: { duty: (app) => app.register(shop.corsPlugin, {}) },
  auth: { duty: (app, infra) => app.register(shop.authPlugin, { publicKey: infra.publicKey }) },
  limiter: {
    duty: (app, infra, tiers) =>
      app
        .register(shop.authPlugin, { publicKey: infra.publicKey })
        .register(shop.rateLimitPlugin, limiterOptions(tiers)),
  },
};

type Errors = (app: FastifyInstance) => unknown;

function builder(variant: DutyVariant, errors: Errors, infra: Infrastructure, tiers: Tiers) {
  return async () => {
    const app = Fastify({
      logController: new LogController({ disableRequestLogging: true }),
      requestIdHeader: false,
      ...variant.fastify?.(infra),
    });
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    await errors(app);
    await variant.duty?.(app, infra, tiers);
    const zodResponse = { schema: { response: { 200: z.object({ ok: z.boolean() }) } } };
    if (variant.zodResponse) app.get('/ping', zodResponse, async () => payload);
    else app.get('/ping', async () => payload);
    return app;
  };
}

export function dutyVariants(infrastructure: (name: string) => Infrastructure, tiers: Tiers) {
  const infra = () => infrastructure('bench');
  const variants: Record<string, () => Promise<FastifyInstance>> = {};
  for (const [name, variant] of Object.entries(beforeDuties)) {
    const errors = (app: FastifyInstance) => before.registerErrorHandling(app);
    variants[`before:duty:${name}`] = () => builder(variant, errors, infra(), tiers)();
  }
  for (const [name, variant] of Object.entries(duties)) {
    variants[`duty:${name}`] = () => builder(variant, (app) => app.register(shop.errorsPlugin), infra(), tiers)();
  }
  return variants;
}
