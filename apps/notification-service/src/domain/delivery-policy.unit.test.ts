import { describe, expect, it } from 'vitest';
import { afterFailure, retryDelayMs } from './delivery-policy.js';

const policy = { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 5000 };
const now = new Date('2026-01-01T00:00:00Z');

describe('delivery policy', () => {
  it('backs off exponentially with equal jitter, capped', () => {
    expect([1, 2, 3, 4, 10].map((n) => retryDelayMs(n, policy, 1))).toEqual([1000, 2000, 4000, 5000, 5000]);
    expect(retryDelayMs(2, policy, 0)).toBe(1000);
  });

  it('retries while attempts remain, then fails with the last error', () => {
    expect(afterFailure(1, { kind: 'smtp_error', message: 'ECONNREFUSED' }, policy, now, 1)).toEqual({
      status: 'pending',
      nextAttemptAt: new Date('2026-01-01T00:00:01Z'),
      lastError: 'smtp_error: ECONNREFUSED',
    });
    expect(afterFailure(3, { kind: 'contact_unknown', message: 'no contact' }, policy, now, 0)).toEqual({
      status: 'failed',
      lastError: 'contact_unknown: no contact',
    });
  });
});
