/** GET /v1/gates/:gate/stats — throughput, waits, lane utilisation, backlog and holds for the manager's charts. */
import { ROUTES, type GateEvent, type TripState } from '@borderflow/contracts';
import type { ApiRouter } from '../http/api-router.ts';
import { schedulerOf, type ApiContext } from '../context.ts';
import { AppError } from '../app-error.ts';
import { computeGateStats, WAITING_STATES, type LaneAtStart } from '../stats/gate-stats.ts';
import { REFUSALS } from '../http/refusal-words.ts';

const DAY = 24 * 3_600_000;
/** How far before the window a waiting truck's last event is looked for (nobody waits a week). */
const WAITING_LOOKBACK = 7 * DAY;
/** Longest window one request may ask for (the events are read into memory). */
const MAX_WINDOW = 31 * DAY;

export function statsRoutes(api: ApiRouter, ctx: ApiContext): void {
  api.route(ROUTES.gateStats, {
    permission: 'gate.stats',
    handler: async ({ params, query }) => {
      const scheduler = schedulerOf(ctx, params.gate);
      const to = query.to ? Date.parse(query.to) : Date.now();
      const from = query.from ? Date.parse(query.from) : to - DAY;
      if (from >= to) throw AppError.worded('VALIDATION_FAILED', REFUSALS.fromBeforeTo, 'from');
      if (to - from > MAX_WINDOW) throw AppError.worded('VALIDATION_FAILED', REFUSALS.windowTooLong, 'from');

      const snapshot = await scheduler.snapshot();
      const rows = await ctx.db.gateEvent.findMany({
        where: { gateCode: params.gate, at: { gte: new Date(from), lt: new Date(to) } },
        orderBy: { seq: 'asc' },
        select: { payload: true },
      });
      // Each lane's state when the window opens: its last event before `from` (none: as the lane is now).
      const laneStart = new Map<string, LaneAtStart>();
      for (const lane of snapshot.lanes) {
        const last = await ctx.db.gateEvent.findFirst({
          where: { gateCode: params.gate, laneCode: lane.id, at: { lt: new Date(from) } },
          orderBy: { seq: 'desc' },
          select: { payload: true },
        });
        const was = (last?.payload as GateEvent | undefined)?.lane;
        laneStart.set(lane.id, was ? { occupancy: was.occupancy, status: was.status } : { occupancy: 'idle', status: lane.status });
      }
      // Trucks already waiting when the window opens: the last event of each trip before `from`.
      const before = await ctx.db.$queryRaw<Array<{ trip_id: string; state: string | null }>>`
        SELECT DISTINCT ON (trip_id) trip_id, payload->'trip'->>'state' AS state
          FROM gate_events
         WHERE gate_code = ${params.gate} AND trip_id IS NOT NULL
           AND at >= ${new Date(from - WAITING_LOOKBACK)} AND at < ${new Date(from)}
         ORDER BY trip_id, seq DESC`;
      const waitingAtStart = new Set(
        before.filter((r) => WAITING_STATES.includes(r.state as TripState)).map((r) => r.trip_id),
      );
      const waiting = Object.values(snapshot.queues).reduce((n, q) => n + (q?.length ?? 0), 0);
      const called = snapshot.lanes.filter((l) => l.occupancy === 'called').length;
      const backlog = waiting + called + snapshot.held.length + snapshot.exitQueue.length;
      return computeGateStats(
        params.gate,
        rows.map((r) => r.payload as unknown as GateEvent),
        { from, to },
        laneStart,
        backlog,
        waitingAtStart,
      );
    },
  });
}
