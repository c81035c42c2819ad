import { describe, expect, it } from 'vitest';
import { requestHash } from './request-hash.js';

describe('the fingerprint of a request under an Idempotency-Key', () => {
  it("fingerprints a body regardless of its keys' order", () => {
    expect(requestHash('POST', '/r', { a: 1, b: { c: 2, d: 3 } })).toBe(
      requestHash('POST', '/r', { b: { d: 3, c: 2 }, a: 1 }),
    );
  });
});
