import type { Page, PagePosition } from '@shop/contracts';
import type { Sql } from './sql.js';

/**
 * How a sort key is carried in a cursor. A timestamp travels as microsecond ISO text read by
 * Postgres itself: a JS Date keeps milliseconds only, so rows that share a millisecond would be
 * skipped or repeated by a cursor built from one.
 */
export type SortKind = 'timestamptz' | 'bigint' | 'text';

/** Where the previous page ended: the last row's sort key (as text) and its unique id. */
export type KeysetPosition = PagePosition;

export interface KeysetSort {
  readonly column: string;
  readonly kind: SortKind;
  readonly direction: 'asc' | 'desc';
}

/** The order every list starts in: newest first, ties broken by the row's id. */
export const newestFirst = (column: string, id: string): { readonly sort: KeysetSort; readonly id: string } => ({
  sort: { column, kind: 'timestamptz', direction: 'desc' },
  id,
});

export interface KeysetQuery {
  /** The select list, e.g. `order_id, status, created_at`. */
  readonly select: string;
  /** The table, with any joins. */
  readonly from: string;
  /** Conditions ANDed together, using `$1…$n` for `values`. */
  readonly where?: readonly string[];
  readonly values?: readonly unknown[];
  readonly sort: KeysetSort;
  /** A unique column that breaks ties between equal sort keys (the primary key). */
  readonly id: string;
  readonly after?: KeysetPosition | null;
  readonly limit: number;
}

const positionText: Record<SortKind, (column: string) => string> = {
  timestamptz: (c) => `to_char(${c} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
  bigint: (c) => `(${c})::text`,
  text: (c) => `(${c})::text`,
};

// The shape alone is not enough: Postgres refuses 2026-02-30 or a 20-digit number with an error, not a page.
const isCalendarInstant = (value: string): boolean => {
  const instant = new Date(`${value.slice(0, 23)}Z`);
  return !Number.isNaN(instant.getTime()) && instant.toISOString().slice(0, 23) === value.slice(0, 23);
};
const int8 = { min: -(2n ** 63n), max: 2n ** 63n - 1n };

const validValue: Record<SortKind, (value: string) => boolean> = {
  timestamptz: (v) =>
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(v) && !v.startsWith('0000') && isCalendarInstant(v),
  bigint: (v) => /^-?\d{1,19}$/.test(v) && BigInt(v) >= int8.min && BigInt(v) <= int8.max,
  text: (v) => /^[^\0]{0,512}$/.test(v),
};

/** True when a position read from a cursor can be compared with this sort key (else: a bad cursor). */
export function isValidPosition(kind: SortKind, position: KeysetPosition): boolean {
  return validValue[kind](position.value) && /^[^\0]{1,128}$/.test(position.id);
}

/**
 * One page in (sort key, id) order, strictly after `after`: the row comparison matches the index
 * order, so a page is one index range scan, and rows that share a sort key are each seen once.
 * Each row is handed to `toItem` (the repository's mapper) without the position columns.
 */
export async function keysetPage<Row extends object, Item = Row>(
  sql: Sql,
  q: KeysetQuery,
  toItem: (row: Row) => Item = (row) => row as unknown as Item,
): Promise<Page<Item>> {
  if (q.after && !isValidPosition(q.sort.kind, q.after)) throw new RangeError('invalid keyset position');
  const values = [...(q.values ?? [])];
  const where = [...(q.where ?? [])];
  if (q.after) {
    values.push(q.after.value, q.after.id);
    const beyond = q.sort.direction === 'desc' ? '<' : '>';
    where.push(`(${q.sort.column}, ${q.id}) ${beyond} ($${values.length - 1}::${q.sort.kind}, $${values.length})`);
  }
  values.push(q.limit + 1);
  const direction = q.sort.direction === 'desc' ? 'DESC' : 'ASC';
  const text =
    `SELECT ${q.select}, ${positionText[q.sort.kind](q.sort.column)} AS "keyset_value", ` +
    `(${q.id})::text AS "keyset_id"
    FROM ${q.from}${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}
    ORDER BY ${q.sort.column} ${direction}, ${q.id} ${direction} LIMIT $${values.length}`;
  const found = await sql.query<Row & { keyset_value: string; keyset_id: string }>(text, ...values);
  const page = found.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: page.map(({ keyset_value: _v, keyset_id: _i, ...row }) => toItem(row as unknown as Row)),
    next: found.length > q.limit && last ? { value: last.keyset_value, id: last.keyset_id } : null,
  };
}
