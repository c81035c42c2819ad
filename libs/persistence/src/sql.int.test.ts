import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlOn } from './sql.js';
import { throwAwaySchema } from './test-support/throw-away-schema.js';

describe('sqlOn', () => {
  let db: Awaited<ReturnType<typeof throwAwaySchema>>;

  beforeAll(async () => {
    db = await throwAwaySchema('sql');
  });
  afterAll(() => db.drop());

  it('prepares each SQL text once per connection and runs it again by name', async () => {
    const client = await db.pool.connect();
    try {
      const sql = sqlOn(client);
      const text = `SELECT $1::int + $2::int AS sum /* ${db.schema} */`;
      for (const [a, b] of [
        [1, 2],
        [3, 4],
        [5, 6],
      ] as const) {
        expect(await sql.query<{ sum: number }>(text, a, b)).toEqual([{ sum: a + b }]);
      }
      await sql.query(`SELECT 1 /* another ${db.schema} */`);
      const { rows } = await client.query<{ statement: string }>(
        `SELECT statement FROM pg_prepared_statements WHERE statement LIKE $1 ORDER BY statement`,
        [`%${db.schema}%`],
      );
      expect(rows.map((r) => r.statement)).toEqual(
        [`SELECT $1::int + $2::int AS sum /* ${db.schema} */`, `SELECT 1 /* another ${db.schema} */`].sort(),
      );
    } finally {
      client.release();
    }
  });
});
