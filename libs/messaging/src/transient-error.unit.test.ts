import { describe, expect, it } from 'vitest';
import { isTransientError } from './transient-error.js';

const withCode = (code: string) => Object.assign(new Error('x'), { code });

describe('transient errors', () => {
  it.each(['ECONNREFUSED', '57P01', '08006', '40P01', '40001', 'P1001', 'P2024'])('treats %s as transient', (code) => {
    expect(isTransientError(withCode(code))).toBe(true);
  });

  it('looks through causes and driver messages', () => {
    expect(isTransientError(new Error('outer', { cause: withCode('ECONNRESET') }))).toBe(true);
    expect(isTransientError(new Error('Connection terminated unexpectedly'))).toBe(true);
  });

  it.each([withCode('23505'), withCode('22P02'), new Error('order does not exist'), 'a string', null])('treats %s as a bad message, not an outage', (error) => {
    expect(isTransientError(error)).toBe(false);
  });
});
