/**
 * The server's call order of one stage queue, as a live delta carries it (issues 11 and 15:
 * "Deltas carry the server's positions. The console never recomputes the order.").
 *
 * A delta does not repeat a whole queue (5,000 ids on every event would be megabytes a minute):
 * it names only the trucks that moved, each with its new 0-based index, and every other truck
 * keeps its place relative to the others. The server picks the fewest such moves (everything off
 * the longest run that kept its relative order), so a check-in costs one move, and a call-up that
 * shifts the interleave costs the trucks it shifted. `length` and `digest` let the client prove it
 * now holds exactly the server's order; anything else is a gap (resync), never a guess.
 */
import { z } from 'zod';
import { ZStageSchema } from './domain.ts';

export const ZQueueMoveSchema = z.object({
  /** Trip id. */
  id: z.string(),
  /** Its 0-based index in the stage queue after the event. */
  index: z.number().int().nonnegative(),
});
export type QueueMove = z.infer<typeof ZQueueMoveSchema>;

export const ZQueueOrderSchema = z.object({
  stage: ZStageSchema,
  /** Waiting trucks of the stage after the event (both directions: exit first, then entry, as in snapshots). */
  length: z.number().int().nonnegative(),
  /** The trucks whose place is not given by the others' (new arrivals, reordered ones), by index. */
  moves: z.array(ZQueueMoveSchema),
  /** `orderDigest` of the whole order after the event. */
  digest: z.string(),
});
export type QueueOrder = z.infer<typeof ZQueueOrderSchema>;

/**
 * A waiting truck's expected call-up as the server projects it (lane projection, the same one
 * snapshots use), as absolute server times so the console counts down without recomputing it.
 * A delta carries only the trucks whose ETA is new or moved by a minute or more beyond its own
 * countdown (issue 15: "send only the ids that moved").
 */
export const ZQueueEtaSchema = z.object({
  /** Trip id. */
  id: z.string(),
  /** Expected call-up (ms epoch, server clock). */
  expectedAt: z.number(),
  /** The 80 % band around it (ms epoch). */
  lowAt: z.number(),
  highAt: z.number(),
});
export type QueueEta = z.infer<typeof ZQueueEtaSchema>;

/**
 * A 32-bit FNV-1a hash of the ids in order, as 8 hex digits: cheap enough for every delta
 * (5,000 ids in well under a millisecond), and any reorder or missing id changes it.
 *
 * @example orderDigest(['a', 'b']) !== orderDigest(['b', 'a'])
 */
export function orderDigest(ids: readonly string[]): string {
  return digestText(orderDigestState(ids));
}

/** orderDigest's running state before any id. */
export const ORDER_DIGEST_START = 0x811c9dc5;

/**
 * orderDigest's running state after `ids[from..to)`, from `state`: a long order's digest kept id by
 * id, so a change near its end hashes only the ids from there (digestText gives the digest).
 * @example digestText(orderDigestState(['b'], orderDigestState(['a']))) === orderDigest(['a', 'b'])
 */
export function orderDigestState(ids: readonly string[], state = ORDER_DIGEST_START, from = 0, to = ids.length): number {
  let h = state;
  for (let k = from; k < to; k++) {
    const id = ids[k]!;
    for (let i = 0; i < id.length; i++) {
      h ^= id.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    // A separator, so ['ab','c'] and ['a','bc'] differ.
    h ^= 0x1f;
    h = Math.imul(h, 0x01000193);
  }
  return h;
}

/** The digest of a running state (orderDigestState). */
export const digestText = (state: number): string => (state >>> 0).toString(16).padStart(8, '0');

/**
 * The fewest moves that turn `before` into `after`: the ids of `after` not on a longest
 * subsequence that kept its relative order (O(n log n)). Ids only in `before` are removals the
 * event itself says; ids only in `after` are always moves.
 *
 * @example queueMoves(['a', 'b', 'c'], ['c', 'a', 'b']) // [{ id: 'c', index: 0 }]
 */
export function queueMoves(before: readonly string[], after: readonly string[]): QueueMove[] {
  // The ids both orders begin with (and end with) in the same places are on a longest run with
  // whatever is longest between them, so only the middle is searched: a truck placed near the back
  // of a long yard costs the ids around it, not the yard. The moves are the same as the whole search's.
  const both = Math.min(before.length, after.length);
  let head = 0;
  while (head < both && before[head] === after[head]) head++;
  let tail = 0;
  while (tail < both - head && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  const was = new Map<string, number>();
  for (let i = head; i < before.length - tail; i++) was.set(before[i]!, i);
  const end = after.length - tail;
  // Longest increasing run of old indexes over the new order (patience sorting with back links).
  const tails: number[] = []; // tails[k] = position in `after` ending the best run of length k+1
  const back = new Map<number, number>();
  for (let j = head; j < end; j++) {
    const old = was.get(after[j]!);
    if (old === undefined) continue;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (was.get(after[tails[mid]!]!)! < old) lo = mid + 1;
      else hi = mid;
    }
    back.set(j, lo > 0 ? tails[lo - 1]! : -1);
    tails[lo] = j;
  }
  const kept = new Set<number>();
  for (let j = tails.length ? tails[tails.length - 1]! : -1; j >= 0; j = back.get(j)!) kept.add(j);
  const moves: QueueMove[] = [];
  for (let index = head; index < end; index++) {
    if (!kept.has(index)) moves.push({ id: after[index]!, index });
  }
  return moves;
}

/**
 * The client's side: lays `order` over the entries it holds for the stage (the event's own truck
 * already taken out, and offered in `placing` when it joins this queue). Moved trucks take their
 * indexes, the others fill the remaining places in the order they had. Returns null when the
 * result is not provably the server's order (an unknown id, an index out of range or taken twice,
 * a different length or digest): the caller resyncs. Unchanged entries keep their objects.
 *
 * @example
 * const next = applyQueueOrder(entries, (e) => e.trip.id, order, newEntry);
 * if (!next) resync();
 */
export function applyQueueOrder<T>(
  entries: readonly T[], idOf: (entry: T) => string, order: QueueOrder, placing: readonly T[] = [],
): T[] | null {
  const byId = new Map<string, T>();
  for (const entry of entries) byId.set(idOf(entry), entry);
  for (const entry of placing) byId.set(idOf(entry), entry);
  if (byId.size !== order.length) return null;
  const out = new Array<T | undefined>(order.length);
  const moved = new Set<string>();
  for (const move of order.moves) {
    const entry = byId.get(move.id);
    if (entry === undefined || move.index >= order.length || out[move.index] !== undefined || moved.has(move.id)) return null;
    out[move.index] = entry;
    moved.add(move.id);
  }
  let at = 0;
  const placingIds = new Set(placing.map(idOf));
  for (const entry of entries) {
    const id = idOf(entry);
    if (moved.has(id) || placingIds.has(id)) continue;
    while (at < order.length && out[at] !== undefined) at++;
    if (at >= order.length) return null;
    out[at++] = entry;
  }
  // A truck offered in `placing` must have been placed by a move.
  for (const id of placingIds) if (!moved.has(id)) return null;
  const result = out as T[];
  if (result.some((e) => e === undefined) || orderDigest(result.map(idOf)) !== order.digest) return null;
  return result;
}
