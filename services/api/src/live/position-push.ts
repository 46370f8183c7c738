/**
 * A waiting driver's place and ETA, pushed: the trip room gets only its own trip's events, but
 * its place and ETA move whenever the queue ahead moves. After an event that can move the queue,
 * the gate is projected once by the trip read model (one projection at a time per gate; events
 * meanwhile cause one more; the driver reads that follow use the same projection) and
 * each waiting trip whose place changed, or whose ETA moved by a minute or more beyond its own
 * countdown, gets a `position` message in its room, and in its company's feed (company-feed.ts).
 */
import { LIVE_EVENTS, type GateEvent, type GateEventType, type TripPositionMessage } from '@borderflow/contracts';
import type { ApiContext } from '../context.ts';
import { gateTime } from '../stats/gate-time.ts';
import { etaRange, type FeedBody } from './company-feed.ts';
import { tripRoom, type LiveNamespace } from './live-gateway.ts';

/** Events after which places or ETAs of waiting trips may differ. */
export const QUEUE_MOVES: ReadonlySet<GateEventType> = new Set<GateEventType>([
  'trip_arrived', 'trip_queued', 'trip_called', 'trip_no_show', 'trip_requeued', 'trip_cancelled', 'stage_completed',
  'lane_status_changed', 'lane_configured', 'policy_set', 'trip_held', 'hold_released', 'stages_changed',
]);
/** An ETA that moved less than this beyond its countdown is not news. */
export const ETA_NEWS_MS = 60_000;

interface Sent {
  position: number;
  expectedAt: number;
}

export interface PositionPush {
  onEvent(event: GateEvent): void;
}

/**
 * @example
 * const positions = attachPositionPush(nsp, ctx);
 * startFanout({ ..., emit: (event) => { emitDelta(nsp, event); positions.onEvent(event); } });
 */
export function attachPositionPush(nsp: LiveNamespace, ctx: ApiContext): PositionPush {
  const sent = new Map<string, Map<string, Sent>>();
  const reading = new Set<string>();
  const dirty = new Set<string>();
  /** gate → the seq of the newest event: the push projects at it or later without reading the seq. */
  const latest = new Map<string, number>();

  const push = async (gate: string): Promise<void> => {
    const scheduler = ctx.schedulers.get(gate);
    if (!scheduler) return;
    const now = Date.now();
    // The trip read model's projection at the current seq: the reads that follow this push (drivers
    // opening their trip) are answered from the same projection, made once for the event.
    // The fan-out's ETAs projected that seq a moment ago: usually no round trip at all.
    const { seq, places } = await scheduler.readModel.places(now, latest.get(gate));
    const before = sent.get(gate) ?? new Map<string, Sent>();
    const after = new Map<string, Sent>();
    const at = gateTime(now);
    const moved: FeedBody[] = [];
    for (const [id, place] of places) {
      const next = { position: place.position, expectedAt: now + place.eta.expectedMs };
      const last = before.get(id);
      after.set(id, next);
      if (last && last.position === next.position && Math.abs(last.expectedAt - next.expectedAt) < ETA_NEWS_MS) {
        after.set(id, last);
        continue;
      }
      const etaAt = etaRange(place.eta, now);
      const message: TripPositionMessage = { gate, tripId: id, seq, position: place.position, eta: place.eta, at, etaAt };
      nsp.to(tripRoom(id)).emit(LIVE_EVENTS.position, message);
      moved.push({ kind: 'position', gate, gateSeq: seq, at, tripId: id, position: place.position, eta: etaAt });
    }
    // The company's integrators follow every truck of theirs: the same news, numbered in their feed. The
    // companies are looked up together (a process that just started knows none of them yet), not one by one.
    const companies = await Promise.all(moved.map((body) => ctx.companyFeed.companyOf(body.tripId)));
    const forCompany = new Map<string, FeedBody[]>();
    moved.forEach((body, i) => {
      const companyId = companies[i];
      if (!companyId) return;
      const list = forCompany.get(companyId) ?? [];
      list.push(body);
      forCompany.set(companyId, list);
    });
    // One append per company and queue read, however many of its trucks moved.
    await Promise.all([...forCompany].map(([companyId, bodies]) => ctx.companyFeed.append(companyId, bodies, null)));
    sent.set(gate, after);
  };

  const run = (gate: string): void => {
    if (reading.has(gate)) return void dirty.add(gate);
    reading.add(gate);
    push(gate)
      .catch((err: unknown) => ctx.logger.warn({ err, gate }, 'queue position push failed'))
      .finally(() => {
        reading.delete(gate);
        if (dirty.delete(gate)) run(gate);
      });
  };

  return {
    onEvent(event) {
      // Stream order: the newest event's seq (also after a rebuild restarted the gate's seqs).
      latest.set(event.gate, event.seq);
      if (QUEUE_MOVES.has(event.type)) run(event.gate);
    },
  };
}
