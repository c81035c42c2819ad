import { describe, expect, it } from 'vitest';
import { preferredWaitMs } from './prefer.js';

describe('Prefer: wait', () => {
  it.each([
    [undefined, 2000],
    ['wait=5', 5000],
    ['wait=0', 0],
    ['respond-async, wait=5', 0],
    ['handling=lenient, wait=1.5', 1500],
    ['wait=600', 10000],
    ['return=minimal', 2000],
  ])('%s → %i ms', (header, expected) => {
    expect(preferredWaitMs(header, 2000, 10000)).toBe(expected);
  });
});
