/** Where a newest-first page ended: the sort key as Postgres's own microsecond text, and the row's id. */
export interface PagePosition {
  readonly value: string;
  readonly id: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** Position of the last item returned, when more follow. */
  readonly next: PagePosition | null;
}
