import type pg from 'pg';

/** A statement a transaction ran through the observed pool, and how many rows it returned or changed. */
export interface ObservedStatement {
  readonly sql: string;
  readonly rows: number;
}

/**
 * The real pool, with every statement run on a connection taken from it (`pool.connect()`, as
 * transactions does) written down: what a component asked of Postgres, to assert on.
 */
export function observedPool(pool: pg.Pool, seen: ObservedStatement[]): pg.Pool {
  const observedClient = (client: pg.PoolClient): pg.PoolClient =>
    new Proxy(client, {
      get(target, property) {
        if (property === 'query') {
          // A statement comes as text and values, or as a config (sqlOn prepares statements by name).
          return async (statement: string | pg.QueryConfig, values?: unknown[]) => {
            const result =
              typeof statement === 'string' ? await target.query(statement, values) : await target.query(statement);
            seen.push({ sql: typeof statement === 'string' ? statement : statement.text, rows: result.rowCount ?? 0 });
            return result;
          };
        }
        const value: unknown = Reflect.get(target, property);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  return new Proxy(pool, {
    get(target, property) {
      if (property === 'connect') return async () => observedClient(await target.connect());
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
