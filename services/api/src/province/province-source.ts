/**
 * Reads what the province feed is computed from: a gate's events of a window from the event log
 * (PostgreSQL `gate_events`), and the trucks already waiting when it opens. Shared by the pull API and
 * the daily open-data dump.
 */
import type { PrismaClient } from '@borderflow/db';
import type { Direction, GateEvent, PriorityClass, TripState } from '@borderflow/contracts';
import { WAITING_STATES } from '../stats/gate-stats.ts';

/** How far before the window a waiting truck's last event is looked for (nobody waits a week). */
const WAITING_LOOKBACK_MS = 7 * 24 * 3_600_000;

export interface ProvinceWindow {
  events: GateEvent[];
  waitingAtStart: Map<string, { direction: Direction; priorityClass: PriorityClass }>;
}

/**
 * The trip events of [from, to) of a gate, ascending by seq, and the trips waiting at `from`.
 *
 * @example
 * const { events, waitingAtStart } = await loadProvinceWindow(db, 'KT', from, to);
 */
export async function loadProvinceWindow(db: PrismaClient, gate: string, from: number, to: number): Promise<ProvinceWindow> {
  const rows = await db.gateEvent.findMany({
    where: { gateCode: gate, tripId: { not: null }, at: { gte: new Date(from), lt: new Date(to) } },
    orderBy: { seq: 'asc' },
    select: { payload: true },
  });
  const before = await db.$queryRaw<Array<{ trip_id: string; state: string | null; direction: string | null; cls: string | null }>>`
    SELECT DISTINCT ON (trip_id) trip_id, payload->'trip'->>'state' AS state,
           payload->'trip'->>'direction' AS direction, payload->'trip'->>'priorityClass' AS cls
      FROM gate_events
     WHERE gate_code = ${gate} AND trip_id IS NOT NULL
       AND at >= ${new Date(from - WAITING_LOOKBACK_MS)} AND at < ${new Date(from)}
     ORDER BY trip_id, seq DESC`;
  const waitingAtStart = new Map(
    before
      .filter((r) => WAITING_STATES.includes(r.state as TripState) && r.direction && r.cls)
      .map((r) => [r.trip_id, { direction: r.direction as Direction, priorityClass: r.cls as PriorityClass }]),
  );
  return { events: rows.map((r) => r.payload as unknown as GateEvent), waitingAtStart };
}

/**
 * A missing seq younger than this may still be on its way: with several workers, the persist consumers
 * store a gate's events out of order, and a dead one's entries are claimed only after 30 s idle (+ a 10 s
 * look). Older gaps are events that will never be stored (crash recovery re-sequenced them): skipped.
 */
export const SEQ_GAP_GRACE_MS = 60_000;
/** Rows read per round while filling one page (lane and policy events are read and skipped). */
const CHUNK = 500;

export interface EventPage {
  /** Trip events of the page, ascending by seq. */
  events: GateEvent[];
  /** The last seq the page covered (trip event or not), with its time: where the next page resumes. */
  last: { seq: number; at: Date } | null;
}

/**
 * Up to `limit` trip events after `afterSeq` (or from `since` when there is no cursor), in seq order,
 * stopping before a fresh gap in the gate's sequence, so a consumer paging by seq never skips an
 * event stored late.
 *
 * @example
 * const page = await readEventPage(db, 'KT', { afterSeq: 41, since: null, limit: 100, now: Date.now() });
 */
export async function readEventPage(
  db: PrismaClient,
  gate: string,
  { afterSeq, since, limit, now }: { afterSeq: number | null; since: Date | null; limit: number; now: number },
): Promise<EventPage> {
  const events: GateEvent[] = [];
  let last: EventPage['last'] = null;
  let expected = afterSeq === null ? null : afterSeq + 1;
  let from = afterSeq;
  for (let round = 0; round < 20 && events.length < limit; round++) {
    const rows = await db.gateEvent.findMany({
      where: { gateCode: gate, ...(from !== null ? { seq: { gt: from } } : since ? { at: { gte: since } } : {}) },
      orderBy: { seq: 'asc' },
      take: CHUNK,
      select: { seq: true, at: true, tripId: true, payload: true },
    });
    for (const row of rows) {
      if (expected !== null && row.seq !== expected && now - row.at.getTime() < SEQ_GAP_GRACE_MS) return { events, last };
      if (events.length >= limit) return { events, last };
      if (row.tripId !== null) events.push(row.payload as unknown as GateEvent);
      last = { seq: row.seq, at: row.at };
      expected = row.seq + 1;
    }
    if (rows.length < CHUNK) break;
    from = last!.seq;
  }
  return { events, last };
}
