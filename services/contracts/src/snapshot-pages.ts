/**
 * A large gate's snapshot in pages (issue 15: "The first render of a large gate is paged"). A busy
 * gate's snapshot is 2.3 MB (5,000 waiting trucks); sent as one message, the board showed nothing
 * until all of it was received and parsed in one task. A client that subscribes with `paged: true`
 * gets instead:
 *   1. the `snapshot` head: lanes, held, exit queue, every queue's length (`paging.lengths`) and,
 *      of each stage queue, the first SNAPSHOT_HEAD_PER_CLASS trucks of each direction and class,
 *      in call order. A lane serves one direction and some classes, so the first trucks it can
 *      take of any stage are among these: the board shows every lane's next trucks exactly from
 *      the head alone, never a guess;
 *   2. `snapshot_page` messages with every queue's entries in call order, a slice each, all at the
 *      head's seq; the client puts them together and checks them against the lengths.
 * The server writes the head and its pages back to back on the socket, so no delta comes between
 * them; each page is parsed in its own short task. Small gates get one plain snapshot.
 */
import { z } from 'zod';
import { ZStageSchema, type Stage } from './domain.ts';

/** Trucks of each direction and class per stage in the head: the lane board shows 3 next trucks per lane. */
export const SNAPSHOT_HEAD_PER_CLASS = 3;
/** Queue entries per page (~110 KB, a few ms to parse). */
export const SNAPSHOT_PAGE_ENTRIES = 250;

export const ZSnapshotPagingSchema = z.object({
  /** How many `snapshot_page` messages follow the head. */
  pages: z.number().int().positive(),
  /** Each stage queue's full length (the head holds only its first trucks per direction and class). */
  lengths: z.partialRecord(ZStageSchema, z.number().int().nonnegative()),
});
export type SnapshotPaging = z.infer<typeof ZSnapshotPagingSchema>;

/** `snapshot_page`: the next slice of the queues of the snapshot at `seq` (entries as in the snapshot). */
export interface SnapshotPage<E = unknown> {
  gate: string;
  seq: number;
  /** 0-based; pages come in order. */
  page: number;
  pages: number;
  queues: Partial<Record<Stage, readonly E[]>>;
}

interface PageableEntry {
  trip: { direction: string; priorityClass: string };
}
interface PageableSnapshot<E> {
  gate: string;
  seq: number;
  queues: Partial<Record<Stage, E[]>>;
}

/**
 * Splits a snapshot (wire or in-process shape) into its head and pages; a snapshot of at most
 * `pageEntries` waiting trucks stays whole (no pages).
 *
 * @example
 * const { head, pages } = pageGateSnapshot(snapshot);
 * socket.emit('snapshot', head);
 * for (const page of pages) socket.emit('snapshot_page', page);
 */
export function pageGateSnapshot<E extends PageableEntry, S extends PageableSnapshot<E>>(
  snapshot: S & PageableSnapshot<E>, pageEntries = SNAPSHOT_PAGE_ENTRIES,
): { head: S & { paging?: SnapshotPaging }; pages: SnapshotPage<E>[] } {
  const stages = Object.entries(snapshot.queues) as [Stage, E[]][];
  const total = stages.reduce((n, [, entries]) => n + entries.length, 0);
  if (total <= pageEntries) return { head: snapshot, pages: [] };
  const headQueues: Partial<Record<Stage, E[]>> = {};
  const lengths: Partial<Record<Stage, number>> = {};
  const slices: Array<Partial<Record<Stage, E[]>>> = [];
  let current: Partial<Record<Stage, E[]>> = {};
  let inPage = 0;
  for (const [stage, entries] of stages) {
    lengths[stage] = entries.length;
    const seen = new Map<string, number>();
    headQueues[stage] = entries.filter((e) => {
      const key = `${e.trip.direction}|${e.trip.priorityClass}`;
      const n = seen.get(key) ?? 0;
      seen.set(key, n + 1);
      return n < SNAPSHOT_HEAD_PER_CLASS;
    });
    for (let at = 0; at < entries.length; ) {
      if (inPage === pageEntries) {
        slices.push(current);
        current = {};
        inPage = 0;
      }
      const take = entries.slice(at, at + pageEntries - inPage);
      (current[stage] ??= []).push(...take);
      inPage += take.length;
      at += take.length;
    }
  }
  if (inPage > 0) slices.push(current);
  const pages = slices.map((queues, page): SnapshotPage<E> => ({ gate: snapshot.gate, seq: snapshot.seq, page, pages: slices.length, queues }));
  return { head: { ...snapshot, queues: headQueues, paging: { pages: pages.length, lengths } }, pages };
}

/**
 * The client's side: the queues of a paged snapshot from its pages, or null when they do not make
 * exactly the queues the head announced (a page missing, repeated, from another seq, or short).
 *
 * @example
 * const queues = joinSnapshotPages(head.paging, head.seq, pages);
 * if (!queues) resync();
 */
export function joinSnapshotPages<E>(paging: SnapshotPaging, seq: number, pages: readonly SnapshotPage<E>[]): Partial<Record<Stage, E[]>> | null {
  if (pages.length !== paging.pages) return null;
  const queues: Partial<Record<Stage, E[]>> = {};
  for (let i = 0; i < pages.length; i++) {
    const page = pages[i]!;
    if (page.page !== i || page.seq !== seq || page.pages !== paging.pages) return null;
    for (const [stage, entries] of Object.entries(page.queues) as [Stage, readonly E[]][]) {
      if (!Array.isArray(entries)) return null;
      const list = (queues[stage] ??= []);
      for (const e of entries) list.push(e);
    }
  }
  const stages = new Set([...Object.keys(queues), ...Object.keys(paging.lengths)]) as Set<Stage>;
  for (const stage of stages) if ((queues[stage]?.length ?? 0) !== (paging.lengths[stage] ?? 0)) return null;
  return queues;
}
