import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '@shop/contracts';
import type { KeysetPosition, SortKind } from '@shop/persistence';
import { decodeKeysetCursor, encodeCursor, encodeKeysetCursor, keysetPageResponse } from './index.js';

/**
 * A cursor is whatever a client puts in `?cursor=`: it must decode to a position the database can
 * compare with its sort key, or be refused as 400 VALIDATION_ERROR — never throw anything else, and
 * never hand the query a value Postgres would refuse (that would be a 500).
 */

const kinds: readonly SortKind[] = ['timestamptz', 'bigint', 'text'];
const kind = fc.constantFrom(...kinds);

const microsecondInstant = fc
  .tuple(fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }))
  .chain(([d]) =>
    fc.integer({ min: 0, max: 999 }).map((us) => d.toISOString().replace(/Z$/, `${us}`.padStart(3, '0') + 'Z')),
  );
const valueOf: Record<SortKind, fc.Arbitrary<string>> = {
  timestamptz: microsecondInstant,
  bigint: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String),
  text: fc.string({ unit: 'grapheme', maxLength: 60 }).filter((s) => !s.includes('\0')),
};
const positionOf = (k: SortKind): fc.Arbitrary<KeysetPosition> => fc.record({ value: valueOf[k], id: fc.uuid() });

/** Strings a client might send: random text, base64url of random JSON, and near-misses of real cursors. */
const anyCursor = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.base64String(),
  fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? 'null', 'utf8').toString('base64url')),
  fc
    .record({ v: fc.oneof(fc.string(), fc.jsonValue()), id: fc.oneof(fc.uuid(), fc.string()) })
    .map((o) => encodeCursor(o as Record<string, string>)),
  fc
    .record({
      date: fc.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/),
      id: fc.uuid(),
    })
    .map(({ date, id }) => encodeKeysetCursor({ value: date, id })),
  fc
    .record({ digits: fc.stringMatching(/^-?\d{1,19}$/), id: fc.uuid() })
    .map(({ digits, id }) => encodeKeysetCursor({ value: digits, id })),
);

/** True when Postgres would accept the value as a literal of that sort kind. */
const postgresAccepts: Record<SortKind, (value: string) => boolean> = {
  timestamptz: (value) => {
    const instant = new Date(value);
    return !Number.isNaN(instant.getTime()) && instant.toISOString().slice(0, 23) === value.slice(0, 23);
  },
  bigint: (value) => BigInt(value) >= -(2n ** 63n) && BigInt(value) <= 2n ** 63n - 1n,
  text: (value) => !value.includes('\0'),
};

describe('keyset cursors, for any input', () => {
  it('decode to a position the database can compare, or refuse with 400 VALIDATION_ERROR — nothing else', () => {
    fc.assert(
      fc.property(anyCursor, kind, (cursor, k) => {
        let position: KeysetPosition | null = null;
        try {
          position = decodeKeysetCursor(cursor, k);
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
          expect(error).toMatchObject({ code: 'VALIDATION_ERROR', statusCode: 400, details: { field: 'cursor' } });
          return;
        }
        expect(position).not.toBeNull();
        expect(postgresAccepts[k](position!.value)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('carry every valid position of every sort kind there and back unchanged', () => {
    fc.assert(
      fc.property(
        kind.chain((k) => fc.tuple(fc.constant(k), positionOf(k))),
        ([k, position]) => {
          expect(decodeKeysetCursor(encodeKeysetCursor(position), k)).toEqual(position);
        },
      ),
    );
  });

  it("give a page's next cursor that decodes back to the page's next position", () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.option(positionOf('timestamptz'), { nil: null }), (items, next) => {
        const response = keysetPageResponse({ items, next }, (n) => ({ n }));
        expect(response.data).toEqual(items.map((n) => ({ n })));
        expect(response.pagination.has_more).toBe(next !== null);
        const cursor = response.pagination.next_cursor;
        expect(cursor === null ? null : decodeKeysetCursor(cursor, 'timestamptz')).toEqual(next);
      }),
    );
  });
});
