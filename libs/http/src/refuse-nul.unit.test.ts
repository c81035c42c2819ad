import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { pino } from 'pino';
import { createMetrics } from '@shop/telemetry';
import { createHttpApp } from './index.js';
import { maxJsonNestingDepth } from './refuse-nul.js';

const { publicKey: key } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const publicKey = key.export({ type: 'spki', format: 'pem' }).toString();

/** shop-refuse-nul on the real stack: a NUL anywhere is a 400 in the envelope, and no handler ran. */
describe('shop-refuse-nul', () => {
  let app: FastifyInstance;
  const handled: unknown[] = [];
  beforeAll(async () => {
    app = await createHttpApp('nul-test', {
      logger: pino({ level: 'silent' }),
      metrics: createMetrics('nul-test'),
      readiness: {},
      publicKey,
    });
    app.post('/things/:id', async (request) => {
      handled.push(request.body);
      return { params: request.params, query: request.query, body: request.body };
    });
    app.get('/things/:id', async (request) => {
      handled.push(request.query);
      return { params: request.params, query: request.query };
    });
  });
  afterAll(() => app.close());

  async function expectRefused(
    request: InjectOptions,
    field: string,
    message = 'Text must not contain the NUL character (U+0000)',
  ) {
    const before = handled.length;
    const response = await app.inject(request);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: {
        code: 'VALIDATION_ERROR',
        message,
        details: { field, issues: [{ field, message }] },
        request_id: response.headers['x-request-id'],
        timestamp: expect.any(String),
      },
    });
    expect(handled.length).toBe(before);
  }

  it('is registered by createHttpApp under its name', () => {
    expect(app.hasPlugin('shop-refuse-nul')).toBe(true);
  });

  it('refuses a NUL in an object key nested in arrays and objects, naming its path', async () => {
    const body = { a: { list: [{ fine: 'yes' }, { ['ke\u0000y']: 1 }] } };
    await expectRefused({ method: 'POST', url: '/things/1', payload: body }, 'body.a.list.1.ke\u0000y');
  });

  it('refuses a NUL in an array element', async () => {
    const body = { tags: ['ok', 'b\u0000d', 'ok'] };
    await expectRefused({ method: 'POST', url: '/things/1', payload: body }, 'body.tags.1');
  });

  it('refuses a NUL in a query key and in a query value', async () => {
    await expectRefused({ method: 'GET', url: '/things/1?ok=1&bad%00key=x' }, 'query.bad\u0000key');
    await expectRefused({ method: 'GET', url: '/things/1?category=a%00b' }, 'query.category');
    await expectRefused({ method: 'GET', url: '/things/1?tag=a&tag=b%00' }, 'query.tag.1');
  });

  it('refuses a NUL in a path param', async () => {
    await expectRefused({ method: 'GET', url: '/things/a%00b' }, 'params.id');
    await expectRefused({ method: 'POST', url: '/things/a%00b', payload: { fine: true } }, 'params.id');
  });

  it('refuses a plain-text body as 415 in the envelope: the API reads JSON only', async () => {
    const before = handled.length;
    const headers = { 'content-type': 'text/plain' };
    const response = await app.inject({ method: 'POST', url: '/things/1', payload: 'a\u0000b', headers });
    expect(response.statusCode).toBe(415);
    expect(response.json().error).toMatchObject({
      code: 'INVALID_REQUEST',
      request_id: response.headers['x-request-id'],
    });
    expect(handled.length).toBe(before);
  });

  it('finds a NUL at the bottom of a body nested as deep as allowed, naming its path', async () => {
    const depth = maxJsonNestingDepth - 1;
    const payload = `{"a":${'['.repeat(depth)}"\\u0000"${']'.repeat(depth)}}`;
    const request = { method: 'POST', url: '/things/1', payload, headers: { 'content-type': 'application/json' } };
    await expectRefused(request as InjectOptions, ['body', 'a', ...Array<string>(depth).fill('0')].join('.'));
  });

  it('refuses JSON nested deeper than allowed, however deep, before parsing it', async () => {
    const json = { 'content-type': 'application/json' };
    for (const depth of [maxJsonNestingDepth + 1, 10_000, 100_000]) {
      for (const payload of [
        `${'['.repeat(depth)}${']'.repeat(depth)}`,
        `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
      ]) {
        const message = `JSON must not nest deeper than ${maxJsonNestingDepth} levels`;
        await expectRefused({ method: 'POST', url: '/things/1', payload, headers: json }, 'body', message);
      }
    }
    // Brackets inside strings are text, not nesting.
    const payload = JSON.stringify({ text: '[{'.repeat(1000), quote: '\\"[[[' });
    const response = await app.inject({ method: 'POST', url: '/things/1', payload, headers: json });
    expect(response.statusCode).toBe(200);
  });

  it('refuses a JSON body whose bytes are not UTF-8 instead of storing replacement characters', async () => {
    const json = { 'content-type': 'application/json' };
    for (const bad of [[0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xe2, 0x82]]) {
      const payload = Buffer.concat([Buffer.from('{"name":"a'), Buffer.from(bad), Buffer.from('b"}')]);
      await expectRefused(
        { method: 'POST', url: '/things/1', payload, headers: json },
        'body',
        'Body is not valid UTF-8',
      );
    }
  });

  it('refuses a query string escape that is malformed or spells bytes that are not UTF-8', async () => {
    const message = 'Query string has a malformed or non-UTF-8 escape';
    for (const query of ['c=%ff', 'c=%c3%28', 'c=%', 'c=%zz', 'c=%ed%a0%80', '%ff=1', 'a=1&c=x%e2%82']) {
      await expectRefused({ method: 'GET', url: `/things/1?${query}` }, 'query', message);
    }
    const response = await app.inject({ method: 'GET', url: '/things/1?c=%F0%9F%9B%92+%25' });
    expect(response.json().query).toEqual({ c: '🛒 %' });
  });

  it('lets through what only looks like NUL: an escaped backslash, an encoded percent sign', async () => {
    const payload = '{"text":"\\\\u0000 is how JSON spells it"}';
    const response = await app.inject({
      method: 'POST',
      url: '/things/%2500?q=%2500',
      payload,
      headers: { 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ params: { id: '%00' }, query: { q: '%00' }, body: JSON.parse(payload) });
  });

  it("keeps Fastify's JSON parser: malformed, empty and prototype-poisoning bodies are still refused", async () => {
    const json = { 'content-type': 'application/json' };
    const before = handled.length;
    for (const payload of ['{"a":', '', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{}}}']) {
      const response = await app.inject({ method: 'POST', url: '/things/1', payload, headers: json });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('INVALID_REQUEST');
    }
    expect(handled.length).toBe(before);
  });
});
