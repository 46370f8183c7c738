/**
 * The driver's read of a trip ("where am I, when am I called") at the cost of one Redis round trip.
 *
 * Before, every read of a waiting truck rebuilt its gate's lane projection: every lane, its truck,
 * the service times and every queue (51 commands, ~6 round trips, the whole projection's CPU), so a
 * thousand drivers polling a quiet gate recomputed the same answer a thousand times. Now the
 * projection of the whole gate (each waiting truck's position, ETA range and reason) is computed
 * once per gate sequence and kept in the process; a read fetches the trip's hash and the gate's seq
 * in one atomic script and answers from the projection when it was made at that seq.
 *
 * Why it is never stale:
 * - The queues, pointers and rule come from one atomic read that also carries the seq they are at
 *   (GateReader.gateState), and every change to them is a Lua command that bumps the seq. A read
 *   whose seq differs from the projection's recomputes (once: concurrent reads share the work).
 * - Time alone changes an order only through aging: the projection expires when the first waiting
 *   truck reaches agingMs, and at most REFRESH_MS after it was made in any case, so an ETA is never
 *   counted down from a projection older than that.
 * The order is the one queue-order model (QueueOrderModel.calls, i.e. pickNext), the same the live
 * deltas and the snapshot give; the call times are GateReader.laneCalls, the same the fresh read uses.
 */
import { STAGES, type Direction, type Stage, type TripPlacement } from '@borderflow/contracts';
import { GateReader, placementFromHash } from './gate-reader.ts';
import { DIRECTION_ORDER, QueueOrderModel } from './queue-order-model.ts';
import { isAged } from './pick-next.ts';
import { queueEta, type Eta } from './queue-eta.ts';
import type { QueueEntry } from './types.ts';

/** How long a projection's ETAs are counted down before they are projected again (no event meanwhile). */
export const REFRESH_MS = 1_000;

/** A waiting truck's place as projected: its ETA is relative to the projection's `at`. */
export interface ProjectedPlace {
  position: number;
  eta: Eta;
  reason: NonNullable<QueueEntry['reason']>;
}

/** The projection of every waiting truck of a gate at one seq. */
export interface GateProjection {
  seq: number;
  /** When it was projected (ms epoch): the `now` of its ETAs. */
  at: number;
  /** It must be projected again from this time (aging or REFRESH_MS), ms epoch. */
  validUntil: number;
  places: Map<string, ProjectedPlace>;
}

/** What a trip read answers: the same shape as GateReader.tripStatus. */
export interface TripStatusView {
  trip: TripPlacement;
  position: number | null;
  eta: Eta | null;
  reason: QueueEntry['reason'] | null;
  laneId: string | null;
  seq: number;
}

export class TripReadModel {
  private current: GateProjection | null = null;
  private pending: Promise<GateProjection> | null = null;
  /** Projections computed (for tests and metrics: once per seq, not once per read). */
  projections = 0;

  constructor(private readonly reader: GateReader) {}

  /**
   * One trip as its driver sees it.
   * @example const status = await readModel.status(tripId, Date.now());
   */
  async status(tripId: string, now: number): Promise<TripStatusView | null> {
    for (let attempt = 0; ; attempt++) {
      const { hash, seq } = await this.reader.tripWithSeq(tripId);
      const trip = placementFromHash(tripId, hash);
      if (!trip) return null;
      let place: ProjectedPlace | undefined;
      let at = now;
      if (trip.state === 'queued' && trip.stage) {
        const projection = await this.projectionAt(seq, now);
        place = projection.places.get(tripId);
        at = projection.at;
        // A projection made after a later event (another read's) may no longer hold this truck: it was
        // called meanwhile. Read the trip again at that seq rather than answer "queued, no place".
        if (!place && projection.seq > seq && attempt < 2) continue;
      }
      return statusView(trip, place, at, seq, now);
    }
  }

  /**
   * Many trips of the gate at once (a page of a trip list): their hashes and the seq in one script,
   * every waiting one answered from the one projection at that seq; a few round trips whatever
   * the page's size, where one `status` per trip cost a round trip (or a projection) each.
   * @example const byId = await readModel.statuses(page.map((t) => t.id), Date.now());
   */
  async statuses(tripIds: readonly string[], now: number): Promise<Map<string, TripStatusView | null>> {
    const out = new Map<string, TripStatusView | null>();
    if (!tripIds.length) return out;
    const { hashes, seq } = await this.reader.tripsWithSeq(tripIds);
    const trips = tripIds.map((id, i) => placementFromHash(id, hashes[i]!));
    const projection = trips.some((t) => t?.state === 'queued' && t.stage) ? await this.projectionAt(seq, now) : null;
    for (const [i, tripId] of tripIds.entries()) {
      const trip = trips[i];
      if (!trip) {
        out.set(tripId, null);
        continue;
      }
      const place = projection && trip.state === 'queued' && trip.stage ? projection.places.get(tripId) : undefined;
      // Called since the page's read (the projection is at a later seq): read that one again, as `status` does.
      if (projection && !place && trip.state === 'queued' && projection.seq > seq) {
        out.set(tripId, await this.status(tripId, now));
        continue;
      }
      out.set(tripId, statusView(trip, place, projection?.at ?? now, seq, now));
    }
    return out;
  }

  /**
   * Every waiting truck's place at the gate's current seq (the projection the reads use, made now if
   * none is): what the position push sends after an event, so the push and the reads after it share
   * one projection per event.
   *
   * `atLeastSeq`: the caller already knows the gate is at this seq (the fan-out, from the event it
   * handles), so a projection at it or later answers without reading the seq first: one round
   * trip less on the path of every live delta, which under load is a whole event-loop iteration.
   * @example const { seq, places } = await readModel.places(Date.now());
   */
  async places(now: number, atLeastSeq?: number): Promise<{ seq: number; places: Map<string, ProjectedPlace> }> {
    const projection = await this.projectionAt(atLeastSeq ?? await this.reader.seq(), now);
    const places = new Map<string, ProjectedPlace>();
    for (const [id, place] of projection.places) places.set(id, { ...place, eta: countDown(place.eta, now - projection.at) });
    return { seq: projection.seq, places };
  }

  /** The projection at `seq` (or later), computed once however many reads ask for it. */
  private async projectionAt(seq: number, now: number): Promise<GateProjection> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const usable = (p: GateProjection | null): p is GateProjection => !!p && p.seq >= seq && now >= p.at && now < p.validUntil;
      if (usable(this.current)) return this.current;
      if (!this.pending) {
        const started = projectGate(this.reader, now).then((p) => {
          if (!this.current || p.seq >= this.current.seq) this.current = p;
          return p;
        }).finally(() => { this.pending = null; });
        this.pending = started;
        this.projections++;
      }
      const p = await this.pending;
      if (usable(p)) return p;
      // The shared projection was started before this read's seq or time: project again.
    }
    this.projections++;
    return projectGate(this.reader, now);
  }
}

/** A trip read's answer: its place (if waiting) counted down from the projection made at `at`. */
function statusView(trip: TripPlacement, place: ProjectedPlace | undefined, at: number, seq: number, now: number): TripStatusView {
  const eta = place ? countDown(place.eta, now - at) : null;
  return { trip, position: place?.position ?? null, eta, reason: place?.reason ?? null, laneId: trip.laneId, seq };
}

/** An ETA range counted down from the projection's time (at most REFRESH_MS ago): the same range, later. */
function countDown(eta: Eta, elapsedMs: number): Eta {
  const elapsed = Math.max(0, elapsedMs);
  return {
    expectedMs: Math.max(0, eta.expectedMs - elapsed),
    lowMs: Math.max(0, eta.lowMs - elapsed),
    highMs: Math.max(0, eta.highMs - elapsed),
  };
}

/**
 * Every waiting truck's position, ETA and reason at `now`, from one atomic read of the queues
 * (with their seq), the lanes and the service times (GateReader.gateState).
 * The places are exactly what GateReader.tripStatus answers for each truck at that state.
 */
export async function projectGate(reader: GateReader, now: number): Promise<GateProjection> {
  const { state, views, meta, reopensAt, svc, followed } = await reader.gateState();
  const model = new QueueOrderModel(state, { orders: false });
  const rule = model.priorityRule;
  const policyVersion = Number(meta.policyVersion ?? 0);
  const places = new Map<string, ProjectedPlace>();
  let validUntil = now + REFRESH_MS;
  const routes = await reader.routesFollowing(followed, ...DIRECTION_ORDER.map((d) => model.directionQueues(d).queues));
  for (const direction of DIRECTION_ORDER) {
    const { queues, pointers } = model.directionQueues(direction);
    const hasQueue = Object.keys(queues).length > 0;
    if (!hasQueue) continue;
    const { calls } = GateReader.laneCalls(direction, views, reopensAt, rule, svc, now, queues, pointers, undefined, routes);
    for (const stage of STAGES) {
      const order = model.calls(direction, stage, now);
      if (!order.length) continue;
      const cycle = GateReader.cycle(svc, stage);
      order.forEach((o, i) => {
        const calledAt = calls.get(o.tripId);
        places.set(o.tripId, {
          position: i + 1,
          eta: queueEta({
            projectedMs: calledAt === undefined ? null : calledAt - now, position: i + 1,
            lanes: GateReader.serving(views, reopensAt, direction as Direction, stage as Stage, o.priorityClass, now), cycle,
          }),
          reason: { rule: o.rule, priorityClass: o.priorityClass, policyVersion },
        });
        // The order changes with time alone when a truck comes of age: project again then.
        if (!isAged(o.score, now, rule)) validUntil = Math.min(validUntil, o.score + rule.agingMs);
      });
    }
  }
  return { seq: state.seq, at: now, validUntil, places };
}
