import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, signAccessToken } from '@shop/testing';
import type { Stack } from '../support/stack.js';
import { expectEnvelope, rawCall, type RawAnswer } from './support/hostile.js';
import { requestHead, sendRaw } from './support/raw-http.js';
import { startSecurityStack } from './support/security-stack.js';

const list = '/api/v1/products';

/**
 * Rate-limit bypass attempts (docs/api.md, rate limits), with the limiter on: once an anonymous
 * caller has spent its bucket, nothing it can change about the request gets it a fresh one — not
 * the forwarding headers (no proxy is trusted), not the path's spelling, the query string, a method
 * override header or a forged token. The refusal is 429 in the envelope with Retry-After.
 */
describe('rate-limit bypass', () => {
  let stack: Stack;
  let base: string;
  let burst: number;

  beforeAll(async () => {
    stack = await startSecurityStack(9600, { RATE_LIMIT_ENABLED: 'true' }, ['inventory-service']);
    base = stack.url('inventory-service');
    // Spend the anonymous bucket of this route, and learn its size from the limiter itself.
    const first = await rawCall(base, 'GET', list, {});
    expect(first.status).toBe(200);
    burst = Number(first.headers.get('x-ratelimit-limit'));
    expect(burst).toBeGreaterThan(0);
    for (let spent = 1; spent < burst; spent++) expect((await rawCall(base, 'GET', list, {})).status).toBe(200);
  }, 240_000);
  afterAll(() => stack?.stop());

  /**
   * Served from the spent bucket: 429, or — if a token has trickled back in meanwhile — a 200 that
   * leaves it empty again. A fresh bucket would show `burst - 1` remaining.
   */
  const expectSpentBucket = (answer: RawAnswer, context: string) => {
    expect([200, 429], `${context}: ${answer.status} ${answer.text.slice(0, 200)}`).toContain(answer.status);
    expect(answer.headers.get('x-ratelimit-remaining'), context).toBe('0');
    if (answer.status === 429) {
      expectEnvelope(answer, 429, ['RATE_LIMIT_EXCEEDED']);
      expect(Number(answer.headers.get('retry-after')), context).toBeGreaterThanOrEqual(1);
    }
  };

  it('over the limit, the answer is 429 in the envelope with Retry-After', async () => {
    const answer = await rawCall(base, 'GET', list, {});
    expectSpentBucket(answer, 'one more');
    expect(answer.status).toBe(429);
  });

  it('forwarding headers naming another client do not get a fresh bucket', async () => {
    const spoofs: Record<string, string>[] = [
      { 'x-forwarded-for': '203.0.113.7' },
      { 'x-forwarded-for': '203.0.113.8, 198.51.100.1' },
      { 'x-real-ip': '203.0.113.9' },
      { forwarded: 'for=203.0.113.10' },
      { 'x-client-ip': '203.0.113.11' },
      { 'true-client-ip': '203.0.113.12' },
      { 'cf-connecting-ip': '203.0.113.13' },
      { 'x-originating-ip': '203.0.113.14' },
      { 'x-forwarded-host': 'elsewhere.example', 'x-forwarded-proto': 'https' },
    ];
    for (const headers of spoofs) expectSpentBucket(await rawCall(base, 'GET', list, headers), JSON.stringify(headers));
  });

  it('another spelling of the same route, or another query string, spends the same bucket', async () => {
    const spellings = [
      `${list}?limit=1`,
      `${list}?category=a`,
      `${list}?`,
      `${list}?limit=1&limit=2`,
      '/api/v1/product%73',
      '/api/v1/%70roducts',
    ];
    for (const path of spellings) {
      const answer = await rawCall(base, 'GET', path, {});
      // A query the contract refuses never reaches the handler either; what counts is no fresh bucket.
      if (answer.status === 400) expect(answer.headers.get('x-ratelimit-remaining'), path).toBe('0');
      else expectSpentBucket(answer, path);
    }
  });

  it('a spelling that is not the route is refused in the envelope (no such route or id)', async () => {
    const elsewhere = [
      '/API/v1/products',
      `${list}/`,
      `/${list}`,
      '/api/v1//products',
      '/api/v1/./products',
      `${list}%2f`,
    ];
    for (const path of elsewhere) {
      const answer = await sendRaw(base, requestHead('GET', path, []));
      expect([400, 404], path).toContain(answer.status);
      expect(['NOT_FOUND', 'VALIDATION_ERROR'], path).toContain(JSON.parse(answer.body).error.code);
    }
  });

  it('a method override header or parameter does not move the request to another bucket', async () => {
    const overrides: Record<string, string>[] = [
      { 'x-http-method-override': 'POST' },
      { 'x-http-method-override': 'PUT' },
      { 'x-method-override': 'PATCH' },
      { 'x-http-method': 'DELETE' },
    ];
    for (const headers of overrides)
      expectSpentBucket(await rawCall(base, 'GET', list, headers), JSON.stringify(headers));
    const answer = await rawCall(base, 'GET', `${list}?_method=POST`, {});
    expect([400, 429], '?_method=POST').toContain(answer.status);
    expect(answer.headers.get('x-ratelimit-remaining')).toBe('0');
  });

  it('HEAD, which runs the GET handler, spends the GET bucket', async () => {
    const answer = await rawCall(base, 'HEAD', list, {});
    expect([200, 429]).toContain(answer.status);
    expect(answer.headers.get('x-ratelimit-remaining')).toBe('0');
  });

  it('a forged or malformed token does not buy a bucket of its own', async () => {
    const forged = signAccessToken({ roles: ['admin'] }).replace(/\.[^.]+$/, '.c2lnbmF0dXJl');
    for (const authorization of [`Bearer ${forged}`, 'Bearer not-a-token', 'Basic YWRtaW46YWRtaW4=', 'Bearer ']) {
      const answer = await rawCall(base, 'GET', list, { authorization });
      expect([401, 429], authorization.slice(0, 20)).toContain(answer.status);
      expect(answer.headers.get('x-ratelimit-remaining'), authorization.slice(0, 20)).toBe('0');
    }
  });

  it('a caller with a valid token has a bucket of its own (the limit is per caller, not global)', async () => {
    const answer = await rawCall(base, 'GET', list, bearer(signAccessToken({ roles: ['customer'] })));
    expect(answer.status).toBe(200);
    expect(Number(answer.headers.get('x-ratelimit-remaining'))).toBeGreaterThan(0);
  });
});
