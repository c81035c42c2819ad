import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { Pool, PoolClient } from 'pg';

/**
 * A connection, or a transaction on one, as the two things code does with it: read rows, or
 * change rows and learn how many. Repositories, the outbox and the inbox all write through it,
 * so a domain change and its events share one transaction whoever opened it.
 */
export interface Sql {
  /** The rows a statement returns (`$1`, `$2`, … are the values, in order). */
  query<Row = Record<string, unknown>>(text: string, ...values: unknown[]): Promise<Row[]>;
  /** How many rows a statement inserted, updated or deleted. */
  execute(text: string, ...values: unknown[]): Promise<number>;
}

/** Runs work in one transaction: commit when it resolves, roll back when it throws. */
export type Transactions = <R>(work: (sql: Sql) => Promise<R>) => Promise<R>;

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

/** `Sql` on a pool (each statement on its own, in autocommit) or on one checked-out client. */
export function sqlOn(client: Pick<PoolClient, 'query'> | Pick<Pool, 'query'>): Sql {
  const run = (text: string, values: unknown[]) =>
    (client as Pick<PoolClient, 'query'>).query(preparedStatement(text, values));
  return {
    async query<Row>(text: string, ...values: unknown[]) {
      return (await run(text, values)).rows as Row[];
    },
    async execute(text, ...values) {
      return (await run(text, values)).rowCount ?? 0;
    },
  };
}

/** Quotes an SQL identifier (schema and channel names come from config, never from users). */
export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Unsafe SQL identifier: ${name}`);
  return `"${name}"`;
}

/** Transactions on pooled connections: commit on success, roll back on error. */
export function transactions(pool: Pool): Transactions {
  return async <R>(work: (sql: Sql) => Promise<R>): Promise<R> => {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(sqlOn(client));
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
