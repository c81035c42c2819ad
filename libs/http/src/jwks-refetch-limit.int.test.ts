import { createServer, type Server } from 'node:http';
import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createSigner } from 'fast-jwt';
import { createLogger, createMetrics } from '@shop/telemetry';
import { accessTokenParties, authenticate, callerOf, createHttpApp, defaultJwksRefetchLimits } from './index.js';

const newKey = (kid: string) => ({ kid, ...generateKeyPairSync('rsa', { modulusLength: 2048 }) });
type Key = ReturnType<typeof newKey>;
const jwk = (key: Key) => ({ ...(key.publicKey as KeyObject).export({ format: 'jwk' }), kid: key.kid, alg: 'RS256' });
const { issuer, audience } = accessTokenParties();
const sign = (key: Key, kid: string = key.kid) =>
  createSigner({
    key: key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    algorithm: 'RS256',
    kid,
    expiresIn: 60_000,
    iss: issuer,
    aud: audience,
  })({ sub: randomUUID(), roles: ['customer'] });

/**
 * A forged token names whatever kid it likes, and an unknown kid sends the service to the JWKS:
 * the JWKS server counts every fetch, and a flood of unknown kids must not turn into a flood of
 * fetches (docs/api.md, authentication).
 */
describe('JWKS refetches for unknown kids', () => {
  const published = newKey('key-1');
  const rotated = newKey('key-2');
  const stranger = newKey('stranger');
  let keys: Key[] = [published];
  let fetches = 0;
  let jwksServer: Server;
  let app: FastifyInstance;

  beforeAll(async () => {
    jwksServer = createServer((_req, res) => {
      fetches++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: keys.map(jwk) }));
    });
    await new Promise<void>((r) => jwksServer.listen(0, '127.0.0.1', r));
    const { port } = jwksServer.address() as AddressInfo;
    app = await createHttpApp('jwks-limit-test', {
      logger: createLogger('jwks-limit-test', 'silent'),
      metrics: createMetrics('jwks-limit-test'),
      readiness: {},
      publicKey: 'unused when a JWKS is configured',
      jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    });
    app.get('/me', { onRequest: authenticate }, async (request) => callerOf(request));
  });
  afterAll(async () => {
    await app.close();
    jwksServer.close();
  });

  const me = (token: string) =>
    app.inject({ method: 'GET', url: '/me', headers: { authorization: `Bearer ${token}` } });

  it('fetches once for an unknown kid however often it is presented', async () => {
    expect((await me(sign(published))).statusCode).toBe(200);
    const before = fetches;
    const answers = [];
    for (let i = 0; i < 20; i++) answers.push((await me(sign(stranger, 'ghost'))).statusCode);
    expect(answers).toEqual(Array(20).fill(401));
    expect(fetches - before).toBe(1);
  });

  it('still fetches a kid it has not seen: a rotated key works at once', async () => {
    keys = [rotated, published];
    const before = fetches;
    expect((await me(sign(rotated))).statusCode).toBe(200);
    expect(fetches - before).toBe(1);
  });

  it('caps the fetches of a minute however many kids are invented; known keys keep working', async () => {
    const answers = [];
    for (let i = 0; i < 3 * defaultJwksRefetchLimits.perMinute; i++) {
      answers.push((await me(sign(stranger, `invented-${i}`))).statusCode);
    }
    expect(answers.every((status) => status === 401)).toBe(true);
    // Everything this test file caused happened within a minute: the cap covers all of it.
    expect(fetches).toBe(defaultJwksRefetchLimits.perMinute);
    const before = fetches;
    expect((await me(sign(published))).statusCode).toBe(200);
    expect((await me(sign(rotated))).statusCode).toBe(200);
    expect(fetches).toBe(before);
  });
});
