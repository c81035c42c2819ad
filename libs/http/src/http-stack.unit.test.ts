import { generateKeyPairSync } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';
import { pino } from 'pino';
import { createMetrics } from '@shop/telemetry';
import { createHttpApp, createMetricsApp, securityHeaders } from './index.js';

const { publicKey: key } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const publicKey = key.export({ type: 'spki', format: 'pem' }).toString();
const requestIdShape = /^req_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The shared plugins, each doing its duty on a built app (no Redis: the limiter is tested with it). */
describe('the shared HTTP stack', () => {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const metrics = createMetrics('stack-test');
  let app: FastifyInstance;
  beforeAll(async () => {
    const logger = pino({ level: 'info' }, sink);
    app = await createHttpApp('stack-test', { logger, metrics, readiness: {}, publicKey });
    app.get('/things/:id', async (request) => {
      request.log.info({ looked_up: true }, 'looking it up');
      return { ok: true };
    });
  });
  afterAll(() => app.close());

  it('registers every plugin by its name', () => {
    const names = [
      'shop-errors',
      'shop-request-id',
      'shop-access-log',
      'shop-metrics',
      'shop-security-headers',
      'shop-cors',
      'shop-auth',
      'shop-openapi',
      'shop-health',
    ];
    expect(names.filter((name) => !app.hasPlugin(name))).toEqual([]);
    expect(app.hasPlugin('shop-rate-limit')).toBe(false);
  });

  it('sends exactly the security headers helmet sends for the same policy', async () => {
    const reference = Fastify();
    const policy = { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } };
    await reference.register(helmet, { contentSecurityPolicy: policy, global: true });
    reference.get('/things/:id', async () => ({ ok: true }));
    const fromHelmet = (await reference.inject({ method: 'GET', url: '/things/1' })).headers;
    await reference.close();
    const ours = (await app.inject({ method: 'GET', url: '/things/1' })).headers;
    const framing = ['content-type', 'content-length', 'date', 'connection'];
    const helmetHeaders = Object.keys(fromHelmet).filter((name) => !framing.includes(name));
    expect(Object.fromEntries(helmetHeaders.map((name) => [name, fromHelmet[name]]))).toEqual(securityHeaders);
    for (const [name, value] of Object.entries(securityHeaders)) expect(ours[name]).toBe(value);
    const notFound = await app.inject({ method: 'GET', url: '/nowhere' });
    expect(notFound.headers['content-security-policy']).toBe(securityHeaders['content-security-policy']);
  });

  it('echoes a well-formed X-Request-Id and makes one up for a missing or malformed one', async () => {
    const given = await app.inject({ method: 'GET', url: '/things/1', headers: { 'x-request-id': 'gw-42.a:b' } });
    expect(given.headers['x-request-id']).toBe('gw-42.a:b');
    expect((await app.inject({ method: 'GET', url: '/things/1' })).headers['x-request-id']).toMatch(requestIdShape);
    const malformedId = { 'x-request-id': 'no spaces, please' };
    const malformed = await app.inject({ method: 'GET', url: '/things/1', headers: malformedId });
    expect(malformed.headers['x-request-id']).toMatch(requestIdShape);
  });

  it('writes one access-log line per request, with the request id, and none for probes', async () => {
    lines.length = 0;
    await app.inject({ method: 'GET', url: '/things/7', headers: { 'x-request-id': 'req-log-1' } });
    await app.inject({ method: 'GET', url: '/health' });
    await new Promise((resolve) => setImmediate(resolve));
    const access = lines.filter((line) => line.msg === 'request');
    expect(access).toEqual([
      expect.objectContaining({
        reqId: 'req-log-1',
        request_id: 'req-log-1',
        method: 'GET',
        route: '/things/:id',
        status: 200,
        ms: expect.any(Number),
      }),
    ]);
    // A route's own line still carries the request id, bound by its request logger.
    expect(lines.find((line) => line.msg === 'looking it up')).toMatchObject({ reqId: 'req-log-1', looked_up: true });
  });

  it('counts and times every answer by method, route and status, served by the metrics app alone', async () => {
    await app.inject({ method: 'GET', url: '/things/3' });
    const onApi = await app.inject({ method: 'GET', url: '/metrics' });
    expect(onApi.statusCode).toBe(404);
    expect(onApi.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    const metricsApp = createMetricsApp(metrics);
    const scraped = await metricsApp.inject({ method: 'GET', url: '/metrics' });
    await metricsApp.close();
    expect(scraped.headers['content-type']).toBe(metrics.registry.contentType);
    const text = scraped.body;
    for (const series of ['http_requests_total', 'http_request_duration_seconds_count']) {
      const labels = ['method="GET"', 'route="/things/:id"', 'status_code="200"'];
      const line = text.split('\n').find((l) => l.startsWith(`${series}{`) && labels.every((has) => l.includes(has)));
      expect(Number(line?.split(' ').at(-1))).toBeGreaterThanOrEqual(1);
    }
  });
});
