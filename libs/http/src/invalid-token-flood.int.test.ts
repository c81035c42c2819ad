import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { createSigner } from 'fast-jwt';
import { accessTokenParties, authenticate, callerOf, errorsPlugin, rateLimitPlugin, registerAuth } from './index.js';
import type { Tier, TierName } from './rate-limit.js';

const pemPair = () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
};
const trusted = pemPair();
const stranger = pemPair();
const { issuer, audience } = accessTokenParties();
const signer = (key: string) =>
  createSigner({ key, algorithm: 'RS256', kid: 'key-1', expiresIn: 60_000, iss: issuer, aud: audience });
const signTrusted = signer(trusted.privatePem);
const signForged = signer(stranger.privatePem);
const tiers: Record<TierName, Tier> = {
  anonymous: { perHour: 36, burst: 50 },
  authenticated: { perHour: 36, burst: 50 },
  premium: { perHour: 36, burst: 50 },
  partner: { perHour: 36, burst: 50 },
  load: { perHour: 36, burst: 50 },
};
/** Five failed verifications per address, then one every 100 s: nothing refills during a test. */
const invalidTokenTier: Tier = { perHour: 36, burst: 5 };

/**
 * Against a real Redis: forged tokens cost a key lookup and an RSA verification each until their
 * address has spent its failed verifications; after that they are refused unverified. Every key
 * lookup is counted: a lookup is what precedes each signature check.
 */
describe('a flood of forged access tokens', () => {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  let app: FastifyInstance;
  let keyLookups = 0;

  beforeAll(async () => {
    app = Fastify({ logger: false });
    await app.register(errorsPlugin);
    await registerAuth(app, {
      keyOf: async () => {
        keyLookups++;
        return trusted.publicPem;
      },
    });
    await app.register(rateLimitPlugin, { redis, keyPrefix: `test:${randomUUID()}:`, tiers, invalidTokenTier });
    app.get('/mine', { onRequest: authenticate }, async (request) => callerOf(request));
  });
  afterAll(async () => {
    await app.close();
    redis.disconnect();
  });

  const mine = (token: string, remoteAddress: string) =>
    app.inject({ method: 'GET', url: '/mine', headers: { authorization: `Bearer ${token}` }, remoteAddress });
  const forged = (sub: string = randomUUID()) => signForged({ sub, roles: ['admin'] });

  it('stops costing verifications once the address spent its budget; other addresses and users carry on', async () => {
    const attacker = '203.0.113.50';
    const neighbour = signTrusted({ sub: randomUUID(), roles: ['customer'] });
    expect((await mine(neighbour, attacker)).statusCode).toBe(200);
    const before = keyLookups;
    const answers = [];
    for (let i = 0; i < 30; i++) answers.push(await mine(forged(), attacker));
    const verifiedBeforeRefusing = answers.findIndex((a) => a.statusCode === 429);
    expect(verifiedBeforeRefusing).toBe(invalidTokenTier.burst);
    expect(answers.slice(0, verifiedBeforeRefusing).every((a) => a.json().error.code === 'UNAUTHORIZED')).toBe(true);
    const refused = answers.slice(verifiedBeforeRefusing);
    expect(refused.every((a) => a.statusCode === 429)).toBe(true);
    expect(refused[0]!.json().error).toMatchObject({ code: 'RATE_LIMIT_EXCEEDED', details: { tier: 'invalid_token' } });
    expect(Number(refused[0]!.headers['retry-after'])).toBeGreaterThan(0);
    expect(keyLookups - before).toBe(invalidTokenTier.burst);

    // Someone at the same address keeps the token that was verified before (its signature check is
    // cached); a new one waits, and so does a forgery that borrows its signature: neither is looked at.
    expect((await mine(neighbour, attacker)).statusCode).toBe(200);
    const afterNeighbour = keyLookups;
    expect((await mine(signTrusted({ sub: randomUUID(), roles: ['customer'] }), attacker)).statusCode).toBe(429);
    const [header, , signature] = neighbour.split('.');
    const payload = Buffer.from(JSON.stringify({ sub: randomUUID(), roles: ['admin'] })).toString('base64url');
    expect((await mine(`${header}.${payload}.${signature}`, attacker)).statusCode).toBe(429);
    expect(keyLookups).toBe(afterNeighbour);

    // Another address is still verified (one more lookup, and the route's own 401) ...
    const elsewhere = await mine(forged(), '198.51.100.60');
    expect(elsewhere.statusCode).toBe(401);
    expect(keyLookups).toBe(afterNeighbour + 1);
    // ... and a valid caller elsewhere is served as ever.
    const user = randomUUID();
    const valid = await mine(signTrusted({ sub: user, roles: ['customer'] }), '198.51.100.61');
    expect(valid.statusCode).toBe(200);
    expect(valid.json()).toMatchObject({ userId: user });
  });

  it('never charges a valid token to its address', async () => {
    const office = '198.51.100.70';
    const token = signTrusted({ sub: randomUUID(), roles: ['customer'] });
    for (let i = 0; i < invalidTokenTier.burst * 2; i++) expect((await mine(token, office)).statusCode).toBe(200);
    // The whole budget of failures is still there.
    const answers = [];
    for (let i = 0; i < invalidTokenTier.burst; i++) answers.push((await mine(forged(), office)).statusCode);
    expect(answers).toEqual(Array(invalidTokenTier.burst).fill(401));
  });

  it("spends none of a victim's budget with a forged token carrying the victim's sub", async () => {
    const victim = randomUUID();
    const token = signTrusted({ sub: victim, roles: ['customer'] });
    const first = await mine(token, '198.51.100.80');
    const remainingBefore = Number(first.headers['x-ratelimit-remaining']);
    for (let i = 0; i < 10; i++) {
      expect([401, 429]).toContain((await mine(forged(victim), '203.0.113.81')).statusCode);
    }
    const after = await mine(token, '198.51.100.80');
    expect(after.statusCode).toBe(200);
    expect(Number(after.headers['x-ratelimit-remaining'])).toBe(remainingBefore - 1);
  });
});
