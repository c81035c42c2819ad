/**
 * Where a keyset page ended: the last row's sort key as text (a timestamp as Postgres's own
 * microsecond text, which a JS Date would cut to milliseconds) and the row's id.
 */
export interface PagePosition {
  readonly value: string;
  readonly id: string;
}

/** One page of a list, and where the next one starts (null when this one is the last). */
export interface Page<T> {
  readonly items: readonly T[];
  readonly next: PagePosition | null;
}
