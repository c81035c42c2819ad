import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '@shop/testing';
import { startProviderSimulator, type RunningSimulator } from '@shop/card-provider-simulator';
import { ledgerOf } from '../test-support/saga-fixtures.js';
import { guardWithCircuitBreaker, type GuardedProvider } from './circuit-breaker-provider.js';
import { HttpProviderClient } from './http-provider-client.js';

const request = (token: string, idempotencyKey = randomUUID(), amountCents = 3405) => ({
  idempotencyKey,
  orderId: randomUUID(),
  amountCents,
  currency: 'USD',
  token,
});
/** Volume 100: the adapter tests must not open a breaker; the breaker test has its own. */
const quietBreaker = {
  errorThresholdPercentage: 50,
  volumeThreshold: 100,
  rollingWindowMs: 10_000,
  resetTimeoutMs: 500,
};

async function circuitState(registry: Registry): Promise<number> {
  const metric = await registry.getSingleMetric('payment_provider_circuit_state')!.get();
  return metric.values[0]!.value;
}

describe('card provider adapter over HTTP, against the simulator', () => {
  let simulator: RunningSimulator;
  let registry: Registry;
  let guarded: GuardedProvider;

  beforeAll(async () => {
    simulator = await startProviderSimulator({ timeoutDelayMs: 5000 });
    registry = new Registry();
    const client = new HttpProviderClient({ baseUrl: simulator.url, timeoutMs: 250 });
    guarded = guardWithCircuitBreaker(client, quietBreaker, registry);
  });
  afterAll(async () => {
    guarded.shutdown();
    await simulator.close();
  });

  it('approves tok_visa_4242 and answers a repeated key with the same transaction, charging once', async () => {
    const key = randomUUID();
    const first = await guarded.provider.authorize(request('tok_visa_4242', key));
    const approved = {
      outcome: 'succeeded',
      transactionId: expect.stringMatching(/^txn_/),
      methodDescription: 'Visa ending in 4242',
    };
    expect(first).toEqual(approved);
    expect(await guarded.provider.authorize(request('tok_visa_4242', key))).toEqual(first);
    const books = await ledgerOf(simulator.url, key);
    expect(books.requests).toBe(2);
    expect(books.authorizations).toHaveLength(1);
  });

  it('refuses the same key with other parameters (a conflict, not a charge): a final answer, declined', async () => {
    const key = randomUUID();
    await guarded.provider.authorize(request('tok_visa_4242', key, 100));
    const conflict = await guarded.provider.authorize(request('tok_visa_4242', key, 200));
    expect(conflict).toMatchObject({ outcome: 'declined', code: 'idempotency_conflict' });
    expect((await ledgerOf(simulator.url, key)).authorizations).toHaveLength(1);
  });

  it('declines tok_chargeDeclined with card_declined, and the same again for the same key', async () => {
    const key = randomUUID();
    const declined = { outcome: 'declined', code: 'card_declined', message: 'Your card was declined.' };
    expect(await guarded.provider.authorize(request('tok_chargeDeclined', key))).toEqual(declined);
    expect(await guarded.provider.authorize(request('tok_chargeDeclined', key))).toEqual(declined);
    expect((await ledgerOf(simulator.url, key)).authorizations).toEqual([]);
  });

  it('fails tok_processing_error twice with a server error, then approves', async () => {
    const key = randomUUID();
    const outcomes = [];
    for (let i = 0; i < 3; i++) {
      outcomes.push((await guarded.provider.authorize(request('tok_processing_error', key))).outcome);
    }
    expect(outcomes).toEqual(['error', 'error', 'succeeded']);
  });

  it('times tok_timeout out at the client timeout', async () => {
    const started = Date.now();
    const timedOut = await guarded.provider.authorize(request('tok_timeout'));
    expect(timedOut).toMatchObject({ outcome: 'timeout', code: 'timeout' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('voids, captures, refunds once per key; a forbidden move or unknown authorization is declined', async () => {
    const voided = await guarded.provider.authorize(request('tok_visa_4242'));
    const captured = await guarded.provider.authorize(request('tok_mastercard_4444'));
    if (voided.outcome !== 'succeeded' || captured.outcome !== 'succeeded') throw new Error('expected approvals');
    expect(captured.methodDescription).toBe('Mastercard ending in 4444');
    const on = (transactionId: string, idempotencyKey = randomUUID()) => ({
      transactionId,
      idempotencyKey,
      amountCents: 3405,
    });
    const voidOnce = on(voided.transactionId);
    expect(await guarded.provider.void(voidOnce)).toMatchObject({ outcome: 'succeeded' });
    expect(await guarded.provider.void(voidOnce)).toMatchObject({ outcome: 'succeeded' });
    // Another key is another request: the authorization is voided already.
    expect(await guarded.provider.void(on(voided.transactionId))).toMatchObject({
      outcome: 'declined',
      code: 'invalid_state',
    });
    const forbidden = await guarded.provider.capture(on(voided.transactionId));
    expect(forbidden).toMatchObject({ outcome: 'declined', code: 'invalid_state' });
    const captureOnce = on(captured.transactionId);
    expect(await guarded.provider.capture(captureOnce)).toMatchObject({ outcome: 'succeeded' });
    const refundOnce = on(captured.transactionId);
    expect(await guarded.provider.refund(refundOnce)).toMatchObject({ outcome: 'succeeded' });
    expect(await guarded.provider.refund(refundOnce)).toMatchObject({ outcome: 'succeeded' });
    const unknown = await guarded.provider.void(on('txn_unknown'));
    expect(unknown).toMatchObject({ outcome: 'declined', code: 'resource_missing' });
    const { authorizations } = simulator.controls.ledger.view();
    const [entry] = authorizations.filter((e) => e.transaction_id === captured.transactionId);
    expect(entry!.history.map((h) => h.status)).toEqual(['authorized', 'captured', 'refunded']);
    expect(entry).toMatchObject({ authorized_cents: 3405, captured_cents: 3405, refunded_cents: 3405 });
    const keys = entry!.operations.map((o) => `${o.operation}:${o.idempotency_key}`);
    const { idempotency_key: authorizedUnder } = entry!;
    expect(keys).toEqual([
      `authorize:${authorizedUnder}`,
      `capture:${captureOnce.idempotencyKey}`,
      `refund:${refundOnce.idempotencyKey}`,
    ]);
  });

  it('answers its liveness check, even during an outage', async () => {
    simulator.controls.outage(true);
    try {
      const response = await fetch(new URL('/health', simulator.url));
      expect(await response.json()).toEqual({ status: 'ok' });
      const unavailable = await guarded.provider.authorize(request('tok_visa_4242'));
      expect(unavailable).toMatchObject({ outcome: 'error', code: 'service_unavailable' });
    } finally {
      simulator.controls.outage(false);
    }
  });

  it('maps an unreachable provider to an error', async () => {
    const unreachable = new HttpProviderClient({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 500 });
    const nowhere = guardWithCircuitBreaker(unreachable, quietBreaker, new Registry());
    const refused = await nowhere.provider.authorize(request('tok_visa_4242'));
    expect(refused).toMatchObject({ outcome: 'error', code: 'network_error' });
    nowhere.shutdown();
  });
});

describe('circuit breaker around the provider', () => {
  let simulator: RunningSimulator;

  beforeAll(async () => {
    simulator = await startProviderSimulator({ timeoutDelayMs: 5000 });
  });
  afterAll(() => simulator.close());

  it('opens after repeated failures, refuses calls without reaching the provider, closes after a trial', async () => {
    const registry = new Registry();
    const guarded = guardWithCircuitBreaker(
      new HttpProviderClient({ baseUrl: simulator.url, timeoutMs: 200 }),
      { errorThresholdPercentage: 50, volumeThreshold: 3, rollingWindowMs: 10_000, resetTimeoutMs: 400 },
      registry,
    );
    try {
      expect(await circuitState(registry)).toBe(0);
      for (let i = 0; i < 3; i++) {
        expect((await guarded.provider.authorize(request('tok_timeout'))).outcome).toBe('timeout');
      }
      expect(guarded.isOpen()).toBe(true);
      expect(await circuitState(registry)).toBe(2);

      const key = randomUUID();
      const refusedByBreaker = await guarded.provider.authorize(request('tok_visa_4242', key));
      expect(refusedByBreaker).toMatchObject({ outcome: 'circuit_open' });
      expect((await ledgerOf(simulator.url, key)).requests).toBe(0);

      await eventually(async () => expect(await circuitState(registry)).toBe(1), 3000);
      expect(await guarded.provider.authorize(request('tok_visa_4242', key))).toMatchObject({ outcome: 'succeeded' });
      expect(await circuitState(registry)).toBe(0);
      const calls = await registry.getSingleMetricAsString('payment_provider_calls_total');
      expect(calls).toMatch(/operation="authorize",outcome="circuit_open"\} 1/);
    } finally {
      guarded.shutdown();
    }
  });

  it('does not count declines or rejections as provider failures', async () => {
    const guarded = guardWithCircuitBreaker(
      new HttpProviderClient({ baseUrl: simulator.url, timeoutMs: 200 }),
      { errorThresholdPercentage: 50, volumeThreshold: 2, rollingWindowMs: 10_000, resetTimeoutMs: 400 },
      new Registry(),
    );
    try {
      const unknown = { transactionId: 'txn_unknown', amountCents: 100 };
      for (let i = 0; i < 4; i++) await guarded.provider.capture({ ...unknown, idempotencyKey: randomUUID() });
      await sleep(10);
      expect(guarded.isOpen()).toBe(false);
      for (let i = 0; i < 4; i++) await guarded.provider.authorize(request('tok_chargeDeclined'));
      expect(guarded.isOpen()).toBe(false);
    } finally {
      guarded.shutdown();
    }
  });
});
