import { z } from 'zod';
import { isValidPosition, type KeysetPosition, type SortKind } from '@shop/persistence';
import { DomainError } from '@shop/contracts';

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

const KeysetCursor = z.object({ v: z.string(), id: z.string() }).strict();

/** The cursor of a `keysetPage` position (`next` of a page), for the client to hand back. */
export const encodeKeysetCursor = (position: KeysetPosition): string =>
  encodeCursor({ v: position.value, id: position.id });

/**
 * The position a client's cursor names, checked against the sort key it will be compared with:
 * anything that does not decode, or could not be such a position, is 400 VALIDATION_ERROR.
 */
export function decodeKeysetCursor(cursor: string, kind: SortKind): KeysetPosition {
  const { v, id } = decodeCursor(cursor, KeysetCursor);
  const position = { value: v, id };
  if (!isValidPosition(kind, position)) throw invalidCursor();
  return position;
}

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
