import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { developmentApiKey } from './api-key.js';
import type { LedgerEntry } from './ledger.js';
import { startProviderSimulator, type RunningSimulator } from './simulator.js';

describe('card provider simulator: void, capture and refund as a strict processor', () => {
  let simulator: RunningSimulator;

  beforeAll(async () => {
    simulator = await startProviderSimulator();
  });
  afterEach(() => simulator.controls.answerAll());
  afterAll(() => simulator.close());

  const post = (path: string, body: unknown) =>
    fetch(new URL(path, simulator.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${developmentApiKey}` },
      body: JSON.stringify(body),
    });
  const act = (transactionId: string, operation: 'void' | 'capture' | 'refund', body: object = {}) =>
    post(`/v1/authorizations/${transactionId}/${operation}`, body);
  const booksOf = async (key: string): Promise<{ requests: number; authorizations: LedgerEntry[] }> =>
    (await fetch(new URL(`/v1/ledger?idempotency_key=${encodeURIComponent(key)}`, simulator.url))).json() as never;
  const entryOf = async (authorizationKey: string): Promise<LedgerEntry> => {
    const { authorizations } = await booksOf(authorizationKey);
    expect(authorizations).toHaveLength(1);
    return authorizations[0]!;
  };
  const errorCodeOf = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;

  const amountCents = 3405;
  /** An approved authorization: its key and transaction. */
  async function authorized(): Promise<{ key: string; transactionId: string }> {
    const key = randomUUID();
    const response = await post('/v1/authorizations', {
      amount_cents: amountCents,
      currency: 'USD',
      token: 'tok_visa_4242',
      idempotency_key: key,
    });
    expect(response.status).toBe(201);
    return { key, transactionId: ((await response.json()) as { transaction_id: string }).transaction_id };
  }
  async function captured(): Promise<{ key: string; transactionId: string }> {
    const authorization = await authorized();
    expect((await act(authorization.transactionId, 'capture')).status).toBe(200);
    return authorization;
  }

  it('refunds twice when a refund is repeated without a key, and never more than was captured', async () => {
    const { key, transactionId } = await captured();
    const partial = 1000;
    expect((await act(transactionId, 'refund', { amount_cents: partial })).status).toBe(200);
    expect((await act(transactionId, 'refund', { amount_cents: partial })).status).toBe(200);
    const twice = await entryOf(key);
    expect(twice).toMatchObject({ captured_cents: amountCents, refunded_cents: 2 * partial });
    expect(twice.status).toBe('partially_refunded');
    const refunds = twice.operations.filter((o) => o.operation === 'refund');
    expect(refunds).toEqual([
      expect.objectContaining({ idempotency_key: null, amount_cents: partial }),
      expect.objectContaining({ idempotency_key: null, amount_cents: partial }),
    ]);

    const tooMuch = await act(transactionId, 'refund', { amount_cents: amountCents });
    expect(tooMuch.status).toBe(422);
    expect(await errorCodeOf(tooMuch)).toBe('amount_too_large');
    expect((await entryOf(key)).refunded_cents).toBe(2 * partial);

    // Without an amount, the rest: then nothing is left to refund.
    expect((await act(transactionId, 'refund')).status).toBe(200);
    expect(await entryOf(key)).toMatchObject({ status: 'refunded', refunded_cents: amountCents });
    const nothingLeft = await act(transactionId, 'refund');
    expect(nothingLeft.status).toBe(409);
    expect(await errorCodeOf(nothingLeft)).toBe('invalid_state');
  });

  it('answers a refund repeated under the same key with the first result, and refunds once', async () => {
    const { key, transactionId } = await captured();
    const refundKey = randomUUID();
    const first = await act(transactionId, 'refund', { idempotency_key: refundKey, amount_cents: 500 });
    expect(first.status).toBe(200);
    const again = await act(transactionId, 'refund', { idempotency_key: refundKey, amount_cents: 500 });
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(await first.json());

    const conflict = await act(transactionId, 'refund', { idempotency_key: refundKey, amount_cents: 600 });
    expect(conflict.status).toBe(409);
    expect(await errorCodeOf(conflict)).toBe('idempotency_conflict');
    // A key names one request: the same key on another operation is a conflict too.
    const elsewhere = await act(transactionId, 'void', { idempotency_key: refundKey });
    expect(await errorCodeOf(elsewhere)).toBe('idempotency_conflict');

    const entry = await entryOf(key);
    expect(entry.refunded_cents).toBe(500);
    expect(entry.operations.filter((o) => o.operation === 'refund')).toEqual([
      expect.objectContaining({ idempotency_key: refundKey, amount_cents: 500 }),
    ]);
    // The refund's key finds the same authorization in the books, with every request it brought.
    const byRefundKey = await booksOf(refundKey);
    expect(byRefundKey.requests).toBe(4);
    expect(byRefundKey.authorizations.map((a) => a.transaction_id)).toEqual([transactionId]);
  });

  it('refuses a repeated void or capture without a key, and replays it under the same key', async () => {
    const voided = await authorized();
    const voidKey = randomUUID();
    expect((await act(voided.transactionId, 'void', { idempotency_key: voidKey })).status).toBe(200);
    expect((await act(voided.transactionId, 'void', { idempotency_key: voidKey })).status).toBe(200);
    const unkeyedVoid = await act(voided.transactionId, 'void');
    expect(unkeyedVoid.status).toBe(409);
    expect(await errorCodeOf(unkeyedVoid)).toBe('invalid_state');
    expect((await entryOf(voided.key)).operations.map((o) => o.operation)).toEqual(['authorize', 'void']);

    const { key, transactionId } = await captured();
    const unkeyedCapture = await act(transactionId, 'capture');
    expect(unkeyedCapture.status).toBe(409);
    expect(await errorCodeOf(unkeyedCapture)).toBe('invalid_state');
    expect((await entryOf(key)).operations.map((o) => o.operation)).toEqual(['authorize', 'capture']);
  });

  it('refuses what is not a request: an amount on a void, more than was authorized, an unknown one', async () => {
    const { key, transactionId } = await authorized();
    expect((await act(transactionId, 'void', { amount_cents: 100 })).status).toBe(400);
    const overCapture = await act(transactionId, 'capture', { amount_cents: amountCents + 1 });
    expect(overCapture.status).toBe(422);
    expect((await entryOf(key)).operations.map((o) => o.operation)).toEqual(['authorize']);
    const unknown = await act('txn_unknown', 'capture', { idempotency_key: randomUUID() });
    expect(unknown.status).toBe(404);
    expect(await errorCodeOf(unknown)).toBe('resource_missing');
  });

  it('a dropped response: the refund took effect, the caller got no answer, the same key answers it', async () => {
    const { key, transactionId } = await captured();
    const refundKey = randomUUID();
    simulator.controls.dropNextResponse('refund');
    await expect(act(transactionId, 'refund', { idempotency_key: refundKey })).rejects.toThrow();
    expect(await entryOf(key)).toMatchObject({ status: 'refunded', refunded_cents: amountCents });

    const retried = await act(transactionId, 'refund', { idempotency_key: refundKey });
    expect(retried.status).toBe(200);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(await retried.json()).toMatchObject({ transaction_id: transactionId, refunded_cents: amountCents });
    const entry = await entryOf(key);
    expect(entry.operations.filter((o) => o.operation === 'refund')).toHaveLength(1);
    expect((await booksOf(refundKey)).requests).toBe(2);
  });

  it('a processor at fault: applies other terms than asked, says so, and replays that answer', async () => {
    const key = randomUUID();
    simulator.controls.misapplyNext('authorize', { amountCents: amountCents - 1, currency: 'EUR' });
    const asked = { amount_cents: amountCents, currency: 'USD', token: 'tok_visa_4242', idempotency_key: key };
    const first = await post('/v1/authorizations', asked);
    expect(await first.json()).toMatchObject({ amount_cents: amountCents - 1, currency: 'EUR' });
    const again = await post('/v1/authorizations', asked);
    expect(await again.json()).toMatchObject({ amount_cents: amountCents - 1, currency: 'EUR' });
    const { transaction_id: transactionId } = await entryOf(key);

    simulator.controls.misapplyNext('capture', { amountCents: amountCents - 2 });
    const capture = await act(transactionId, 'capture', { amount_cents: amountCents - 1 });
    expect(await capture.json()).toMatchObject({ amount_cents: amountCents - 2, captured_cents: amountCents - 2 });
    expect(await entryOf(key)).toMatchObject({ authorized_cents: amountCents - 1, captured_cents: amountCents - 2 });
  });

  it('is slow while told so: every call waits, and is prompt again once told 0', async () => {
    const slowMs = 1_000;
    simulator.controls.slow(slowMs);
    try {
      const started = performance.now();
      const { transactionId } = await authorized();
      const authorizedAfter = performance.now() - started;
      const voided = await act(transactionId, 'void');
      expect(voided.status).toBe(200);
      expect(authorizedAfter).toBeGreaterThanOrEqual(slowMs);
      expect(performance.now() - started).toBeGreaterThanOrEqual(2 * slowMs);
    } finally {
      simulator.controls.slow(0);
    }
    const prompt = performance.now();
    await authorized();
    expect(performance.now() - prompt).toBeLessThan(slowMs);
  });
});
