import { randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startProviderSimulator, type RunningSimulator } from '@shop/card-provider-simulator';
import { guardWithCircuitBreaker, type GuardedProvider } from './circuit-breaker-provider.js';
import { HttpProviderClient, ProviderCallError } from './http-provider-client.js';

const amountCents = 3405;
const authorization = (idempotencyKey = randomUUID()) => ({
  idempotencyKey,
  orderId: randomUUID(),
  amountCents,
  currency: 'USD',
  token: 'tok_visa_4242',
});
/** Volume 100: these calls must not open the breaker. */
const quietBreaker = {
  errorThresholdPercentage: 50,
  volumeThreshold: 100,
  rollingWindowMs: 10_000,
  resetTimeoutMs: 500,
};

describe('card provider client: its credentials', () => {
  const apiKey = `sk_${randomUUID()}`;
  let simulator: RunningSimulator;
  beforeAll(async () => {
    simulator = await startProviderSimulator({ apiKey });
  });
  afterAll(() => simulator.close());

  const clientWith = (key?: string) =>
    new HttpProviderClient({ baseUrl: simulator.url, timeoutMs: 2000, ...(key ? { apiKey: key } : {}) });

  it('sends its key on every call: the provider accepts it', async () => {
    const key = randomUUID();
    const client = clientWith(apiKey);
    const approved = await client.authorize(authorization(key));
    expect(approved).toMatchObject({ outcome: 'succeeded' });
    if (approved.outcome !== 'succeeded') throw new Error('expected an approval');
    const settle = { transactionId: approved.transactionId, idempotencyKey: randomUUID(), amountCents };
    await client.capture(settle);
    await client.refund({ ...settle, idempotencyKey: randomUUID() });
    const [entry] = simulator.controls.ledger.view(key).authorizations;
    expect(entry!.history.map((h) => h.status)).toEqual(['authorized', 'captured', 'refunded']);
  });

  it('a key the provider refuses (another, or the development default): a permanent fault, nothing done', async () => {
    for (const client of [clientWith(`${apiKey}-wrong`), clientWith()]) {
      const key = randomUUID();
      const refused = await client.authorize(authorization(key)).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(ProviderCallError);
      expect(refused).toMatchObject({ kind: 'rejected', code: 'provider_unauthorized' });
      expect((refused as Error).message).toMatch(/PROVIDER_API_KEY/);
      expect(simulator.controls.ledger.view(key)).toEqual({ requests: 0, authorizations: [] });
    }
    const guarded = guardWithCircuitBreaker(
      clientWith(`${apiKey}-wrong`),
      { ...quietBreaker, volumeThreshold: 2 },
      new Registry(),
    );
    try {
      for (let i = 0; i < 3; i++) {
        const outcome = await guarded.provider.capture({
          transactionId: 'txn_x',
          idempotencyKey: randomUUID(),
          amountCents,
        });
        expect(outcome).toMatchObject({ outcome: 'declined', code: 'provider_unauthorized' });
      }
      expect(guarded.isOpen()).toBe(false);
    } finally {
      guarded.shutdown();
    }
  });
});

describe('card provider client: an answer for other terms than asked is never a success', () => {
  let simulator: RunningSimulator;
  let guarded: GuardedProvider;
  beforeAll(async () => {
    simulator = await startProviderSimulator();
    guarded = guardWithCircuitBreaker(
      new HttpProviderClient({ baseUrl: simulator.url, timeoutMs: 2000 }),
      quietBreaker,
      new Registry(),
    );
  });
  afterEach(() => simulator.controls.answerAll());
  afterAll(async () => {
    guarded.shutdown();
    await simulator.close();
  });

  const entryOf = (key: string) => {
    const { authorizations } = simulator.controls.ledger.view(key);
    expect(authorizations).toHaveLength(1);
    return authorizations[0]!;
  };

  for (const terms of [{ amountCents: amountCents - 1 }, { currency: 'EUR' }]) {
    it(`an authorization for ${JSON.stringify(terms)}: declined, and what the provider holds is voided`, async () => {
      const key = randomUUID();
      simulator.controls.misapplyNext('authorize', terms);
      const outcome = await guarded.provider.authorize(authorization(key));
      expect(outcome).toMatchObject({ outcome: 'declined', code: 'provider_amount_mismatch' });
      expect(entryOf(key).status).toBe('voided');
      expect(entryOf(key).operations.map((o) => `${o.operation}:${o.idempotency_key}`)).toEqual([
        `authorize:${key}`,
        `void:${key}:void`,
      ]);
    });
  }

  it('an authorization whose void is lost: a failed attempt, then asked again: voided once, declined', async () => {
    const key = randomUUID();
    simulator.controls.misapplyNext('authorize', { amountCents: amountCents + 1 });
    simulator.controls.dropNextResponse('void');
    expect(await guarded.provider.authorize(authorization(key))).toMatchObject({
      outcome: 'error',
      code: 'provider_amount_mismatch',
    });
    const again = await guarded.provider.authorize(authorization(key));
    expect(again).toMatchObject({ outcome: 'declined', code: 'provider_amount_mismatch' });
    expect(entryOf(key).operations.map((o) => `${o.operation}:${o.idempotency_key}`)).toEqual([
      `authorize:${key}`,
      `void:${key}:void`,
    ]);
    expect(simulator.controls.ledger.view(`${key}:void`).requests).toBe(2);
  });

  it('a capture or a refund for another amount: declined, with the reason', async () => {
    const key = randomUUID();
    const approved = await guarded.provider.authorize(authorization(key));
    if (approved.outcome !== 'succeeded') throw new Error('expected an approval');
    const settle = (operation: 'capture' | 'refund') => ({
      transactionId: approved.transactionId,
      idempotencyKey: `${key}:${operation}`,
      amountCents,
    });
    simulator.controls.misapplyNext('capture', { amountCents: amountCents - 1 });
    const capture = await guarded.provider.capture(settle('capture'));
    expect(capture).toMatchObject({ outcome: 'declined', code: 'provider_amount_mismatch' });
    expect((capture as { message: string }).message).toMatch(new RegExp(`${amountCents - 1}.*${amountCents}`));
    expect(await guarded.provider.capture(settle('capture'))).toEqual(capture);

    const otherKey = randomUUID();
    const other = await guarded.provider.authorize(authorization(otherKey));
    if (other.outcome !== 'succeeded') throw new Error('expected an approval');
    const captureOther = { transactionId: other.transactionId, idempotencyKey: randomUUID(), amountCents };
    expect(await guarded.provider.capture(captureOther)).toMatchObject({ outcome: 'succeeded' });
    simulator.controls.misapplyNext('refund', { amountCents: 1 });
    const refund = await guarded.provider.refund({ ...captureOther, idempotencyKey: randomUUID() });
    expect(refund).toMatchObject({ outcome: 'declined', code: 'provider_amount_mismatch' });
  });
});
