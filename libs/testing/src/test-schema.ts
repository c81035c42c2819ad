import pg from 'pg';
import { connectionConfig, createPool, migrate } from '@shop/persistence';
import { testServers, uniqueSuffix } from './servers.js';

export interface TestSchema {
  readonly schema: string;
  readonly url: string;
  readonly pool: pg.Pool;
  readonly connection: pg.ClientConfig;
  drop(): Promise<void>;
}

/** A throw-away schema of its own for one test file, migrated with the given directories. */
export async function createTestSchema(prefix: string, migrationDirs: readonly string[] = []): Promise<TestSchema> {
  const schema = `t_${prefix}_${uniqueSuffix()}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const url = testServers.adminDatabaseUrl;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA "${schema}"`);
  await admin.end();
  if (migrationDirs.length > 0) await migrate({ url, schema, dirs: migrationDirs });
  const pool = createPool({ url, schema, poolSize: 8 });
  return {
    schema,
    url,
    pool,
    connection: connectionConfig({ url, schema }),
    async drop() {
      await pool.end();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await c.end();
    },
  };
}
