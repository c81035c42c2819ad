import type { ServiceName } from '@shop/contracts';
import { createPool, sqlOn, type Pool, type Sql } from '@shop/persistence';
import type { ServiceTarget } from './options.js';

/**
 * One small pool per service schema, each seeing only that schema (its search_path). The families
 * read what they compare from each service in turn: there is no snapshot across services, which is
 * why cross-service checks leave recent rows alone for the settle period.
 */
export interface Databases {
  of(service: ServiceName): Sql;
  close(): Promise<void>;
}

export function openDatabases(targets: readonly ServiceTarget[]): Databases {
  const pools = new Map<ServiceName, Pool>();
  for (const target of targets) {
    pools.set(target.service.name, createPool({ url: target.url, schema: target.schema, poolSize: 2 }));
  }
  return {
    of(service) {
      const pool = pools.get(service);
      if (!pool) throw new Error(`no database target for ${service}`);
      return sqlOn(pool);
    },
    async close() {
      await Promise.all([...pools.values()].map((p) => p.end()));
    },
  };
}

/** Postgres returns bigint counts as text. */
export const count = (value: unknown): number => Number(value ?? 0);
