import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProviderSimulator, type RunningSimulator } from './simulator.js';

describe('card provider simulator: every call to the processor carries its secret key', () => {
  const apiKey = `sk_${randomUUID()}`;
  let simulator: RunningSimulator;

  beforeAll(async () => {
    simulator = await startProviderSimulator({ apiKey });
  });
  afterAll(() => simulator.close());

  const authorize = (key: string, headers: Record<string, string>) =>
    fetch(new URL('/v1/authorizations', simulator.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ amount_cents: 100, currency: 'USD', token: 'tok_visa_4242', idempotency_key: key }),
    });
  const refusedWith = async (response: Response) => ({
    status: response.status,
    challenge: response.headers.get('www-authenticate'),
    code: ((await response.json()) as { error: { code: string } }).error.code,
  });
  const unauthorized = { status: 401, challenge: 'Bearer', code: 'unauthorized' };

  it('answers 401 without a key, with another key or another scheme, and acts on none of them', async () => {
    const key = randomUUID();
    expect(await refusedWith(await authorize(key, {}))).toEqual(unauthorized);
    expect(await refusedWith(await authorize(key, { authorization: `Bearer ${apiKey}x` }))).toEqual(unauthorized);
    expect(await refusedWith(await authorize(key, { authorization: `Basic ${apiKey}` }))).toEqual(unauthorized);
    const settle = await fetch(new URL('/v1/authorizations/txn_unknown/void', simulator.url), { method: 'POST' });
    expect(await refusedWith(settle)).toEqual(unauthorized);
    expect(simulator.controls.ledger.view(key)).toEqual({ requests: 0, authorizations: [] });

    const accepted = await authorize(key, { authorization: `Bearer ${apiKey}` });
    expect(accepted.status).toBe(201);
    expect(simulator.controls.ledger.view(key).authorizations).toHaveLength(1);
  });

  it('keeps /health and the ledger (a test hook) open', async () => {
    expect((await fetch(new URL('/health', simulator.url))).status).toBe(200);
    expect((await fetch(new URL('/v1/ledger', simulator.url))).status).toBe(200);
  });
});
