import { describe, expect, it } from 'vitest';
import { amountToCents, centsToAmount } from '@shop/contracts';

// The wire's decimal prices and the cents behind them, as this service's mapper converts them.
describe('money', () => {
  it('turns two-decimal prices into exact cents, even where the double is just below', () => {
    expect(amountToCents(29.99)).toBe(2999);
    expect(amountToCents(0.29)).toBe(29); // 0.29 * 100 = 28.999999999999996
    expect(amountToCents(1_000_000)).toBe(100_000_000);
    expect(amountToCents(0)).toBe(0);
  });

  it('renders cents as the decimal the API shows', () => {
    expect(centsToAmount(2999)).toBe(29.99);
    expect(centsToAmount(11476)).toBe(114.76);
    expect(centsToAmount(500)).toBe(5);
  });

  it('round-trips every cent amount up to 10 000.00', () => {
    const mismatches: number[] = [];
    for (let cents = 0; cents <= 1_000_000; cents += 1) {
      if (amountToCents(centsToAmount(cents)) !== cents) mismatches.push(cents);
    }
    expect(mismatches).toEqual([]);
  });
});
