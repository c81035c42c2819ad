import pg from 'pg';
import { createPool } from '../connection.js';

/**
 * A throw-away schema for this library's own tests (`@shop/testing` builds on this library, so it
 * cannot be used here).
 */
export async function throwAwaySchema(
  prefix: string,
): Promise<{ url: string; schema: string; pool: pg.Pool; drop(): Promise<void> }> {
  const url = process.env.DATABASE_ADMIN_URL ?? 'postgresql://postgres:postgres@127.0.0.1:5432/shop';
  const schema = `t_${prefix}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA "${schema}"`);
  await admin.end();
  const pool = createPool({ url, schema, poolSize: 4 });
  return {
    url,
    schema,
    pool,
    async drop() {
      await pool.end();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await c.end();
    },
  };
}
