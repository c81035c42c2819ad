/**
 * One duty of the shared stack at a time on bare Fastify (zod compilers and the error handler as
 * the common base), to see what each costs per request: `duty:<name>`.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { FastifyServerOptions } from 'fastify';
import { Redis } from 'ioredis';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as shop from '@shop/http';
import { requestIdOf, requestLogger } from '@shop/http';

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
  for (const [name, variant] of Object.entries(duties)) {
    variants[`duty:${name}`] = () => builder(variant, (app) => app.register(shop.errorsPlugin), infra(), tiers)();
  }
  return variants;
}
