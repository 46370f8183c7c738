/**
 * The request stream of operators working their lanes, for autocannon: each
 * connection is one operator who, in turn,
 *   1. reads the lane board (GET /v1/gates/:gate/lanes) to see which truck is
 *      called to the lane they hold,
 *   2. scans it in on arrival (arrive), 3. starts the inspection (start),
 *   4. records the outcome (complete: cleared), on which the lane calls its next truck.
 * A connection holds a lane only for one such cycle, then hands it back to a
 * shared pool, so no two connections ever drive the same lane. A lane with no
 * called truck (nothing it can serve is waiting) is handed back at once and
 * counted as an idle-lane read.
 */
import { ROUTES, routePath } from '@borderflow/contracts';
import type { LoadContext, LoadRequest } from './load-run.ts';

interface LaneBoard {
  lanes: Array<{ id: string; occupancy: string; trip: { id: string } | null }>;
}

export interface LaneCycleStats {
  /** Board reads that found the held lane without a called truck. */
  idleLaneReads: number;
  /** Completions answered 2xx. */
  completions: number;
}

interface CycleContext extends LoadContext {
  lane?: string;
  trip?: string;
}

/**
 * @example
 * const stats = { idleLaneReads: 0, completions: 0 };
 * await runLoad({ url, title: 'lanes', connections: 6, duration: 10, token: operatorToken,
 *   requests: laneCycleRequests('KT', ['KT-X1', 'KT-X2'], stats) });
 */
/** The lane commands of a cycle, from the API's route table. */
const LANE_ROUTES = { arrive: ROUTES.arriveAtLane, start: ROUTES.startInspection, complete: ROUTES.completeInspection };

export function laneCycleRequests(gate: string, laneIds: readonly string[], stats: LaneCycleStats): LoadRequest[] {
  const free = [...laneIds];
  const release = (ctx: CycleContext) => {
    if (ctx.lane) free.push(ctx.lane);
    ctx.lane = undefined;
  };
  const laneAction = (kind: 'arrive' | 'start' | 'complete'): LoadRequest => ({
    kind,
    method: 'POST',
    setup: (context) => {
      const ctx = context as CycleContext;
      if (!ctx.lane || !ctx.trip) {
        release(ctx);
        return null;
      }
      return {
        path: routePath(LANE_ROUTES[kind], { gate, laneId: ctx.lane }),
        body: kind === 'complete' ? { tripId: ctx.trip, outcome: 'cleared' } : { tripId: ctx.trip },
      };
    },
    onResponse: (status, _body, context) => {
      const ctx = context as CycleContext;
      if (kind === 'complete') {
        if (status >= 200 && status < 300) stats.completions++;
        release(ctx);
      } else if (status < 200 || status > 299) {
        // The lane is not where this cycle expected it: give it back and start over.
        release(ctx);
        ctx.trip = undefined;
      }
    },
  });
  return [
    {
      kind: 'board',
      method: 'GET',
      setup: (context) => {
        const ctx = context as CycleContext;
        // Connections never outnumber lanes, so a lane is always free here.
        ctx.lane = free.shift();
        ctx.trip = undefined;
        return { path: routePath(ROUTES.listLanes, { gate }) };
      },
      onResponse: (status, body, context) => {
        const ctx = context as CycleContext;
        if (status !== 200 || !ctx.lane) return;
        const lane = (JSON.parse(body) as LaneBoard).lanes.find((l) => l.id === ctx.lane);
        if (lane?.occupancy === 'called' && lane.trip) ctx.trip = lane.trip.id;
        else stats.idleLaneReads++;
      },
    },
    laneAction('arrive'),
    laneAction('start'),
    laneAction('complete'),
  ];
}
