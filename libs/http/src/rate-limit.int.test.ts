import { createHash, generateKeyPairSync, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { createSigner } from 'fast-jwt';
import { createLogger, createMetrics } from '@shop/telemetry';
import {
  accessTokenParties,
  authenticate,
  callerOf,
  createHttpApp,
  type Tier,
  type TierName,
  type TrustProxy,
} from './index.js';
import { takeTokenScript } from './rate-limit.js';

const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const publicKey = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const privateKey = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const { issuer, audience } = accessTokenParties();
const sign = createSigner({ key: privateKey, algorithm: 'RS256', expiresIn: 60_000, iss: issuer, aud: audience });
const tiers: Record<TierName, Tier> = {
  anonymous: { perHour: 3600, burst: 3 }, // one token a second
  authenticated: { perHour: 3600, burst: 5 },
  premium: { perHour: 3600, burst: 8 },
  partner: { perHour: 3600, burst: 10 },
  load: { perHour: 3600, burst: 20 },
};

async function build(redis: Redis, keyPrefix: string, trustProxy?: TrustProxy): Promise<FastifyInstance> {
  const app = await createHttpApp('rate-test', {
    logger: createLogger('rate-test', 'silent'),
    metrics: createMetrics('rate-test'),
    readiness: {},
    publicKey,
    rateLimit: { redis, keyPrefix, tiers },
    ...(trustProxy !== undefined ? { trustProxy } : {}),
  });
  app.get('/things', async () => ({ ok: true }));
  app.get('/mine', { onRequest: authenticate }, async (request) => callerOf(request));
  return app;
}

/** Against a real Redis: token buckets per caller and route, with the headers of docs/api.md. */
describe('rate limiting', () => {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await build(redis, `test:${randomUUID()}:`);
  });
  afterAll(async () => {
    await app.close();
    redis.disconnect();
  });

  const get = (url: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, headers, remoteAddress: headers['x-test-ip'] ?? '10.0.0.1' });

  it('spends the burst, answers 429 in the envelope at the right count, and recovers after refill', async () => {
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await get('/things', { 'x-test-ip': '192.0.2.10' }));
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 429]);
    expect(answers.map((a) => a.headers['x-ratelimit-remaining'])).toEqual(['2', '1', '0', '0']);
    expect(answers.every((a) => a.headers['x-ratelimit-limit'] === '3')).toBe(true);
    const refused = answers[3]!;
    expect(Number(refused.headers['x-ratelimit-reset'])).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000));
    expect(refused.headers['retry-after']).toBe('1');
    const details = { limit: 3, remaining: 0, reset_at: expect.any(String), tier: 'anonymous' };
    expect(refused.json().error).toMatchObject({ code: 'RATE_LIMIT_EXCEEDED', details });
    await new Promise((r) => setTimeout(r, 1100));
    expect((await get('/things', { 'x-test-ip': '192.0.2.10' })).statusCode).toBe(200);
  });

  it('sends the script by its hash, and again in full when Redis forgot it (restart, SCRIPT FLUSH)', async () => {
    const ip = { 'x-test-ip': '192.0.2.12' };
    expect((await get('/things', ip)).headers['x-ratelimit-remaining']).toBe('2');
    await redis.script('FLUSH');
    expect((await get('/things', ip)).headers['x-ratelimit-remaining']).toBe('1');
    const scriptHash = createHash('sha1').update(takeTokenScript).digest('hex');
    const [known] = (await redis.script('EXISTS', scriptHash)) as number[];
    expect(known).toBe(1);
  });

  it('keeps callers and routes apart, and gives each tier its own burst', async () => {
    expect((await get('/things', { 'x-test-ip': '192.0.2.11' })).headers['x-ratelimit-remaining']).toBe('2');
    const customer = { authorization: `Bearer ${sign({ sub: randomUUID(), roles: ['customer'] })}` };
    const partner = { authorization: `Bearer ${sign({ sub: randomUUID(), roles: ['partner'] })}` };
    const premium = { authorization: `Bearer ${sign({ sub: randomUUID(), roles: ['customer'], tier: 'premium' })}` };
    expect((await get('/things', customer)).headers['x-ratelimit-limit']).toBe('5');
    expect((await get('/mine', customer)).headers['x-ratelimit-remaining']).toBe('4');
    expect((await get('/things', premium)).headers['x-ratelimit-limit']).toBe('8');
    const partnerAnswer = await get('/mine', partner);
    expect(partnerAnswer.headers['x-ratelimit-limit']).toBe('10');
    expect(partnerAnswer.json()).toMatchObject({ roles: ['partner'] });
    const loadPartner = { authorization: `Bearer ${sign({ sub: randomUUID(), roles: ['partner'], tier: 'load' })}` };
    expect((await get('/things', loadPartner)).headers['x-ratelimit-limit']).toBe('20');
  });

  it('limits a forged token as anonymous, and the route still answers 401', async () => {
    const forged = await get('/mine', { authorization: 'Bearer forged.token.value', 'x-test-ip': '192.0.2.12' });
    expect(forged.statusCode).toBe(401);
    expect(forged.headers['x-ratelimit-limit']).toBe('3');
  });

  it('never limits health, readiness or metrics', async () => {
    for (let i = 0; i < 6; i++) {
      expect((await get('/health', { 'x-test-ip': '192.0.2.13' })).headers['x-ratelimit-limit']).toBeUndefined();
    }
  });

  it('keys anonymous callers on X-Forwarded-For only when the peer is a trusted proxy', async () => {
    const behindKong = await build(redis, `test:${randomUUID()}:`, ['10.9.0.0/16']);
    const from = (target: FastifyInstance, peer: string, client: string) =>
      target.inject({ method: 'GET', url: '/things', remoteAddress: peer, headers: { 'x-forwarded-for': client } });
    // Through the trusted gateway: two clients, two buckets.
    expect((await from(behindKong, '10.9.0.5', '198.51.100.1')).headers['x-ratelimit-remaining']).toBe('2');
    expect((await from(behindKong, '10.9.0.5', '198.51.100.2')).headers['x-ratelimit-remaining']).toBe('2');
    expect((await from(behindKong, '10.9.0.6', '198.51.100.1')).headers['x-ratelimit-remaining']).toBe('1');
    // A peer outside the trusted range cannot pick its identity: one bucket, whatever it claims.
    expect((await from(behindKong, '203.0.113.7', '198.51.100.3')).headers['x-ratelimit-remaining']).toBe('2');
    expect((await from(behindKong, '203.0.113.7', '198.51.100.4')).headers['x-ratelimit-remaining']).toBe('1');
    await behindKong.close();
    // A hop count trusts the nearest proxies whatever their address (only where nothing else can reach the service).
    const oneHop = await build(redis, `test:${randomUUID()}:`, 1);
    const remainingFor = async (forwardedFor: string) =>
      (await from(oneHop, '203.0.113.9', forwardedFor)).headers['x-ratelimit-remaining'];
    expect(await remainingFor('198.51.100.7, 198.51.100.8')).toBe('2');
    expect(await remainingFor('198.51.100.7, 198.51.100.9')).toBe('2');
    expect((await from(oneHop, '203.0.113.9', '198.51.100.9')).headers['x-ratelimit-remaining']).toBe('1');
    await oneHop.close();
    // Off by default: the header is ignored altogether.
    expect((await from(app, '10.9.0.5', '198.51.100.5')).headers['x-ratelimit-remaining']).toBe('2');
    expect((await from(app, '10.9.0.5', '198.51.100.6')).headers['x-ratelimit-remaining']).toBe('1');
  });

  it('lets requests through when Redis cannot answer', async () => {
    const offline = { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 };
    const unreachable = new Redis('redis://127.0.0.1:1', offline);
    unreachable.on('error', () => undefined);
    const open = await build(unreachable, 'x:');
    const response = await open.inject({ method: 'GET', url: '/things' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['x-ratelimit-limit']).toBeUndefined();
    await open.close();
    unreachable.disconnect();
  });
});
