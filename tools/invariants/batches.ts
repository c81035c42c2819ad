import type { Sql } from '@shop/persistence';

const batchSize = 5000;

/**
 * Ids read from one service and looked up in another's schema, `batchSize` at a time, so a
 * large history never becomes one giant array parameter. `text` takes the batch as $1 (uuid[]).
 */
export async function queryByIds<Row>(
  sql: Sql,
  text: string,
  ids: readonly string[],
  ...values: unknown[]
): Promise<Row[]> {
  const rows: Row[] = [];
  for (let i = 0; i < ids.length; i += batchSize) {
    rows.push(...(await sql.query<Row>(text, ids.slice(i, i + batchSize), ...values)));
  }
  return rows;
}
