import { createServer, type Server } from 'node:http';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createSigner } from 'fast-jwt';
import { createLogger, createMetrics } from '@shop/telemetry';
import { accessTokenParties, authenticate, callerOf, createHttpApp } from './index.js';

const newKey = (kid: string) => ({ kid, ...generateKeyPairSync('rsa', { modulusLength: 2048 }) });
type Key = ReturnType<typeof newKey>;
const jwk = (key: Key) => ({
  ...(key.publicKey as KeyObject).export({ format: 'jwk' }),
  kid: key.kid,
  alg: 'RS256',
  use: 'sig',
});
const { issuer, audience } = accessTokenParties();
const signUnchecked = (key: Key, claims: object) =>
  createSigner({
    key: key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    algorithm: 'RS256',
    kid: key.kid,
  })(claims);
/** As the user service signs: the expected `iss` and `aud`, and an `exp` this far ahead. */
const sign = (key: Key, claims: object, expiresIn = 60_000) =>
  signUnchecked(key, { iss: issuer, aud: audience, exp: Math.floor((Date.now() + expiresIn) / 1000), ...claims });

/** Services trust exactly the keys the user service publishes, and follow its rotation. */
describe('verification against a JWKS', () => {
  const first = newKey('key-1');
  const second = newKey('key-2');
  const stranger = newKey('key-3');
  let published: Key[] = [first];
  let fetches = 0;
  let jwksServer: Server;
  let app: FastifyInstance;

  beforeAll(async () => {
    jwksServer = createServer((_req, res) => {
      fetches++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: published.map(jwk) }));
    });
    await new Promise<void>((r) => jwksServer.listen(0, '127.0.0.1', r));
    const { port } = jwksServer.address() as AddressInfo;
    app = await createHttpApp('jwks-test', {
      logger: createLogger('jwks-test', 'silent'),
      metrics: createMetrics('jwks-test'),
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
  const claims = { sub: 'user-7', roles: ['customer'] };

  it('accepts a token whose kid is published, and caches the key', async () => {
    expect((await me(sign(first, claims))).json()).toMatchObject({ userId: 'user-7' });
    const before = fetches;
    expect((await me(sign(first, claims))).statusCode).toBe(200);
    expect(fetches).toBe(before);
  });

  it('fetches the JWKS again for an unknown kid: a rotated key works and the previous one keeps working', async () => {
    published = [second, first];
    expect((await me(sign(second, claims))).statusCode).toBe(200);
    expect((await me(sign(first, claims))).statusCode).toBe(200);
  });

  it('remembers a verified token only until it expires', async () => {
    const shortLived = sign(first, claims, 1500);
    expect((await me(shortLived)).statusCode).toBe(200);
    expect((await me(shortLived)).statusCode).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1600));
    expect((await me(shortLived)).json().error.code).toBe('UNAUTHORIZED');
  });

  it('rejects a token signed by a key the JWKS does not publish, or without a kid', async () => {
    expect((await me(sign(stranger, claims))).statusCode).toBe(401);
    const noKid = createSigner({
      key: first.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      algorithm: 'RS256',
    })({ iss: issuer, aud: audience, exp: Math.floor(Date.now() / 1000) + 60, ...claims });
    expect((await me(noKid)).json().error.code).toBe('UNAUTHORIZED');
  });

  it('rejects a token of a published key without exp, from another issuer or for another audience', async () => {
    const exp = Math.floor(Date.now() / 1000) + 60;
    const spoilt = {
      'without exp': signUnchecked(first, { iss: issuer, aud: audience, ...claims }),
      'of another issuer': sign(first, { ...claims, iss: 'https://elsewhere.example' }),
      'for another audience': sign(first, { ...claims, aud: 'another-api' }),
      'without iss or aud': signUnchecked(first, { exp, ...claims }),
    };
    for (const [kind, token] of Object.entries(spoilt)) {
      const response = await me(token);
      expect(response.statusCode, kind).toBe(401);
      expect(response.json().error.code, kind).toBe('UNAUTHORIZED');
    }
    expect((await me(sign(first, claims))).statusCode).toBe(200);
  });
});
