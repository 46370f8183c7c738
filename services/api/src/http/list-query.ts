/**
 * Cursors for the one list style of the API (the schemas are in contracts' list-query.ts, beside the
 * route table): opaque base64url JSON of the sort, the last item's sort value and id.
 */
import type { Cursor } from '@borderflow/contracts';

/** Opaque cursor text. */
export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}
