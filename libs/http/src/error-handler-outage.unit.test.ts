import { generateKeyPairSync } from 'node:crypto';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '@shop/contracts';
import { eventually } from '@shop/testing';
import { createMetrics } from '@shop/telemetry';
import { outageRetryAfterSeconds } from './error-handler.js';
import { createHttpApp } from './index.js';

const withFields = (message: string, fields: Record<string, unknown>) => Object.assign(new Error(message), fields);

/** What a request meets while PostgreSQL restarts (the shapes pg, Node and Prisma's adapter throw). */
const outages: Record<string, () => unknown> = {
  'admin-shutdown': () =>
    withFields('terminating connection due to administrator command', { code: '57P01', severity: 'FATAL' }),
  'shutting-down': () => withFields('the database system is shutting down', { code: '57P03', severity: 'FATAL' }),
  'socket-gone': () =>
    withFields('connect ENOENT /var/run/postgresql/.s.PGSQL.5432', { code: 'ENOENT', syscall: 'connect' }),
  reset: () => withFields('read ECONNRESET', { code: 'ECONNRESET', syscall: 'read', errno: -104 }),
  terminated: () => new Error('Connection terminated unexpectedly'),
  'prisma-unreachable': () => withFields("Can't reach database server at db:5432", { code: 'P1001', meta: {} }),
};

describe('error envelope when the database is unavailable', () => {
  let app: FastifyInstance;
  const logged: { level: string; msg: string }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) logged.push(JSON.parse(line));
      done();
    },
  });

  beforeAll(async () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    // Levels by name, as the services log them.
    const logger = pino({ level: 'info', formatters: { level: (label) => ({ level: label }) } }, sink);
    app = await createHttpApp('outage-test', {
      logger,
      metrics: createMetrics('outage-test'),
      readiness: {},
      publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    });
    for (const [name, outage] of Object.entries(outages))
      app.get(`/outage/${name}`, async () => {
        throw outage();
      });
    app.get('/unique-violation', async () => {
      throw withFields('duplicate key value violates unique constraint', { code: '23505', severity: 'ERROR' });
    });
    app.get('/missing-file', async () => {
      throw withFields("ENOENT: no such file or directory, open 'x.pem'", { code: 'ENOENT', syscall: 'open' });
    });
    app.get('/export-incomplete', async () => {
      throw new DomainError('SERVICE_UNAVAILABLE', 'Some services did not answer', { services: ['orders'] });
    });
  });
  afterAll(() => app.close());
  beforeEach(() => void logged.splice(0));

  it.each(Object.keys(outages))(
    'answers %s with 503 SERVICE_UNAVAILABLE and Retry-After, logged at warn',
    async (name) => {
      const response = await app.inject({ method: 'GET', url: `/outage/${name}`, headers: { 'x-request-id': name } });
      expect(response.statusCode).toBe(503);
      expect(response.headers['retry-after']).toBe(String(outageRetryAfterSeconds));
      expect(response.json()).toEqual({
        error: {
          code: 'SERVICE_UNAVAILABLE',
          message: 'Service temporarily unavailable',
          request_id: name,
          timestamp: expect.any(String),
        },
      });
      // The access log's line (info) comes last, so by then the handler's own line is in.
      await eventually(() => expect(logged.some((line) => line.msg === 'request')).toBe(true));
      const louder = logged.filter((line) => ['warn', 'error', 'fatal'].includes(line.level));
      expect(louder.map((line) => line.level)).toEqual(['warn']);
    },
  );

  it.each(['/unique-violation', '/missing-file'])('still answers %s, which is no outage, with 500', async (url) => {
    const response = await app.inject({ method: 'GET', url });
    expect(response.statusCode).toBe(500);
    expect(response.headers['retry-after']).toBeUndefined();
    expect(response.json().error.code).toBe('INTERNAL_ERROR');
  });

  it('gives a 503 refusal of the domain a Retry-After too', async () => {
    const response = await app.inject({ method: 'GET', url: '/export-incomplete' });
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe(String(outageRetryAfterSeconds));
    expect(response.json().error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', details: { services: ['orders'] } });
  });
});
