/**
 * Read side of a gate: lanes, waiting trucks with position/ETA/reason, held
 * trucks, exit queues, and the event stream. Reads never change state, so they
 * are plain pipelined reads rather than Lua.
 */
import type { Redis, Cluster } from 'ioredis';
import {
  DEFAULT_POLICY,
  PRIORITY_CLASSES,
  STAGES,
  ZGateEventSchema,
  type Direction,
  type GateEvent,
  type PriorityClass,
  type Stage,
  type TripPlacement,
} from '@borderflow/contracts';
import { GateKeys } from './gate-keys.ts';
import { defineSchedulerCommands } from './script-loader.ts';
import { FOLLOW_LIMIT, RouteCache, type FollowedEvents } from './route-cache.ts';
import { projectLaneCalls, type ProjectedLane } from './lane-projection.ts';
import { queueEta, type Eta, type ServingLanes } from './queue-eta.ts';
import { projectCallOrder } from './queue-projection.ts';
import { DIRECTION_ORDER, queueKeyOf, type QueueState } from './queue-order-model.ts';
import type { PriorityRule, WaitingTruck } from './pick-next.ts';
import { arrivalGapMs, driveMs, remainingMs, serviceEstimates, type ServiceEstimate } from './service-time.ts';
import type { GateSnapshot, LaneView, QueueEntry } from './types.ts';

const DIRECTIONS = DIRECTION_ORDER;
const CLASSES = PRIORITY_CLASSES;
const ALL_STAGES = STAGES;

const csv = (s: string | undefined) => (s ? s.split(',').filter(Boolean) : []);
/** The rule parameters as policy.lua reads them from the meta hash (the default document's when unset). */
export const ruleOf = (meta: Record<string, string>): PriorityRule => ({
  interleave: (meta.interleave ? csv(meta.interleave) : DEFAULT_POLICY.interleave) as PriorityClass[],
  agingMs: Number(meta.agingMs ?? DEFAULT_POLICY.agingMs),
});
/** Waiting trucks of one direction per stage and class, each list in score order. */
export type DirectionQueues = Partial<Record<Stage, Partial<Record<PriorityClass, WaitingTruck[]>>>>;
const num = (s: string | undefined) => (s === undefined || s === '' ? null : Number(s));

/** A trip hash as stored by the Lua scripts, as the placement events carry it. */
export function placementFromHash(id: string, h: Record<string, string>): TripPlacement | null {
  if (!h.state) return null;
  const stages = csv(h.stages) as Stage[];
  const stageIndex = Number(h.stageIndex ?? 0);
  return {
    id,
    state: h.state as TripPlacement['state'],
    stages,
    stageIndex,
    stage: stages[stageIndex] ?? null,
    priorityClass: h.class as PriorityClass,
    direction: h.direction as Direction,
    score: Number(h.score ?? 0),
    laneId: h.lane ? h.lane : null,
    noShows: Number(h.noShows ?? 0),
    deadline: num(h.deadline),
    plate: h.plate ?? '',
    hold: h.hold === '1',
    queuedAt: num(h.queuedAt),
  };
}

type Client = Redis | Cluster;

type TripsWithSeqFn = (numKeys: number, ...keys: string[]) => Promise<[string | null, ...string[][]]>;
type GateStateFn = (numKeys: number, ...keysAndArgs: (string | number)[]) => Promise<[
  string[], [string, string[]] | [], string[], string[][], string[][], string[], FollowedEvents['entries'], FollowedEvents['trucks'],
  ...(string[] | string | null)[],
]>;

/**
 * commands/trips-with-seq-n.lua as a command of the client (defined once per client, like the gate
 * commands). A script costs one command where MULTI cost four, and ioredis builds a Pipeline object
 * per MULTI that copies every script the client defines onto itself: ~5 % of a trip read's server
 * CPU (benchmarks/RESULTS.md, issue 15).
 */
function tripsWithSeqOf(redis: Client): TripsWithSeqFn {
  defineSchedulerCommands(redis);
  return (redis as unknown as { bf_tripsWithSeq: TripsWithSeqFn }).bf_tripsWithSeq.bind(redis);
}

/** commands/gate-state-n.lua as a command of the client (see tripsWithSeqOf). */
function gateStateOf(redis: Client): GateStateFn {
  defineSchedulerCommands(redis);
  return (redis as unknown as { bf_gateState: GateStateFn }).bf_gateState.bind(redis);
}

/** An HGETALL reply as Lua hands it over (field, value, field, value…) as a record. */
function hashOf(flat: readonly string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!flat) return out;
  for (let i = 0; i + 1 < flat.length; i += 2) out[flat[i]!] = flat[i + 1]!;
  return out;
}

/**
 * The queues and pointers gate-state-n.lua read (per direction and stage: one list per class, then
 * the pointer) with the meta hash and the newest stream entry they are at, as a QueueState.
 */
function queueStateOf(meta: Record<string, string>, last: [string, string[]] | [], values: readonly (string[] | string | null)[]): QueueState {
  const lastEvent = last.length ? parseStreamEntry(last[0], last[1]) : null;
  const queues: QueueState['queues'] = new Map();
  const pointers: QueueState['pointers'] = new Map();
  let r = 0;
  for (const direction of DIRECTIONS) {
    for (const stage of ALL_STAGES) {
      const byClass: Partial<Record<PriorityClass, WaitingTruck[]>> = {};
      for (const cls of CLASSES) {
        const flat = values[r++] as string[];
        const list: WaitingTruck[] = [];
        for (let j = 0; j < flat.length; j += 2) list.push({ tripId: flat[j]!, score: Number(flat[j + 1]), priorityClass: cls });
        if (list.length) byClass[cls] = list;
      }
      queues.set(queueKeyOf(direction, stage), byClass);
      pointers.set(queueKeyOf(direction, stage), Number((values[r++] as string | null) ?? 0));
    }
  }
  if (r !== values.length) throw new Error('gate-state answered short');
  return { seq: Number(meta.seq ?? 0), streamId: lastEvent?.streamId ?? '0', at: lastEvent?.at ?? Date.now(), rule: ruleOf(meta), queues, pointers };
}

export class GateReader {
  private readonly tripsWithSeqScript: TripsWithSeqFn;
  private readonly gateStateScript: GateStateFn;
  /** Waiting trucks' routes, following the gate's events (one per reader: per gate and process). */
  readonly routeCache: RouteCache;

  constructor(private readonly redis: Client, readonly keys: GateKeys) {
    this.tripsWithSeqScript = tripsWithSeqOf(redis);
    this.gateStateScript = gateStateOf(redis);
    this.routeCache = new RouteCache(redis, keys);
  }

  private async pipelineHashes(keys: string[]): Promise<Record<string, string>[]> {
    if (!keys.length) return [];
    const p = this.redis.pipeline();
    for (const k of keys) p.hgetall(k);
    const res = (await p.exec()) ?? [];
    return res.map(([err, v]) => {
      if (err) throw err;
      return v as Record<string, string>;
    });
  }

  /**
   * Every lane with its current truck, in one script (gate-state-n.lua) where it took three
   * round trips (the lanes, then their hashes, then their trucks).
   */
  async lanes(): Promise<{ views: LaneView[]; meta: Record<string, string>; reopensAt: Map<string, number> }> {
    const { views, meta, reopensAt } = await this.readGateState(false, false);
    return { views, meta, reopensAt };
  }

  /**
   * The queues with their seq (as `queueState`), the lanes with their trucks (as `lanes`), the
   * service times, and the events the route cache has not followed yet with their trucks' routes
   * (`followed`, for `routesOf`), in one atomic step: what the trip read model projects the gate
   * from, in one round trip where it took seven.
   * @example const { state, views, reopensAt, svc, followed } = await reader.gateState();
   */
  async gateState(): Promise<{
    state: QueueState; views: LaneView[]; meta: Record<string, string>; reopensAt: Map<string, number>; svc: Record<string, string>;
    followed: FollowedEvents | undefined;
  }> {
    const { state, ...rest } = await this.readGateState(true, true);
    return { state: state!, ...rest };
  }

  private async readGateState(withQueues: boolean, follow: boolean) {
    const keys = [this.keys.meta, this.keys.events, this.keys.lanes, this.keys.service];
    if (withQueues) {
      for (const direction of DIRECTIONS) {
        for (const stage of ALL_STAGES) {
          for (const cls of CLASSES) keys.push(this.keys.queue(direction, stage, cls));
          keys.push(this.keys.pointer(direction, stage));
        }
      }
    }
    const after = follow ? this.routeCache.followedTo() : null;
    const [metaFlat, last, laneIds, laneFlats, truckFlats, svcFlat, entries, trucks, ...values] =
      await this.gateStateScript(keys.length, ...keys, this.keys.base, CLASSES.length, after ?? '', FOLLOW_LIMIT + 1);
    const meta = hashOf(metaFlat);
    const svc = hashOf(svcFlat);
    const estimates = serviceEstimates(svc);
    const reopensAt = new Map<string, number>();
    const views = laneIds.map((id, i): LaneView => {
      const h = hashOf(laneFlats[i]);
      if (h.reopensAt) reopensAt.set(id, Number(h.reopensAt));
      const trip = h.trip ? placementFromHash(h.trip, hashOf(truckFlats[i])) : null;
      return {
        id,
        name: h.name ?? id,
        direction: h.direction as Direction,
        capabilities: csv(h.caps) as Stage[],
        classes: csv(h.classes) as PriorityClass[],
        status: h.status as LaneView['status'],
        statusReason: h.statusReason || null,
        occupancy: h.occupancy as LaneView['occupancy'],
        trip,
        since: num(h.since),
        expectedServiceMs: trip?.stage ? Math.round(estimates[trip.stage].meanMs) : null,
      };
    });
    const followed = after === null ? undefined : { after, entries, trucks };
    return { views, meta, reopensAt, svc, followed, state: withQueues ? queueStateOf(meta, last, values) : null };
  }

  /** The gate's seq (0 before any event). */
  async seq(): Promise<number> {
    return Number((await this.redis.hget(this.keys.meta, 'seq')) ?? 0);
  }

  /**
   * Several trips' hashes and the gate's seq in one script (one slot, one round trip): a page of
   * trips reads its live parts together, at one seq.
   */
  async tripsWithSeq(tripIds: readonly string[]): Promise<{ hashes: Record<string, string>[]; seq: number }> {
    const [seq, ...hashes] = await this.tripsWithSeqScript(tripIds.length + 1, this.keys.meta, ...tripIds.map((id) => this.keys.trip(id)));
    if (hashes.length !== tripIds.length) throw new Error('trips-with-seq answered short');
    return { hashes: hashes.map(hashOf), seq: Number(seq ?? 0) };
  }

  /**
   * A trip's hash and the gate's seq in one atomic step (one slot: the gate's hash tag), so the state
   * read is exactly the state at that seq: what the trip read model checks its projection against.
   */
  async tripWithSeq(tripId: string): Promise<{ hash: Record<string, string>; seq: number }> {
    const { hashes, seq } = await this.tripsWithSeq([tripId]);
    return { hash: hashes[0]!, seq };
  }

  /** The lanes of a direction that serve a stage for a class: open now, or when the first reopens. */
  static serving(
    lanes: LaneView[], reopensAt: Map<string, number>, direction: Direction, stage: Stage, cls: PriorityClass, now: number,
  ): ServingLanes {
    const able = lanes.filter((l) => l.direction === direction && l.capabilities.includes(stage)
      && (l.classes.length === 0 || l.classes.includes(cls)));
    const open = able.filter((l) => l.status === 'open').length;
    if (open) return { open, opensInMs: null, reopening: 0 };
    const times = able.map((l) => reopensAt.get(l.id)).filter((t): t is number => t !== undefined && t > now);
    if (!times.length) return { open: 0, opensInMs: null, reopening: able.length };
    const first = Math.min(...times);
    return { open: 0, opensInMs: first - now, reopening: times.filter((t) => t === first).length };
  }

  /**
   * When each waiting truck of a direction will be called (ms epoch), by lane projection
   * (lane-projection.ts) over every queue of the direction; `until` stops at that trip.
   */
  private async callTimes(
    direction: Direction, lanes: LaneView[], reopensAt: Map<string, number>, meta: Record<string, string>,
    svc: Record<string, string>, now: number, until?: string,
  ) {
    const p = this.redis.pipeline();
    for (const stage of ALL_STAGES) {
      for (const cls of CLASSES) p.zrange(this.keys.queue(direction, stage, cls), 0, -1, 'WITHSCORES');
      p.get(this.keys.pointer(direction, stage));
    }
    const res = (await p.exec()) ?? [];
    const queues: DirectionQueues = {};
    const pointers: Partial<Record<Stage, number>> = {};
    let r = 0;
    for (const stage of ALL_STAGES) {
      for (const cls of CLASSES) {
        const flat = (res[r++]?.[1] as string[]) ?? [];
        const list: WaitingTruck[] = [];
        for (let j = 0; j < flat.length; j += 2) list.push({ tripId: flat[j]!, score: Number(flat[j + 1]), priorityClass: cls });
        if (list.length) (queues[stage] ??= {})[cls] = list;
      }
      pointers[stage] = Number((res[r++]?.[1] as string | null) ?? 0);
    }
    const routes = await this.routesOf(queues);
    return GateReader.laneCalls(direction, lanes, reopensAt, ruleOf(meta), svc, now, queues, pointers, until, routes);
  }

  /**
   * The stages each waiting truck goes on to after the one it waits for: the lane projection brings
   * it back into that queue once its call is over. Kept across reads (route-cache.ts): only trucks
   * named by events since the last read, and new ones, are read (one pipelined HMGET each).
   */
  async routesOf(...queueSets: DirectionQueues[]): Promise<Map<string, Stage[]>> {
    return this.routesFollowing(undefined, ...queueSets);
  }

  /** `routesOf`, the route cache following the events `gateState` read with the queues (no round trip of its own). */
  async routesFollowing(followed: FollowedEvents | undefined, ...queueSets: DirectionQueues[]): Promise<Map<string, Stage[]>> {
    const ids: string[] = [];
    for (const queues of queueSets) {
      for (const byClass of Object.values(queues)) for (const list of Object.values(byClass ?? {})) for (const t of list ?? []) ids.push(t.tripId);
    }
    if (!ids.length) return new Map();
    return this.routeCache.routesOf(ids, followed);
  }

  /**
   * The lane projection of one direction from queues already read: the status read and the trip
   * read model (trip-read-model.ts) both come here, so their call times cannot differ.
   */
  static laneCalls(
    direction: Direction, lanes: LaneView[], reopensAt: Map<string, number>, rule: PriorityRule,
    svc: Record<string, string>, now: number, queues: DirectionQueues, pointers: Partial<Record<Stage, number>>, until?: string,
    routes?: ReadonlyMap<string, readonly Stage[]>,
  ) {
    const arrivals: Partial<Record<Stage, Partial<Record<PriorityClass, number>>>> = {};
    for (const stage of ALL_STAGES) {
      for (const cls of CLASSES) {
        // Trucks expected to check in meanwhile (check-in's arrival-interval average), which the policy may call first.
        const gap = arrivalGapMs(svc, `arr:${direction}:${stage}:${cls}:`, now);
        if (gap > 0) (arrivals[stage] ??= {})[cls] = gap;
      }
    }
    const drive = driveMs(svc);
    const estimates = serviceEstimates(svc);
    const service = (stage: Stage | null) => (stage ? estimates[stage].meanMs : 0);
    const projected: ProjectedLane[] = [];
    for (const l of lanes) {
      if (l.direction !== direction) continue;
      let freeAt: number;
      if (l.status !== 'open') freeAt = Math.max(reopensAt.get(l.id) ?? Number.POSITIVE_INFINITY, now);
      else if (l.occupancy === 'idle') freeAt = now;
      else if (l.occupancy === 'called') freeAt = Math.max(now, (l.since ?? now) + drive) + service(l.trip?.stage ?? null);
      else if (l.occupancy === 'at_lane') freeAt = now + service(l.trip?.stage ?? null);
      else freeAt = now + (l.trip?.stage ? remainingMs(estimates[l.trip.stage], now - (l.since ?? now)) : 0);
      if (l.status !== 'open' && l.occupancy !== 'idle' && Number.isFinite(freeAt)) {
        freeAt = Math.max(freeAt, (l.since ?? now) + service(l.trip?.stage ?? null));
      }
      // The truck it holds goes on to its next stage when it is done here.
      const current = l.trip && l.occupancy !== 'idle'
        ? { tripId: l.trip.id, priorityClass: l.trip.priorityClass, next: l.trip.stages.slice(l.trip.stageIndex + 1) }
        : undefined;
      if (Number.isFinite(freeAt)) projected.push({ id: l.id, capabilities: l.capabilities, classes: l.classes, freeAt, ...(current ? { current } : {}) });
    }
    const calls = projectLaneCalls({
      lanes: projected, queues, pointers, until, arrivals, now, routes,
      policy: rule,
      holdMs: (stage) => drive + service(stage),
    });
    return { calls, waiting: queues, pointers };
  }

  /** Service time of a stage plus the drive from the yard: how long a call holds a lane. */
  static cycle(svc: Record<string, string>, stage: Stage): ServiceEstimate {
    const est = serviceEstimates(svc)[stage];
    return { ...est, meanMs: est.meanMs + driveMs(svc) };
  }

  /**
   * The projected call order of one (direction, stage), with position, ETA and reason.
   */
  private async stageQueue(
    direction: Direction, stage: Stage, lanes: LaneView[], reopensAt: Map<string, number>, meta: Record<string, string>,
    svc: Record<string, string>, projection: Awaited<ReturnType<GateReader['callTimes']>>, now: number,
  ): Promise<QueueEntry[]> {
    const waiting = projection.waiting[stage];
    if (!waiting) return [];
    const order = projectCallOrder(waiting, ruleOf(meta), projection.pointers[stage] ?? 0, now);
    const calls = projection.calls;
    const hashes = await this.pipelineHashes(order.map((o) => this.keys.trip(o.tripId)));
    const cycle = GateReader.cycle(svc, stage);
    return order.map((o, i): QueueEntry => {
      const trip = placementFromHash(o.tripId, hashes[i]!)!;
      const calledAt = calls.get(o.tripId);
      return {
        trip,
        position: i + 1,
        waitMs: Math.max(0, now - (trip.queuedAt ?? now)),
        eta: queueEta({
          projectedMs: calledAt === undefined ? null : calledAt - now, position: i + 1,
          lanes: GateReader.serving(lanes, reopensAt, direction, stage, o.priorityClass, now), cycle,
        }),
        reason: { rule: o.rule, priorityClass: o.priorityClass, policyVersion: Number(meta.policyVersion ?? 0) },
      };
    });
  }

  /**
   * The ETA of every waiting truck at `now`, as `snapshot` gives it: the queues, lanes and service
   * times, and each waiting truck's remaining stages (`routesOf`: from the route cache, which reads
   * only the trucks the events since its last read named): what a live delta's ETAs cost per event.
   */
  async queueEtas(now = Date.now()): Promise<Map<string, Eta>> {
    const { views, meta, reopensAt } = await this.lanes();
    const svc = await this.redis.hgetall(this.keys.service);
    const rule = ruleOf(meta);
    const etas = new Map<string, Eta>();
    for (const direction of DIRECTIONS) {
      const projection = await this.callTimes(direction, views, reopensAt, meta, svc, now);
      for (const stage of ALL_STAGES) {
        const waiting = projection.waiting[stage];
        if (!waiting) continue;
        const cycle = GateReader.cycle(svc, stage);
        projectCallOrder(waiting, rule, projection.pointers[stage] ?? 0, now).forEach((o, i) => {
          const calledAt = projection.calls.get(o.tripId);
          etas.set(o.tripId, queueEta({
            projectedMs: calledAt === undefined ? null : calledAt - now, position: i + 1,
            lanes: GateReader.serving(views, reopensAt, direction, stage, o.priorityClass, now), cycle,
          }));
        });
      }
    }
    return etas;
  }

  /** Everything a lane board or queue view needs, in one consistent-enough read. */
  async snapshot(now = Date.now()): Promise<GateSnapshot> {
    const { views, meta, reopensAt } = await this.lanes();
    const svc = await this.redis.hgetall(this.keys.service);
    const queues: GateSnapshot['queues'] = {};
    // One read of every queue per direction serves the call orders and the lane projection.
    const projections = new Map<Direction, Awaited<ReturnType<GateReader['callTimes']>>>();
    for (const direction of DIRECTIONS) projections.set(direction, await this.callTimes(direction, views, reopensAt, meta, svc, now));
    for (const stage of ALL_STAGES) {
      const entries: QueueEntry[] = [];
      for (const direction of DIRECTIONS) {
        entries.push(...(await this.stageQueue(direction, stage, views, reopensAt, meta, svc, projections.get(direction)!, now)));
      }
      if (entries.length) queues[stage] = entries;
    }
    const heldIds = await this.redis.zrange(this.keys.held, 0, -1);
    const exitIds: string[] = [];
    for (const d of DIRECTIONS) exitIds.push(...(await this.redis.zrange(this.keys.exitQueue(d), 0, -1)));
    const load = async (ids: string[]) => (await this.pipelineHashes(ids.map((id) => this.keys.trip(id))))
      .map((h, i) => placementFromHash(ids[i]!, h)).filter((t): t is TripPlacement => !!t);
    return {
      gate: this.keys.gate,
      seq: Number(meta.seq ?? 0),
      policyVersion: Number(meta.policyVersion ?? 0),
      lanes: views,
      queues,
      held: await load(heldIds),
      exitQueue: await load(exitIds),
    };
  }

  /** One trip as its driver sees it: where it is, its position and ETA if waiting, its lane if called. */
  async tripStatus(tripId: string, now = Date.now()) {
    const h = await this.redis.hgetall(this.keys.trip(tripId));
    const trip = placementFromHash(tripId, h);
    if (!trip) return null;
    let position: number | null = null;
    let eta: QueueEntry['eta'] | null = null;
    let reason: QueueEntry['reason'] | null = null;
    if (trip.state === 'queued' && trip.stage) {
      // Only this truck's place is needed: the order from ids and scores, not every waiting truck's hash.
      const { views, meta, reopensAt } = await this.lanes();
      const svc = await this.redis.hgetall(this.keys.service);
      // One read serves both the position (the stage's call order) and the lane projection.
      const projection = await this.callTimes(trip.direction, views, reopensAt, meta, svc, now, tripId);
      const order = projectCallOrder(projection.waiting[trip.stage] ?? {}, ruleOf(meta), projection.pointers[trip.stage] ?? 0, now);
      const index = order.findIndex((o) => o.tripId === tripId);
      if (index >= 0) {
        const mine = order[index]!;
        position = index + 1;
        const calledAt = projection.calls.get(tripId);
        eta = queueEta({
          projectedMs: calledAt === undefined ? null : calledAt - now, position,
          lanes: GateReader.serving(views, reopensAt, trip.direction, trip.stage, mine.priorityClass, now),
          cycle: GateReader.cycle(svc, trip.stage),
        });
        reason = { rule: mine.rule, priorityClass: mine.priorityClass, policyVersion: Number(meta.policyVersion ?? 0) };
      }
    }
    return { trip, position, eta, reason, laneId: trip.laneId, seq: Number((await this.redis.hget(this.keys.meta, 'seq')) ?? 0) };
  }

  /**
   * The waiting trucks and interleave pointers of every stage queue with the seq and stream id
   * of the last event, in one atomic step (gate-state-n.lua), so they are exactly the state after
   * that event: the seed of a QueueOrderModel.
   */
  async queueState(): Promise<QueueState> {
    return (await this.readGateState(true, false)).state!;
  }

  /**
   * Events after a stream id ('0' = from the start), oldest first.
   * @example const events = await reader.readEvents('0', 100);
   */
  async readEvents(afterStreamId = '0', count = 1000): Promise<GateEvent[]> {
    const start = afterStreamId === '0' ? '-' : `(${afterStreamId}`;
    const entries = await this.redis.xrange(this.keys.events, start, '+', 'COUNT', count);
    return entries.map(([id, fields]) => parseStreamEntry(id, fields));
  }
}

/** A stream entry's `json` field as a validated GateEvent with its stream id. */
export function parseStreamEntry(id: string, fields: string[]): GateEvent {
  const at = fields.indexOf('json');
  const event = ZGateEventSchema.parse(JSON.parse(fields[at + 1]!));
  return { ...event, streamId: id };
}
