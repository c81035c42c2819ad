import { generateKeyPairSync, createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { createDecoder, createSigner } from 'fast-jwt';
import { createLogger, createMetrics } from '@shop/telemetry';
import { expectedTokenParties, signAccessToken } from '@shop/testing';
import {
  accessTokenParties,
  authenticate,
  callerOf,
  createHttpApp,
  defaultAccessTokenParties,
  errorsPlugin,
  registerAuth,
  requireRole,
} from './index.js';

const keys = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
const trusted = keys();
const stranger = keys();
const publicPem = trusted.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const { issuer, audience } = accessTokenParties();
const signWith = (key: string, claims: object, expiresIn = 60_000) =>
  createSigner({ key, algorithm: 'RS256', expiresIn })({ iss: issuer, aud: audience, ...claims });
/** Signed with the trusted key, but with the registered claims given here instead of the expected ones. */
const signRegistered = (registered: { iss?: string; aud?: string; exp?: number }) =>
  createSigner({ key: trustedPrivate, algorithm: 'RS256' })({ ...claims, ...registered });
const inAMinute = () => Math.floor(Date.now() / 1000) + 60;
const claims = { sub: 'user-1', roles: ['customer'], email: 'ada@example.com' };
const trustedPrivate = trusted.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const strangerPrivate = stranger.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const decodeJwt = createDecoder() as (token: string) => Record<string, unknown> & { exp: number };
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('authentication seam', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await createHttpApp('auth-test', {
      logger: createLogger('auth-test', 'silent'),
      metrics: createMetrics('auth-test'),
      readiness: {},
      publicKey: publicPem,
    });
    app.get('/me', { onRequest: authenticate }, async (request) => callerOf(request));
    app.get('/admin', { onRequest: authenticate, preHandler: requireRole('admin') }, async () => ({ ok: true }));
  });
  afterAll(() => app.close());

  const get = (url: string, token?: string) =>
    app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('accepts an RS256 token signed with the trusted key and reads the caller from it', async () => {
    const response = await get('/me', signWith(trustedPrivate, claims));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ userId: 'user-1', roles: ['customer'], email: 'ada@example.com' });
  });

  it.each([
    ['no token', () => undefined, 'Missing access token'],
    ['a token signed by another key', () => signWith(strangerPrivate, claims), 'Invalid or expired'],
    [
      'an expired token',
      () =>
        signWith(trustedPrivate, {
          ...claims,
          iat: Math.floor(Date.now() / 1000) - 7200,
          exp: Math.floor(Date.now() / 1000) - 3600,
        }),
      'Invalid or expired',
    ],
    ['alg none', () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`, 'Invalid or expired'],
    [
      'HS256 signed with the public key as secret',
      () => {
        const head =
          `${b64({ alg: 'HS256', typ: 'JWT' })}.` + b64({ ...claims, exp: Math.floor(Date.now() / 1000) + 600 });
        return `${head}.${createHmac('sha256', publicPem).update(head).digest('base64url')}`;
      },
      'Invalid or expired',
    ],
    [
      'a tampered payload',
      () => {
        const [h, , s] = signWith(trustedPrivate, claims).split('.');
        return `${h}.${b64({ ...claims, roles: ['admin'] })}.${s}`;
      },
      'Invalid or expired',
    ],
    ['a token without roles', () => signWith(trustedPrivate, { sub: 'user-1' }), 'lacks subject or roles'],
    ['a token that never expires', () => signRegistered({ iss: issuer, aud: audience }), 'Invalid or expired'],
    [
      'a token of another issuer',
      () => signRegistered({ iss: 'https://elsewhere.example', aud: audience, exp: inAMinute() }),
      'Invalid or expired',
    ],
    [
      'a token for another audience',
      () => signRegistered({ iss: issuer, aud: 'another-api', exp: inAMinute() }),
      'Invalid or expired',
    ],
    ['a token without an issuer', () => signRegistered({ aud: audience, exp: inAMinute() }), 'Invalid or expired'],
    ['a token without an audience', () => signRegistered({ iss: issuer, exp: inAMinute() }), 'Invalid or expired'],
  ])('rejects %s with 401 UNAUTHORIZED in the envelope', async (_label, token, message) => {
    const response = await get('/me', token());
    expect(response.statusCode).toBe(401);
    expect(response.json().error).toMatchObject({
      code: 'UNAUTHORIZED',
      message: expect.stringContaining(message),
      request_id: expect.any(String),
    });
  });

  it('answers 403 FORBIDDEN for a valid token without the role', async () => {
    const response = await get('/admin', signWith(trustedPrivate, claims));
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('FORBIDDEN');
    expect((await get('/admin', signWith(trustedPrivate, { ...claims, roles: ['admin'] }))).statusCode).toBe(200);
  });
});

describe('the issuer and audience a verifier expects', () => {
  it('are TOKEN_ISSUER and TOKEN_AUDIENCE when set, the defaults otherwise', () => {
    expect(accessTokenParties({})).toEqual(defaultAccessTokenParties);
    expect(accessTokenParties({ TOKEN_ISSUER: ' https://id.example ', TOKEN_AUDIENCE: 'partner-api' })).toEqual({
      issuer: 'https://id.example',
      audience: 'partner-api',
    });
  });

  it('are those the test signer of @shop/testing signs in, with an exp', () => {
    const environments: { TOKEN_ISSUER?: string; TOKEN_AUDIENCE?: string }[] = [
      {},
      { TOKEN_ISSUER: 'https://id.example', TOKEN_AUDIENCE: 'partner-api' },
    ];
    try {
      for (const env of environments) {
        vi.stubEnv('TOKEN_ISSUER', env.TOKEN_ISSUER);
        vi.stubEnv('TOKEN_AUDIENCE', env.TOKEN_AUDIENCE);
        const payload = decodeJwt(signAccessToken({ roles: ['customer'] }));
        expect(expectedTokenParties()).toEqual(accessTokenParties());
        expect(payload).toMatchObject({ iss: accessTokenParties().issuer, aud: accessTokenParties().audience });
        expect(payload.exp).toBeGreaterThan(Date.now() / 1000);
      }
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('are the configured ones: their tokens pass, tokens of the defaults do not', async () => {
    const parties = { issuer: 'https://id.example', audience: 'partner-api' };
    const app = Fastify();
    await app.register(errorsPlugin);
    await registerAuth(app, { publicKey: publicPem, parties });
    app.get('/me', { onRequest: authenticate }, async (request) => callerOf(request));
    const me = (registered: { iss: string; aud: string }) =>
      app.inject({
        method: 'GET',
        url: '/me',
        headers: { authorization: `Bearer ${signRegistered({ ...registered, exp: inAMinute() })}` },
      });
    expect((await me({ iss: parties.issuer, aud: parties.audience })).statusCode).toBe(200);
    expect((await me({ iss: issuer, aud: audience })).json().error.code).toBe('UNAUTHORIZED');
    expect((await me({ iss: parties.issuer, aud: audience })).statusCode).toBe(401);
    await app.close();
  });
});
