import { runner } from 'node-pg-migrate';
import pg from 'pg';
import { connectionConfig, type DatabaseConfig } from './connection.js';

export interface MigrationPlan extends DatabaseConfig {
  /** Directories of ordered `NNNNNNNNNNNNN_name.sql` files, applied in file-name order. */
  readonly dirs: readonly string[];
}

const noop = () => undefined;
const silent = { debug: noop, info: noop, warn: console.warn, error: console.error };

/**
 * Applies a service's SQL migrations as the service's own role, into its own schema, with
 * its own bookkeeping table there: no service can touch another's history.
 */
export async function migrate(plan: MigrationPlan): Promise<string[]> {
  const client = new pg.Client(connectionConfig(plan));
  await client.connect();
  try {
    const applied = await runner({
      dbClient: client,
      dir: plan.dirs.map((d) => `${d}/*.sql`),
      useGlob: true,
      direction: 'up',
      schema: plan.schema,
      migrationsSchema: plan.schema,
      migrationsTable: 'schema_migrations',
      checkOrder: true,
      singleTransaction: true,
      advisoryLockMode: 'wait',
      logger: silent,
    });
    return applied.map((m) => m.name);
  } finally {
    await client.end();
  }
}
