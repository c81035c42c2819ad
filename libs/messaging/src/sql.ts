import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { Pool, PoolClient } from 'pg';

/**
 * The two calls the outbox and the inbox need from a transaction. A Prisma interactive
 * transaction client has this shape, and so does `pgSql(client)`, so messaging code never
 * depends on a particular data-access library.
 */
export interface SqlTransaction {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

/** The most distinct statements prepared by name; past it (SQL built from data, a bug) they run unnamed. */
const maxPreparedStatements = 500;
const statementNames = new Map<string, string>();

/**
 * The same SQL text always gets the same name, so each connection parses and plans it once and
 * then only binds and executes it (Postgres may keep a generic plan): the saga's statements run
 * thousands of times a minute, and parsing and planning them was a large share of the server's CPU.
 */
export function preparedStatement(text: string, values: unknown[]): pg.QueryConfig {
  let name = statementNames.get(text);
  if (name === undefined && statementNames.size < maxPreparedStatements) {
    name = `shop_${createHash('sha1').update(text).digest('base64url')}`;
    statementNames.set(text, name);
  }
  return name === undefined ? { text, values } : { name, text, values };
}

export function pgSql(client: Pick<PoolClient, 'query'>): SqlTransaction {
  return {
    async $executeRawUnsafe(query, ...values) {
      const result = await client.query(preparedStatement(query, values));
      return result.rowCount ?? 0;
    },
    async $queryRawUnsafe<T>(query: string, ...values: unknown[]) {
      const result = await client.query(preparedStatement(query, values));
      return result.rows as T;
    },
  };
}

/** Quotes an SQL identifier (schema and channel names come from config, never from users). */
export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Unsafe SQL identifier: ${name}`);
  return `"${name}"`;
}

/** Runs work in one transaction on a pooled connection: commit on success, roll back on error. */
export function pgTransactions(pool: Pool) {
  return async <R>(work: (tx: SqlTransaction) => Promise<R>): Promise<R> => {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(pgSql(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      // A connection that cannot even roll back is dead: discard it rather than pool it again.
      await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      client.release(broken);
    }
  };
}
