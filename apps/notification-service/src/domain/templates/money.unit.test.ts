import { describe, expect, it } from 'vitest';
import { formatMoney } from './money.js';

describe('formatMoney', () => {
  it('renders cents in the currency, the same on every call', () => {
    expect(formatMoney(11476, 'USD')).toBe('$114.76');
    expect(formatMoney(5, 'USD')).toBe('$0.05');
    expect(formatMoney(250000, 'EUR')).toBe('€2,500.00');
    expect(formatMoney(11476, 'USD')).toBe('$114.76');
  });

  it('still renders a code Intl refuses', () => {
    expect(formatMoney(1999, 'E1')).toBe('19.99 E1');
    expect(formatMoney(1, 'E1')).toBe('0.01 E1');
  });
});
