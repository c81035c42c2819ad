import { generateKeyPairSync, createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createSigner } from 'fast-jwt';
import { createLogger, createMetrics } from '@shop/telemetry';
import { authenticate, callerOf, createHttpApp, requireRole } from './index.js';

const keys = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
const trusted = keys();
const stranger = keys();
const publicPem = trusted.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const signWith = (key: string, claims: object, expiresIn = 60_000) =>
  createSigner({ key, algorithm: 'RS256', expiresIn })(claims);
const trustedPrivate = trusted.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const strangerPrivate = stranger.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
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
  const claims = { sub: 'user-1', roles: ['customer'], email: 'ada@example.com' };

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
