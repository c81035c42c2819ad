import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requestHash } from './request-hash.js';

/**
 * The fingerprint an Idempotency-Key is stored with: a retry of the same request must replay, and
 * any other request under the same key must be refused as a conflict, whatever a client puts in it.
 */

// Keys as clients write them: any text, and look-alike spellings (é composed, e + combining accent).
const key = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.constantFrom('é', 'e\u0301', 'E', 'e', 'ß', 'ss'),
);
const body = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 0 }), tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(key, tie('value'), { maxKeys: 6 }),
})).value;

/** The same value with every object's keys in another order (a seeded shuffle). */
function reorder(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((v, i) => reorder(v, seed + i));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  const shuffled = entries
    .map((entry, i) => ({ entry, rank: Math.sin(seed * 31 + i * 17) }))
    .sort((a, b) => a.rank - b.rank)
    .map(({ entry: [k, v] }, i) => [k, reorder(v, seed + i + 1)] as const);
  return Object.fromEntries(shuffled);
}

describe('the fingerprint of a request under an Idempotency-Key, for any body', () => {
  it('is the same for the same request, and for the same body with its keys in any order', () => {
    fc.assert(
      fc.property(body, fc.integer(), (value, seed) => {
        const hash = requestHash('POST', '/api/v1/orders', value);
        expect(requestHash('POST', '/api/v1/orders', structuredClone(value))).toBe(hash);
        expect(requestHash('POST', '/api/v1/orders', reorder(value, seed))).toBe(hash);
      }),
      { numRuns: 1000 },
    );
  });

  it('differs when anything in the body differs', () => {
    fc.assert(
      fc.property(body, body, (a, b) => {
        fc.pre(!sameValue(a, b));
        expect(requestHash('POST', '/api/v1/orders', a)).not.toBe(requestHash('POST', '/api/v1/orders', b));
      }),
      { numRuns: 1000 },
    );
  });

  it('differs when one key is added, removed or renamed, or one value changes', () => {
    fc.assert(
      fc.property(fc.dictionary(key, fc.jsonValue(), { minKeys: 1, maxKeys: 6 }), key, fc.jsonValue(), (o, k, v) => {
        const hash = requestHash('POST', '/api/v1/orders', o);
        const [first] = Object.keys(o);
        const changed = [
          ...(k in o ? [] : [{ ...o, [k]: v }]),
          Object.fromEntries(Object.entries(o).filter(([x]) => x !== first)),
          ...(sameValue(o[first!], v) ? [] : [{ ...o, [first!]: v }]),
        ];
        for (const other of changed) expect(requestHash('POST', '/api/v1/orders', other)).not.toBe(hash);
      }),
    );
  });

  it('differs for another method or route with the same body', () => {
    fc.assert(
      fc.property(body, (value) => {
        const hash = requestHash('POST', '/api/v1/orders', value);
        expect(requestHash('PUT', '/api/v1/orders', value)).not.toBe(hash);
        expect(requestHash('POST', '/api/v1/orders/x', value)).not.toBe(hash);
      }),
    );
  });
});

/** Deep equality of JSON values, object keys compared as exact strings. */
function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    const bo = b as Record<string, unknown>;
    return (
      ka.length === kb.length &&
      ka.every((k) => Object.hasOwn(bo, k) && sameValue((a as Record<string, unknown>)[k], bo[k]))
    );
  }
  return Object.is(a, b) || (a === 0 && b === 0);
}
