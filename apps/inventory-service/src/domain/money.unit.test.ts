import { describe, expect, it } from 'vitest';
import { centsToDecimal, decimalToCents } from './money.js';

describe('money', () => {
  it('turns two-decimal prices into exact cents, even where the double is just below', () => {
    expect(decimalToCents(29.99)).toBe(2999);
    expect(decimalToCents(0.29)).toBe(29); // 0.29 * 100 = 28.999999999999996
    expect(decimalToCents(1_000_000)).toBe(100_000_000);
    expect(decimalToCents(0)).toBe(0);
  });

  it('renders cents as the decimal the seed shows', () => {
    expect(centsToDecimal(2999)).toBe(29.99);
    expect(centsToDecimal(11476)).toBe(114.76);
    expect(centsToDecimal(500)).toBe(5);
  });

  it('round-trips every cent amount up to 10 000.00', () => {
    const mismatches: number[] = [];
    for (let cents = 0; cents <= 1_000_000; cents += 1) if (decimalToCents(centsToDecimal(cents)) !== cents) mismatches.push(cents);
    expect(mismatches).toEqual([]);
  });
});
