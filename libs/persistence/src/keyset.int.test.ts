import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidPosition, keysetPage, type KeysetPosition, type KeysetQuery } from './keyset.js';
import { sqlOn, type Sql } from './sql.js';
import { throwAwaySchema } from './test-support/throw-away-schema.js';

describe('keysetPage', () => {
  let db: Awaited<ReturnType<typeof throwAwaySchema>>;
  let sql: Sql;
  const ids: string[] = [];

  beforeAll(async () => {
    db = await throwAwaySchema('keyset');
    sql = sqlOn(db.pool);
    await sql.execute(
      'CREATE TABLE things (id uuid PRIMARY KEY, kind text NOT NULL, size bigint NOT NULL, ' +
        'created_at timestamptz(6) NOT NULL)',
    );
    // Seven rows inside one millisecond (a JS Date cannot tell them apart), two more around it.
    const stamps = [
      '2026-01-01T00:00:00.122999Z',
      ...[1, 2, 3, 4, 5, 6, 7].map((us) => `2026-01-01T00:00:00.12300${us}Z`),
      '2026-01-01T00:00:00.124000Z',
    ];
    for (const [i, at] of stamps.entries()) {
      const [row] = await sql.query<{ id: string }>(
        'INSERT INTO things (id, kind, size, created_at) ' +
          'VALUES (gen_random_uuid(), $1, $2, $3::timestamptz) RETURNING id::text',
        i % 2 === 0 ? 'even' : 'odd',
        (i % 3) * 10,
        at,
      );
      ids.push(row!.id);
    }
  });
  afterAll(() => db.drop());

  async function pageThrough(base: Omit<KeysetQuery, 'after' | 'limit'>, limit: number): Promise<string[]> {
    const seen: string[] = [];
    let after: KeysetPosition | null = null;
    for (let pages = 0; pages < 50; pages++) {
      const page: Awaited<ReturnType<typeof keysetPage<{ id: string }>>> = await keysetPage<{ id: string }>(sql, {
        ...base,
        after,
        limit,
      });
      seen.push(...page.items.map((r) => r.id));
      if (!page.next) return seen;
      after = page.next;
    }
    throw new Error('pagination did not end');
  }

  it('sees each of the rows that share a millisecond exactly once, newest first, whatever the page size', async () => {
    const all = await sql.query<{ id: string }>(`SELECT id::text FROM things ORDER BY created_at DESC, id DESC`);
    for (const limit of [1, 2, 3, 4, 10]) {
      const seen = await pageThrough(
        {
          select: 'id::text AS id',
          from: 'things',
          sort: { column: 'created_at', kind: 'timestamptz', direction: 'desc' },
          id: 'id',
        },
        limit,
      );
      expect(seen).toEqual(all.map((r) => r.id));
      expect(new Set(seen).size).toBe(ids.length);
    }
  });

  it('carries the microseconds in the position', async () => {
    const page = await keysetPage<{ id: string }>(sql, {
      select: 'id::text AS id',
      from: 'things',
      sort: { column: 'created_at', kind: 'timestamptz', direction: 'asc' },
      id: 'id',
      limit: 2,
    });
    expect(page.next?.value).toBe('2026-01-01T00:00:00.123001Z');
  });

  it('pages on a bigint or text key with ties, ascending, under a filter with its own values', async () => {
    for (const sort of [
      { column: 'size', kind: 'bigint' },
      { column: 'kind', kind: 'text' },
    ] as const) {
      const expected = await sql.query<{ id: string }>(
        `SELECT id::text FROM things WHERE size >= $1 ORDER BY ${sort.column} ASC, id ASC`,
        10,
      );
      const seen = await pageThrough(
        {
          select: 'id::text AS id',
          from: 'things',
          where: ['size >= $1'],
          values: [10],
          sort: { ...sort, direction: 'asc' },
          id: 'id',
        },
        2,
      );
      expect(seen).toEqual(expected.map((r) => r.id));
    }
  });

  it('refuses a position that does not fit the sort key before it reaches Postgres', async () => {
    expect(isValidPosition('timestamptz', { value: '2026-01-01T00:00:00.123Z', id: ids[0]! })).toBe(false);
    expect(isValidPosition('bigint', { value: '1e3', id: ids[0]! })).toBe(false);
    expect(isValidPosition('text', { value: 'a\0b', id: ids[0]! })).toBe(false);
    await expect(
      keysetPage(sql, {
        select: 'id',
        from: 'things',
        sort: { column: 'created_at', kind: 'timestamptz', direction: 'desc' },
        id: 'id',
        after: { value: 'yesterday', id: ids[0]! },
        limit: 2,
      }),
    ).rejects.toThrow(RangeError);
  });
});
