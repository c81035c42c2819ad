import { z } from 'zod';
import { decodeCursor, encodeCursor } from '@shop/http';
import { DomainError } from '@shop/contracts';
import { isValidPosition } from '@shop/persistence';
import type { Page, PagePosition } from '../domain/page.js';

/**
 * Cursors are opaque keyset positions: base64url JSON of the last row's sort key (`at`, Postgres's
 * own microsecond text) and its id.
 */
const CursorPosition = z.object({ at: z.iso.datetime(), id: z.uuid() });

const badCursor = () => new DomainError('VALIDATION_ERROR', 'Invalid pagination cursor', { field: 'cursor' });

/** The position a cursor names, or 400 VALIDATION_ERROR for one this API did not write. */
export function decodePosition(cursor: string | undefined): PagePosition | null {
  if (!cursor) return null;
  const { at, id } = decodeCursor(cursor, CursorPosition);
  const position = { value: at, id };
  if (!isValidPosition('timestamptz', position)) throw badCursor();
  return position;
}

export const toPage = <T, R>(page: Page<T>, map: (item: T) => R) => ({
  data: page.items.map(map),
  pagination: {
    next_cursor: page.next ? encodeCursor({ at: page.next.value, id: page.next.id }) : null,
    has_more: page.next !== null,
  },
});
