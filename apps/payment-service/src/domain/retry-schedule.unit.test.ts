import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './retry-schedule.js';
import { describeCard } from './card.js';

const policy = { baseMs: 1000, maxMs: 60_000 };

describe('retry schedule', () => {
  it('doubles the delay after each failed attempt, between half and all of it', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, policy, 1))).toEqual([1000, 2000, 4000, 8000]);
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, policy, 0))).toEqual([500, 1000, 2000, 4000]);
    expect(retryDelayMs(3, policy, 0.5)).toBe(3000);
  });

  it('never grows past the maximum, however many attempts failed', () => {
    expect(retryDelayMs(7, policy, 1)).toBe(60_000);
    expect(retryDelayMs(10_000, policy, 1)).toBe(60_000);
  });

  it('treats a first try (no failure yet) like the first failure', () => {
    expect(retryDelayMs(0, policy, 1)).toBe(1000);
  });
});

describe('card description', () => {
  it('reads as the brand and the last four digits', () => {
    expect(describeCard('visa', '4242')).toBe('Visa ending in 4242');
    expect(describeCard('jcb', '0000')).toBe('Jcb ending in 0000');
  });
});
