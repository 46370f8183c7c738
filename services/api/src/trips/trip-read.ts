/**
 * A driver's read of their trip (GET /v1/trips/:id) in one Redis round trip when this process keeps
 * a copy of the trip's row.
 *
 * Why: besides its row, a read asks Redis for the row's version (trip-row-cache.ts), the live
 * placement of a trip the scheduler holds and the weighbridge's mark. Asked one after the other,
 * that was three round trips for a waiting truck (two for a registered one), each a pipeline, a
 * socket write and an event-loop turn of its own: the socket writes were the read's largest cost in
 * the profiles (issue 15). The placement and the mark depend only on the trip's id, gate and whether
 * the scheduler holds it, which the kept copy already says; so they are asked in the same turn as
 * the version, and ioredis sends the three in one write.
 *
 * Why the answer is as fresh as before: the extra reads are sent after the request began, as they
 * were; they are used only when the row the version check settles on has the same gate and the
 * same liveness as the copy they were asked for, and are asked again for that row otherwise (a row
 * that changed between two polls). They are sent only for a caller the copy lets read the trip, so
 * another's trip id costs no read of its placement.
 */
import type { Weighing } from '@borderflow/contracts';
import type { ApiContext } from '../context.ts';
import type { Principal } from '../auth/jwt.ts';
import { latestWeighing } from '../devices/weighbridge.ts';
import { canAccessTrip, findAccessibleTrip } from './trip-access.ts';
import { keptTripRow } from './trip-row-cache.ts';
import { isLiveTrip, liveStatus, toTripView, type TripRow, type TripStatus } from './trip-view.ts';

/** What a read asks Redis beside the row, and which row it was asked for. */
interface AlongsideReads {
  gate: string;
  live: boolean;
  status: Promise<TripStatus | null>;
  weighing: Promise<Weighing | null>;
}

function alongsideReads(ctx: ApiContext, row: TripRow): AlongsideReads {
  const live = isLiveTrip(row);
  const reads = {
    gate: row.gate.code,
    live,
    status: live ? liveStatus(ctx.schedulers.get(row.gate.code), row.id) : Promise.resolve(null),
    weighing: latestWeighing(ctx, row.gate.code, row.id, live),
  };
  // Reads left unused (the row changed, or the caller was refused) must not fail the process.
  reads.status.catch(() => undefined);
  reads.weighing.catch(() => undefined);
  return reads;
}

/**
 * The trip as its reader sees it (its row, live placement and weighing), or 404 naming `tripId`.
 *
 * @example
 * const { trip, weighing } = await readTrip(ctx, principalOf(req), params.tripId);
 */
export async function readTrip(ctx: ApiContext, who: Principal, tripId: string) {
  const kept = keptTripRow(ctx.db, tripId);
  // Asked in this turn of the event loop, beside the version check findAccessibleTrip sends.
  const early = kept && canAccessTrip(who, kept.createdById) ? alongsideReads(ctx, kept) : null;
  const row = await findAccessibleTrip(ctx, who, tripId);
  const reads = early && early.gate === row.gate.code && early.live === isLiveTrip(row) ? early : alongsideReads(ctx, row);
  const [status, weighing] = await Promise.all([reads.status, reads.weighing]);
  return { trip: toTripView(row, status), weighing };
}
