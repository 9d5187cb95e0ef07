import { z } from 'zod';
import { TenureError } from './errors';

// Every list route answers `{data, next_cursor}` with `?limit=` (1–500, default 50) and `?cursor=`.
// The cursor is opaque to clients: base64url JSON of the sort key of the last row returned.
export const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
});
export type ListQuery = z.infer<typeof ListQuery>;

export const listOf = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), next_cursor: z.string().nullable() });

export function encodeCursor(key: unknown): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor<T extends z.ZodType>(cursor: string | undefined, schema: T): z.infer<T> | null {
  if (cursor === undefined) return null;
  try {
    return schema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new TenureError('invalid_request', 'cursor is not one this API returned', [{ field: 'querystring.cursor', message: 'invalid cursor' }]);
  }
}

/** Rows were fetched with `LIMIT limit + 1`: the extra row only says whether a next page exists. */
export function page<R>(rows: R[], limit: number, keyOf: (row: R) => unknown): { data: R[]; next_cursor: string | null } {
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  return { data, next_cursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null };
}
