import { generateKeyPairSync, randomInt, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { createLogger, createMetrics } from '@shop/telemetry';
import { createHttpApp, defaultTiers, type TrustProxy } from './index.js';

/** The gateway's range as the Helm charts render it into TRUST_PROXY (helm/shop-lib, `trustedProxies`). */
const gatewayRange: TrustProxy = ['10.0.0.0/8'];
const gateway = '10.42.0.7';
// These requests carry no token: any key will do.
const publicKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .publicKey.export({ type: 'spki', format: 'pem' })
  .toString();
const burst = defaultTiers.anonymous.burst;
// Addresses of their own per run, so buckets left in Redis by an earlier run never count.
const address = (prefix: string) => `${prefix}.${randomInt(1, 255)}.${randomInt(1, 255)}`;

/**
 * Against a real Redis: who `request.ip` is, and so whose anonymous bucket a request spends, when the
 * service trusts only the gateway's addresses. Peers are played with inject's `remoteAddress`.
 */
describe('the client address behind a trusted proxy', () => {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await createHttpApp('trusted-proxy-test', {
      logger: createLogger('trusted-proxy-test', 'silent'),
      metrics: createMetrics('trusted-proxy-test'),
      readiness: {},
      publicKey,
      rateLimit: { redis, keyPrefix: `test:${randomUUID()}:` },
      trustProxy: gatewayRange,
    });
    // Stands for the anonymous sign-in: limited by client address and route, as every anonymous call.
    app.post('/api/v1/auth/login', async (request) => ({ ip: request.ip }));
  });
  afterAll(async () => {
    await app.close();
    redis.disconnect();
  });

  const login = (peer: string, forwardedFor?: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: peer,
      ...(forwardedFor !== undefined ? { headers: { 'x-forwarded-for': forwardedFor } } : {}),
    });
  const exhaust = async (peer: string, forwardedFor?: () => string) => {
    const statuses: number[] = [];
    for (let i = 0; i <= burst; i++) statuses.push((await login(peer, forwardedFor?.())).statusCode);
    return statuses;
  };
  const spentBurst = [...Array<number>(burst).fill(200), 429];

  it('keeps a direct client that is not a proxy on its own address, whatever X-Forwarded-For it sends', async () => {
    const attacker = address('198.51');
    const victim = address('192.0');
    const answer = await login(attacker, victim);
    expect(answer.json()).toEqual({ ip: attacker });
    expect(answer.headers['x-ratelimit-remaining']).toBe(String(burst - 1));
    // It cannot spend the victim's bucket ...
    expect(await exhaust(attacker, () => victim)).toEqual([...spentBurst.slice(1), 429]);
    const victimsFirst = await login(victim);
    expect(victimsFirst.statusCode).toBe(200);
    expect(victimsFirst.headers['x-ratelimit-remaining']).toBe(String(burst - 1));
    // ... nor escape its own by naming a new address each time.
    const fresh = await login(attacker, address('203.0'));
    expect(fresh.statusCode).toBe(429);
  });

  it("takes the client from the gateway's hop only: what the client put in front is not believed", async () => {
    const attacker = address('198.18');
    const victim = address('192.0');
    // Kong appends the peer it saw to whatever X-Forwarded-For the client sent.
    const spoofed = () => `${victim}, ${address('203.0')}, ${attacker}`;
    expect((await login(gateway, spoofed())).json()).toEqual({ ip: attacker });
    expect(await exhaust(gateway, spoofed)).toEqual([...spentBurst.slice(1), 429]);
    expect((await login(gateway, victim)).headers['x-ratelimit-remaining']).toBe(String(burst - 1));
  });

  it('gives two clients behind the gateway two buckets: one exhausting sign-in does not block the other', async () => {
    const first = address('198.20');
    const second = address('198.19');
    expect(await exhaust(gateway, () => first)).toEqual(spentBurst);
    const other = await login(gateway, second);
    expect(other.statusCode).toBe(200);
    expect(other.json()).toEqual({ ip: second });
    expect(other.headers['x-ratelimit-remaining']).toBe(String(burst - 1));
    // Through another of the gateway's replicas the first client is still the one it was.
    expect((await login('10.42.3.9', first)).statusCode).toBe(429);
  });
});
