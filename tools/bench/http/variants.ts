/**
 * The Fastify apps under test, by name; each serves GET /ping → {"ok":true}. `shop` and
 * `shop+limiter` are createHttpApp as services get it; `before:…` another commit's stack
 * (BENCH_HTTP_BEFORE); `duty:…` one duty at a time on bare Fastify (./duties.ts).
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { createLogger, createMetrics } from '@shop/telemetry';
import { createHttpApp, type HttpInfrastructure } from '@shop/http';
import { dutyVariants } from './duties.js';

const payload = { ok: true };
// Unbounded tiers: the limiter does all its work on every request but never refuses one.
const unlimited = { perHour: 1e12, burst: 1e9 };
const tiers = {
  anonymous: unlimited,
  authenticated: unlimited,
  premium: unlimited,
  partner: unlimited,
  load: unlimited,
};
const publicKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' });

function infrastructure(name: string): HttpInfrastructure {
  // The access log goes where a service's goes (stdout, asynchronously).
  const logger = createLogger(name, 'info');
  return { logger, metrics: createMetrics(name), readiness: {}, publicKey: publicKey.toString() };
}

/**
 * The stack as another commit has it, for a before/after in one run: BENCH_HTTP_BEFORE names that
 * checkout's `libs/http/src/index.ts` (e.g. a `git worktree` of the commit before a change).
 */
async function createHttpAppBefore(): Promise<typeof createHttpApp> {
  const path = process.env.BENCH_HTTP_BEFORE;
  if (!path) throw new Error('before:… variants need BENCH_HTTP_BEFORE=<checkout>/libs/http/src/index.ts');
  const before = (await import(path)) as { createHttpApp: (...args: never[]) => Promise<FastifyInstance> };
  // An older createHttpApp took one options object with the name in it; today's takes (name, infra).
  return ((name: string, infra: HttpInfrastructure) =>
    before.createHttpApp.length >= 2
      ? (before.createHttpApp as unknown as typeof createHttpApp)(name, infra)
      : (before.createHttpApp as unknown as (o: object) => Promise<FastifyInstance>)({
          name,
          ...infra,
        })) as typeof createHttpApp;
}

async function shopApp(withLimiter: boolean, create: typeof createHttpApp): Promise<FastifyInstance> {
  const redis = () => new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const rateLimit = withLimiter ? { rateLimit: { redis: redis(), keyPrefix: `bench:${randomUUID()}:`, tiers } } : {};
  const app = await create('bench', { ...infrastructure('bench'), ...rateLimit });
  app.get('/ping', async () => payload);
  return app;
}

export const fastifyVariants: Record<string, () => Promise<FastifyInstance>> = {
  fastify: async () => {
    const app = Fastify();
    app.get('/ping', async () => payload);
    return app;
  },
  shop: () => shopApp(false, createHttpApp),
  'shop+limiter': () => shopApp(true, createHttpApp),
  'before:shop': async () => shopApp(false, await createHttpAppBefore()),
  'before:shop+limiter': async () => shopApp(true, await createHttpAppBefore()),
  ...dutyVariants(infrastructure, tiers),
};
