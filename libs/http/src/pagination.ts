import { z } from 'zod';
import { isValidPosition, type KeysetPosition, type SortKind } from '@shop/persistence';
import { DomainError, type Page } from '@shop/contracts';

const invalidCursor = () => new DomainError('VALIDATION_ERROR', 'Invalid pagination cursor', { field: 'cursor' });

/** Opaque cursors: base64url of a small JSON object naming the last row's sort key (docs/api.md). */
export function encodeCursor(position: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

export function decodeCursor<S extends z.ZodType>(cursor: string, schema: S): z.infer<S> {
  try {
    return schema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw invalidCursor();
  }
}

// Every list's rows are keyed by a UUID: a cursor naming anything else is a bad cursor, not a query error.
const KeysetCursor = z.object({ v: z.string(), id: z.uuid() }).strict();

/** The cursor of a `keysetPage` position (`next` of a page), for the client to hand back. */
export const encodeKeysetCursor = (position: KeysetPosition): string =>
  encodeCursor({ v: position.value, id: position.id });

/** The `pagination` object of a keyset page's response. */
export const keysetPagination = (
  next: KeysetPosition | null,
): { readonly next_cursor: string | null; readonly has_more: boolean } => ({
  next_cursor: next ? encodeKeysetCursor(next) : null,
  has_more: next !== null,
});

/**
 * The position a client's cursor names (null without a cursor), checked against the sort key it
 * will be compared with when the caller knows it: anything that does not decode, or could not be
 * such a position, is 400 VALIDATION_ERROR.
 */
export function decodeKeysetCursor(cursor: string | undefined, kind?: SortKind): KeysetPosition | null {
  if (cursor === undefined) return null;
  const { v, id } = decodeCursor(cursor, KeysetCursor);
  const position = { value: v, id };
  if (kind && !isValidPosition(kind, position)) throw invalidCursor();
  return position;
}

/** A keyset page as a list response: the items in their response shape, and the next cursor. */
export const keysetPageResponse = <T, R>(page: Page<T>, toResponse: (item: T) => R) => ({
  data: page.items.map(toResponse),
  pagination: keysetPagination(page.next),
});

export interface OffsetPage {
  readonly page: number;
  readonly limit: number;
  readonly total_pages: number;
  readonly total_items: number;
  readonly has_next: boolean;
  readonly has_prev: boolean;
}

export function offsetPage(page: number, limit: number, totalItems: number): OffsetPage {
  const totalPages = Math.max(1, Math.ceil(totalItems / limit));
  const more = { has_next: page < totalPages, has_prev: page > 1 };
  return { page, limit, total_pages: totalPages, total_items: totalItems, ...more };
}
