import pg from 'pg';

export interface DatabaseConfig {
  /** postgres://role:password@host:port/db — the service's own role. */
  readonly url: string;
  /** The service's own Postgres schema; every connection has it as its search_path. */
  readonly schema: string;
  readonly poolSize?: number;
}

const schemaPattern = /^[a-z_][a-z0-9_]*$/;

/** Connection settings whose search_path is the service's schema (and nothing else). */
export function connectionConfig(config: DatabaseConfig): pg.ClientConfig {
  if (!schemaPattern.test(config.schema)) throw new Error(`Invalid schema name: ${config.schema}`);
  return { connectionString: config.url, options: `-c search_path=${config.schema}` };
}

export function createPool(config: DatabaseConfig, onIdleError: (err: Error) => void = () => undefined): pg.Pool {
  const pool = new pg.Pool({ ...connectionConfig(config), max: config.poolSize ?? 10 });
  // An idle connection dropped by a restarting server is reported here; unhandled, it would end
  // the process. The pool replaces it on the next query.
  pool.on('error', onIdleError);
  // The pool listens only while a connection is idle. One checked out between two statements (an
  // interactive transaction waiting on its caller) and dropped then would emit an unhandled 'error'
  // and end the process; its next statement fails instead, and the transaction is retried.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/** The driver's types, for code that holds a pool or a connection without talking SQL through it. */
export type { ClientConfig as ConnectionConfig, Pool, PoolClient } from 'pg';
