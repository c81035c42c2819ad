import { describe, expect, it } from 'vitest';
import { isTransientError } from './transient-error.js';

const withCode = (code: string) => Object.assign(new Error('x'), { code });

describe('transient errors', () => {
  it.each(['ECONNREFUSED', '57P01', '08006', '40P01', '40001', 'P1001', 'P2024', 'P2028'])(
    'treats %s as transient',
    (code) => {
      expect(isTransientError(withCode(code))).toBe(true);
    },
  );

  it('reads the SQLSTATE Prisma keeps in meta for a failed raw query', () => {
    expect(
      isTransientError(
        Object.assign(new Error('Raw query failed. Code: `57P01`'), { code: 'P2010', meta: { code: '57P01' } }),
      ),
    ).toBe(true);
    expect(
      isTransientError(
        Object.assign(new Error('Raw query failed. Code: `23505`'), { code: 'P2010', meta: { code: '23505' } }),
      ),
    ).toBe(false);
  });

  it('looks through causes and driver messages', () => {
    expect(isTransientError(new Error('outer', { cause: withCode('ECONNRESET') }))).toBe(true);
    expect(isTransientError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isTransientError(new Error('Client has encountered a connection error and is not queryable'))).toBe(true);
  });

  it.each([withCode('23505'), withCode('22P02'), new Error('order does not exist'), 'a string', null])(
    'treats %s as a bad message, not an outage',
    (error) => {
      expect(isTransientError(error)).toBe(false);
    },
  );
});
