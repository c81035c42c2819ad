import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DomainError } from '@shop/contracts';
import { decodeKeysetCursor, encodeCursor, encodeKeysetCursor } from './index.js';

const id = randomUUID();
const invalid = { code: 'VALIDATION_ERROR', message: 'Invalid pagination cursor', details: { field: 'cursor' } };

describe('keyset cursors', () => {
  it('carries a position of each sort kind there and back', () => {
    const positions = [
      ['timestamptz', { value: '2026-12-01T19:51:16.123456Z', id }],
      ['bigint', { value: '-42', id }],
      ['text', { value: 'ada@example.com', id }],
    ] as const;
    for (const [kind, position] of positions) {
      expect(decodeKeysetCursor(encodeKeysetCursor(position), kind)).toEqual(position);
    }
  });

  it.each([
    ['not base64url JSON', '%%%'],
    ['JSON of another shape', encodeCursor({ created_at: '2026-12-01T19:51:16.123456Z', id })],
    ['a millisecond timestamp', encodeKeysetCursor({ value: '2026-12-01T19:51:16.123Z', id })],
    ['an empty id', encodeKeysetCursor({ value: '2026-12-01T19:51:16.123456Z', id: '' })],
    ['an id that is not a UUID', encodeKeysetCursor({ value: '2026-12-01T19:51:16.123456Z', id: 'ord_1' })],
  ])('refuses %s as 400 VALIDATION_ERROR on the cursor field', (_label, cursor) => {
    let refused: unknown;
    try {
      decodeKeysetCursor(cursor, 'timestamptz');
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ ...invalid, statusCode: 400 });
  });

  it('reads no cursor as the first page', () => {
    expect(decodeKeysetCursor(undefined, 'timestamptz')).toBeNull();
  });

  it('refuses a position that does not fit the sort kind', () => {
    expect(() => decodeKeysetCursor(encodeKeysetCursor({ value: 'twelve', id }), 'bigint')).toThrow(DomainError);
  });
});
