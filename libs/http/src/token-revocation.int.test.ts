import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { createSigner } from 'fast-jwt';
import { createLogger, createMetrics } from '@shop/telemetry';
import {
  accessTokenParties,
  authenticate,
  callerOf,
  createHttpApp,
  errorsPlugin,
  recordAccessTokenNotBefore,
  registerAuth,
  tokenRevocationPlugin,
} from './index.js';

const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const publicKey = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const { issuer, audience } = accessTokenParties();
const signer = createSigner({
  key: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  algorithm: 'RS256',
  expiresIn: 60_000,
  iss: issuer,
  aud: audience,
});
/** As the user service issues: `iat` in seconds and `iat_ms`, both from the same instant. */
const issuedAt = (sub: string, ms: number) => signer({ sub, roles: ['admin'], iat: Math.floor(ms / 1000), iat_ms: ms });
const hour = 3_600_000;

async function build(redis: Redis, keyPrefix: string, now: () => number): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  await app.register(errorsPlugin);
  await registerAuth(app, { publicKey });
  await app.register(tokenRevocationPlugin, { redis, keyPrefix, now });
  app.get('/mine', { onRequest: authenticate }, async (request) => callerOf(request));
  return app;
}

/** Against a real Redis: a user's not-before voids their older access tokens after at most the cache time. */
describe('access-token revocation', () => {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const keyPrefix = `test:${randomUUID()}:`;
  let clock = Date.now();
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await build(redis, keyPrefix, () => clock);
  });
  afterAll(async () => {
    await app.close();
    redis.disconnect();
  });

  const mine = (token: string) =>
    app.inject({ method: 'GET', url: '/mine', headers: { authorization: `Bearer ${token}` } });

  it('refuses a token issued before the revocation once the cached value is older than 2 s', async () => {
    const user = randomUUID();
    const old = issuedAt(user, Date.now() - 1000);
    expect((await mine(old)).statusCode).toBe(200);
    await recordAccessTokenNotBefore(redis, keyPrefix, user, Date.now(), hour);
    clock += 2_000;
    const refused = await mine(old);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error).toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringContaining('revoked') });
  });

  it('accepts a token issued after the revocation within the same second, and refuses one just before', async () => {
    const user = randomUUID();
    const revokedAt = Math.floor(Date.now() / 1000) * 1000 + 500;
    await recordAccessTokenNotBefore(redis, keyPrefix, user, revokedAt, hour);
    expect((await mine(issuedAt(user, revokedAt + 1))).statusCode).toBe(200);
    expect((await mine(issuedAt(user, revokedAt - 1))).statusCode).toBe(401);
    // Without `iat_ms` a token counts from the start of its second: refused though issued after.
    expect((await mine(signer({ sub: user, roles: ['admin'], iat: Math.floor(revokedAt / 1000) }))).statusCode).toBe(
      401,
    );
  });

  it('only moves the not-before forward', async () => {
    const user = randomUUID();
    const revokedAt = Date.now();
    await recordAccessTokenNotBefore(redis, keyPrefix, user, revokedAt, hour);
    await recordAccessTokenNotBefore(redis, keyPrefix, user, revokedAt - 10_000, hour);
    expect((await mine(issuedAt(user, revokedAt - 5_000))).statusCode).toBe(401);
    expect(await redis.pttl(`${keyPrefix}auth:not-before:${user}`)).toBeGreaterThan(hour - 60_000);
  });

  it('asks Redis once per user within the cache time', async () => {
    const user = randomUUID();
    const token = issuedAt(user, Date.now());
    const monitor = await redis.monitor();
    const lookups: string[] = [];
    monitor.on('monitor', (_time: string, args: string[]) => {
      if (args[0]?.toLowerCase() === 'get' && args[1] === `${keyPrefix}auth:not-before:${user}`) lookups.push(args[1]);
    });
    clock += 10_000;
    for (let i = 0; i < 5; i++) expect((await mine(token)).statusCode).toBe(200);
    // A marker command seen after the lookups says the monitor has caught up.
    const marker = `${keyPrefix}marker:${user}`;
    const markerSeen = new Promise<void>((resolve) => {
      monitor.on('monitor', (_time: string, args: string[]) => args[1] === marker && resolve());
    });
    await redis.get(marker);
    await markerSeen;
    monitor.disconnect();
    expect(lookups).toHaveLength(1);
  });

  it('refuses a token without iat: its age could not be compared', async () => {
    const noIat = createSigner({
      key: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      algorithm: 'RS256',
      noTimestamp: true,
      iss: issuer,
      aud: audience,
    })({ sub: randomUUID(), roles: ['admin'], exp: Math.floor(Date.now() / 1000) + 60 });
    expect((await mine(noIat)).statusCode).toBe(401);
  });

  it("is checked on the rate limiter's Redis when the app has the limiter and no check of its own", async () => {
    const limited = await createHttpApp('revocation-test', {
      logger: createLogger('revocation-test', 'silent'),
      metrics: createMetrics('revocation-test'),
      readiness: {},
      publicKey,
      rateLimit: { redis, keyPrefix, now: () => clock },
    });
    limited.get('/mine', { onRequest: authenticate }, async (request) => callerOf(request));
    const user = randomUUID();
    const old = issuedAt(user, Date.now() - 1000);
    const get = () => limited.inject({ method: 'GET', url: '/mine', headers: { authorization: `Bearer ${old}` } });
    expect((await get()).statusCode).toBe(200);
    await recordAccessTokenNotBefore(redis, keyPrefix, user, Date.now(), hour);
    clock += 2_000;
    expect((await get()).statusCode).toBe(401);
    await limited.close();
  });

  it('answers 503 with Retry-After when Redis cannot say whether the token was revoked', async () => {
    const unreachable = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
    });
    unreachable.on('error', () => undefined);
    const closed = await build(unreachable, keyPrefix, Date.now);
    const response = await closed.inject({
      method: 'GET',
      url: '/mine',
      headers: { authorization: `Bearer ${issuedAt(randomUUID(), Date.now())}` },
    });
    expect(response.statusCode).toBe(503);
    expect(response.json().error.code).toBe('SERVICE_UNAVAILABLE');
    expect(response.headers['retry-after']).toBeDefined();
    await closed.close();
    unreachable.disconnect();
  });
});
