/**
 * One list style for the whole API: `?limit=&cursor=` answers
 * `{ <collection>, nextCursor }` (docs/api-conventions.md). Cursors are opaque
 * (base64url JSON of the sort, the last item's sort value and id): keyset
 * paging, so inserts between two pages never shift an item into a repeat or a
 * skip. Multi-value filters are comma-separated (`?state=queued,called`).
 * Here (not in the api) because the route table and the typed client need the query schemas too.
 */
import { z } from 'zod';
import { DATE_TIME_RANGE_ISSUE, isWithinDateTimeRange } from './common.ts';

/**
 * A comma-separated list of values, each checked by `item` (repeating the parameter works too).
 *
 * @example
 * z.object({ state: multi(ZTripStateSchema).optional() }).parse({ state: 'queued,called' }); // { state: ['queued', 'called'] }
 */
export function multi<T extends z.ZodType<unknown, string>>(item: T) {
  return z
    .union([z.string(), z.array(z.string())])
    .transform((raw) => (Array.isArray(raw) ? raw : [raw]).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== ''))
    .pipe(z.array(item).min(1, 'give at least one value').max(50, 'at most 50 values'));
}

/** An RFC 3339 time with an offset (`Z` or `+07:00`), as every time the API takes. */
// The year 0001 passes the pattern but not PostgreSQL (a fuzzed `updatedSince` once answered 500).
export const ZInstantSchema = z.iso
  .datetime({ offset: true, message: 'must be an RFC 3339 time with an offset, e.g. 2026-03-01T08:00:00+07:00' })
  .refine(isWithinDateTimeRange, DATE_TIME_RANGE_ISSUE);

export interface Cursor {
  /** The sort the cursor belongs to (a cursor is only valid with its own sort). */
  sort: string;
  /** The last item's value of the sort key (ISO time). */
  value: string;
  id: string;
}

const ZCursorSchema = z.object({ sort: z.string(), value: z.iso.datetime({ offset: true }).refine(isWithinDateTimeRange), id: z.string().min(1).max(64) }).strict();

/** base64url → UTF-8 text with the web's atob (contracts run in browsers too: no Buffer). */
function fromBase64Url(raw: string): string {
  const b64 = raw.replace(/-/g, '+').replace(/_/g, '/');
  const bytes = Uint8Array.from(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)), (c) => c.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/** The cursor parameter's schema: an opaque cursor from a previous page, decoded. */
export const ZCursorParamSchema = z
  .string()
  .max(512)
  .transform((raw, ctx) => {
    try {
      const parsed = ZCursorSchema.safeParse(JSON.parse(fromBase64Url(raw)));
      if (parsed.success) return parsed.data;
    } catch {
      // falls through to the issue below
    }
    ctx.addIssue({ code: 'custom', message: 'cursor must be the nextCursor of a previous page', params: { rule: 'cursor' } });
    return z.NEVER;
  });
