import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { generateKeyPairSync } from 'node:crypto';
import { createLogger, createMetrics } from '@shop/telemetry';
import { DomainError } from '@shop/contracts';
import { createHttpApp } from './index.js';

describe('error envelope', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    app = await createHttpApp('errors-test', {
      logger: createLogger('errors-test', 'silent'),
      metrics: createMetrics('errors-test'),
      readiness: { database: async () => Promise.reject(new Error('down')) },
      publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    });
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.post('/things', { schema: { body: z.object({ name: z.string().min(2) }).strict() } }, async () => ({ ok: true }));
    r.get('/conflict', async () => {
      throw new DomainError('INVALID_STATE_TRANSITION', 'Cannot ship a pending order', { order_id: 'o-1' });
    });
    r.get('/throttled', async () => {
      const resetAt = new Date(Date.now() + 90_500).toISOString();
      throw new DomainError('RATE_LIMIT_EXCEEDED', 'Too many attempts', { reset_at: resetAt });
    });
    r.get('/boom', async () => {
      throw new Error('connection string postgres://secret@db leaked');
    });
  });
  afterAll(() => app.close());

  const envelope = { request_id: expect.any(String), timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) };

  it('maps a zod validation failure to 400 VALIDATION_ERROR naming the fields', async () => {
    const response = await app.inject({ method: 'POST', url: '/things', payload: { name: 'x', extra: 1 } });
    expect(response.statusCode).toBe(400);
    const issues = expect.arrayContaining([expect.objectContaining({ field: expect.stringMatching(/^body/) })]);
    expect(response.json().error).toMatchObject({ code: 'VALIDATION_ERROR', ...envelope, details: { issues } });
  });

  it('maps a domain error to its catalogue status', async () => {
    const response = await app.inject({ method: 'GET', url: '/conflict', headers: { 'x-request-id': 'req-abc' } });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toEqual({
      error: {
        code: 'INVALID_STATE_TRANSITION',
        message: 'Cannot ship a pending order',
        details: { order_id: 'o-1' },
        request_id: 'req-abc',
        timestamp: expect.any(String),
      },
    });
  });

  it('says in Retry-After how many whole seconds a 429 must wait, from its reset_at', async () => {
    const response = await app.inject({ method: 'GET', url: '/throttled' });
    expect(response.statusCode).toBe(429);
    expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(90);
    expect(Number(response.headers['retry-after'])).toBeLessThanOrEqual(91);
  });

  it('hides 5xx internals', async () => {
    const response = await app.inject({ method: 'GET', url: '/boom' });
    expect(response.statusCode).toBe(500);
    expect(response.json().error).toMatchObject({ code: 'INTERNAL_ERROR', message: 'Internal server error' });
    expect(response.body).not.toMatch(/secret/);
  });

  it('answers 404 NOT_FOUND for unknown routes and 503 from /ready when a dependency is down', async () => {
    expect((await app.inject({ method: 'GET', url: '/nope' })).json().error.code).toBe('NOT_FOUND');
    const ready = await app.inject({ method: 'GET', url: '/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({ status: 'not_ready', checks: { database: 'down' } });
  });

  it('sends security headers and no CORS grant by default', async () => {
    const response = await app.inject({ method: 'GET', url: '/health', headers: { origin: 'https://evil.example' } });
    expect(response.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'strict-transport-security': expect.stringContaining('max-age'),
    });
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses a body over the limit with 413 in the envelope', async () => {
    const payload = { name: 'x'.repeat(1024 * 1024 + 10) };
    const response = await app.inject({ method: 'POST', url: '/things', payload });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('INVALID_REQUEST');
  });
});
