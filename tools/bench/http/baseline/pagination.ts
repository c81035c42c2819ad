import { z } from 'zod';
import { AppError } from './app-error.js';

/** Opaque cursors: base64url of a small JSON object naming the last row's sort key. */
export function encodeCursor(position: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

export function decodeCursor<S extends z.ZodType>(cursor: string, schema: S): z.infer<S> {
  try {
    return schema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new AppError('VALIDATION_ERROR', 'Invalid pagination cursor', { field: 'cursor' });
  }
}

/** `limit` (1-100, default 20) with either `cursor` (keyset) or `page` (offset). */
export const PaginationQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(512).optional(),
  page: z.coerce.number().int().min(1).optional(),
});

export const CursorPage = z.object({ next_cursor: z.string().nullable(), has_more: z.boolean() });
export const OffsetPage = z.object({
  page: z.number().int(),
  limit: z.number().int(),
  total_pages: z.number().int(),
  total_items: z.number().int(),
  has_next: z.boolean(),
  has_prev: z.boolean(),
});

export function offsetPage(page: number, limit: number, totalItems: number): z.infer<typeof OffsetPage> {
  const totalPages = Math.max(1, Math.ceil(totalItems / limit));
  return {
    page,
    limit,
    total_pages: totalPages,
    total_items: totalItems,
    has_next: page < totalPages,
    has_prev: page > 1,
  };
}
