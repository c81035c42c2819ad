import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidPosition, keysetPage, type SortKind } from './keyset.js';
import { sqlOn, type Sql } from './sql.js';
import { throwAwaySchema } from './test-support/throw-away-schema.js';

/**
 * A position comes from a client's cursor. Whatever `isValidPosition` lets through must be a value
 * Postgres compares with the sort key: one it refuses would turn a bad cursor into a 500.
 */
describe('a keyset position accepted from a cursor', () => {
  let db: Awaited<ReturnType<typeof throwAwaySchema>>;
  let sql: Sql;
  const id = '00000000-0000-4000-8000-000000000000';

  beforeAll(async () => {
    db = await throwAwaySchema('keyset_position');
    sql = sqlOn(db.pool);
    await sql.execute('CREATE TABLE things (id uuid PRIMARY KEY, size bigint NOT NULL, created_at timestamptz(6))');
  });
  afterAll(() => db.drop());

  const pageAfter = (column: string, kind: SortKind, value: string) =>
    keysetPage(sql, {
      select: 'id',
      from: 'things',
      sort: { column, kind, direction: 'desc' },
      id: 'id',
      after: { value, id },
      limit: 1,
    });

  it('refuses impossible dates and numbers beyond bigint, which Postgres would refuse', async () => {
    for (const value of ['0000-00-00T00:00:00.000000Z', '2026-02-30T00:00:00.000000Z', '2026-01-01T25:61:00.000000Z'])
      expect(isValidPosition('timestamptz', { value, id })).toBe(false);
    expect(isValidPosition('bigint', { value: '9999999999999999999', id })).toBe(false);
    await expect(pageAfter('size', 'bigint', String(2n ** 63n - 1n))).resolves.toMatchObject({ items: [] });
  });

  it('is, for any value of the cursor grammar, either refused or one Postgres compares', async () => {
    const candidates = fc.oneof(
      fc.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/).map((v) => ['timestamptz', v] as const),
      fc
        .date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true })
        .map((d) => ['timestamptz', d.toISOString().replace('Z', '123Z')] as const),
      fc.stringMatching(/^-?\d{1,19}$/).map((v) => ['bigint', v] as const),
    );
    await fc.assert(
      fc.asyncProperty(candidates, async ([kind, value]) => {
        if (!isValidPosition(kind, { value, id })) return;
        const column = kind === 'bigint' ? 'size' : 'created_at';
        await expect(pageAfter(column, kind, value)).resolves.toMatchObject({ items: [] });
      }),
      { numRuns: 300 },
    );
  });
});
