/**
 * A synthetic busy gate for the console benchmark: 200 lanes and ~5,000 waiting trucks, and a
 * stream of valid gate events (call-ups, inspections starting and ending, check-ins) with the
 * post-states the real scheduler puts in its events, so the board applies them as in production.
 * Deterministic (seeded), so runs compare.
 */
import { orderDigest, queueMoves, type QueueEta, type QueueOrder, mulberry32 } from '@borderflow/contracts';
import { ROUTES as API_ROUTES, type RouteResponse } from '@borderflow/contracts';
import type { GateEvent, GateSnapshotMessage, LaneViewMessage, PriorityClass, QueueEntryMessage, Stage, Trip, TripPlacement } from '@borderflow/contracts';

const STAGE_SETS: Stage[][] = [
  ['gate', 'documents'],
  ['documents', 'xray', 'physical'],
  ['gate', 'documents', 'weighbridge'],
  ['documents', 'quarantine', 'gate'],
];
const ROUTES: Stage[][] = [['documents', 'gate'], ['documents', 'xray', 'gate'], ['documents', 'physical', 'gate'], ['documents', 'quarantine', 'gate'], ['gate']];
const CLASSES: PriorityClass[] = ['perishable', 'trusted', 'ordinary', 'ordinary', 'ordinary', 'ordinary', 'empty_return', 'trusted', 'ordinary', 'ordinary'];

/** Small seeded PRNG (mulberry32). */
const random = mulberry32;

export class GateTraffic {
  readonly gate = 'KT';
  seq = 1000;
  readonly lanes: LaneViewMessage[] = [];
  readonly queues = new Map<Stage, TripPlacement[]>();
  readonly exitQueue: TripPlacement[] = [];
  private nextTrip = 0;
  private readonly rnd: () => number;

  constructor(options: { lanes: number; queued: number; busyLanes: number; now: number; seed?: number }) {
    this.rnd = random(options.seed ?? 42);
    for (let i = 0; i < options.lanes; i++) {
      this.lanes.push({
        id: `L${String(i + 1).padStart(3, '0')}`,
        name: `Làn ${i + 1}`,
        direction: i % 2 === 0 ? 'exit' : 'entry',
        capabilities: STAGE_SETS[i % STAGE_SETS.length]!,
        classes: i % 10 === 9 ? ['perishable'] : [],
        status: i % 25 === 24 ? 'paused' : 'open',
        occupancy: 'idle',
        trip: null,
        since: null,
        expectedServiceMs: 4 * 60_000 + (i % 7) * 60_000,
      });
    }
    for (let i = 0; i < options.queued; i++) this.enqueue(this.newTrip(options.now - (options.queued - i) * 1000), options.now);
    let busy = 0;
    for (const lane of this.lanes) {
      if (busy >= options.busyLanes) break;
      if (this.call(lane, options.now - 60_000)) {
        busy++;
        if (busy % 2 === 0) this.start(lane, options.now - 30_000);
      }
    }
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.rnd() * items.length)]!;
  }

  private newTrip(at: number): TripPlacement {
    const n = this.nextTrip++;
    const stages = this.pick(ROUTES);
    return {
      id: `trip-${n}`,
      state: 'queued',
      stages,
      stageIndex: 0,
      stage: stages[0]!,
      priorityClass: this.pick(CLASSES),
      direction: this.rnd() < 0.5 ? 'exit' : 'entry',
      score: at,
      laneId: null,
      noShows: 0,
      deadline: null,
      plate: `${24 + (n % 70)}C${String(10000 + (n % 90000)).padStart(5, '0')}`,
      hold: false,
      queuedAt: at,
    };
  }

  private enqueue(trip: TripPlacement, at: number): TripPlacement {
    const queued = { ...trip, state: 'queued' as const, laneId: null, score: at, queuedAt: at };
    const list = this.queues.get(queued.stage!) ?? [];
    list.push(queued);
    this.queues.set(queued.stage!, list);
    return queued;
  }

  /** Takes the first truck the lane can serve into it (called). */
  private call(lane: LaneViewMessage, at: number): TripPlacement | null {
    if (lane.status !== 'open' || lane.occupancy !== 'idle') return null;
    for (const stage of lane.capabilities) {
      const list = this.queues.get(stage) ?? [];
      const index = list.findIndex((t) => t.direction === lane.direction && (lane.classes.length === 0 || lane.classes.includes(t.priorityClass)));
      if (index < 0) continue;
      const [queued] = list.splice(index, 1);
      const trip = { ...queued!, state: 'called' as const, laneId: lane.id, deadline: at + 600_000 };
      Object.assign(lane, { occupancy: 'called', trip, since: at });
      return trip;
    }
    return null;
  }

  private start(lane: LaneViewMessage, at: number): TripPlacement {
    const trip = { ...lane.trip!, state: 'inspecting' as const, deadline: null };
    Object.assign(lane, { occupancy: 'inspecting', trip, since: at });
    return trip;
  }

  private complete(lane: LaneViewMessage, at: number): TripPlacement {
    const done = lane.trip!;
    Object.assign(lane, { occupancy: 'idle', trip: null, since: at });
    const nextIndex = done.stageIndex + 1;
    if (nextIndex < done.stages.length) return this.enqueue({ ...done, stageIndex: nextIndex, stage: done.stages[nextIndex]! }, at);
    const crossing = { ...done, state: 'exit_queue' as const, stageIndex: nextIndex, stage: null, laneId: null, score: at, queuedAt: at };
    this.exitQueue.push(crossing);
    if (this.exitQueue.length > 300) this.exitQueue.shift();
    return crossing;
  }

  private event(type: GateEvent['type'], at: number, trip: TripPlacement | null, lane: LaneViewMessage | null): GateEvent {
    return {
      seq: ++this.seq,
      gate: this.gate,
      type,
      at,
      actor: 'bench',
      commandId: null,
      trip,
      lane: lane ? { id: lane.id, status: lane.status, occupancy: lane.occupancy, tripId: lane.trip?.id ?? null } : null,
      reason: type === 'trip_called' && trip ? { policyVersion: 1, rule: 'interleave', slot: 0, priorityClass: trip.priorityClass, waitMs: 60_000 } : null,
      // The console's projectors read placements, not detail: an empty detail keeps the bench cheap.
      detail: {},
    } as GateEvent;
  }

  /** The next event of the gate at time `at`: mostly lane work, some new arrivals. */
  next(at: number): GateEvent {
    const roll = this.rnd();
    const offset = Math.floor(this.rnd() * this.lanes.length);
    const find = (ok: (l: LaneViewMessage) => boolean) => {
      for (let i = 0; i < this.lanes.length; i++) {
        const lane = this.lanes[(offset + i) % this.lanes.length]!;
        if (ok(lane)) return lane;
      }
      return null;
    };
    if (roll < 0.3) {
      const lane = find((l) => l.occupancy === 'idle' && l.status === 'open');
      const trip = lane ? this.call(lane, at) : null;
      if (lane && trip) return this.event('trip_called', at, trip, lane);
    } else if (roll < 0.55) {
      const lane = find((l) => l.occupancy === 'called');
      if (lane) return this.event('inspection_started', at, this.start(lane, at), lane);
    } else if (roll < 0.85) {
      const lane = find((l) => l.occupancy === 'inspecting');
      if (lane) return this.event('stage_completed', at, this.complete(lane, at), lane);
    }
    return this.event('trip_queued', at, this.enqueue(this.newTrip(at), at), null);
  }

  /**
   * `next` with the order of the stage queues it changed, as the platform's fan-out sends it
   * (this gate's own order is first come, first served).
   */
  /**
   * The next event with the server's orders of the queues it changed and the ETAs a server would
   * send with it: the trucks it placed and, as after a call-up, the first ten of each changed queue.
   */
  nextDelta(at: number): { event: GateEvent; queues: QueueOrder[]; etas: QueueEta[] } {
    const before = new Map([...this.queues].map(([stage, list]) => [stage, list.map((t) => t.id)]));
    const event = this.next(at);
    const queues: QueueOrder[] = [];
    const etas = new Map<string, QueueEta>();
    const etaOf = (id: string, index: number): QueueEta => ({ id, expectedAt: at + (index + 1) * 30_000, lowAt: at + (index + 1) * 20_000, highAt: at + (index + 1) * 45_000 });
    for (const [stage, list] of this.queues) {
      const prior = before.get(stage) ?? [];
      if (prior.length === list.length && list.every((t, i) => t.id === prior[i])) continue;
      const after = list.map((t) => t.id);
      const moves = queueMoves(prior, after);
      queues.push({ stage, length: after.length, moves, digest: orderDigest(after) });
      for (const move of moves) etas.set(move.id, etaOf(move.id, move.index));
      after.slice(0, 10).forEach((id, i) => etas.set(id, etaOf(id, i)));
    }
    return { event, queues, etas: [...etas.values()] };
  }

  waiting(): number {
    let n = 0;
    for (const list of this.queues.values()) n += list.length;
    return n;
  }

  snapshot(now: number): GateSnapshotMessage {
    const queues: Partial<Record<Stage, QueueEntryMessage[]>> = {};
    for (const [stage, list] of this.queues) {
      queues[stage] = list.map((trip, i) => ({
        trip,
        position: i + 1,
        waitMs: Math.max(0, now - (trip.queuedAt ?? now)),
        eta: { expectedMs: (i + 1) * 30_000, lowMs: (i + 1) * 20_000, highMs: (i + 1) * 45_000 },
        reason: { rule: 'interleave', priorityClass: trip.priorityClass, policyVersion: 1 },
      }));
    }
    return { gate: this.gate, seq: this.seq, policyVersion: 1, lanes: this.lanes.map((l) => ({ ...l })), queues, held: [], exitQueue: [...this.exitQueue] };
  }

  /**
   * What the platform answers the board's reads (GET /v1/…) at this gate, or undefined (a 404): a
   * trip's details, and the panels' polls of a gate with no cameras, barriers, weighbridge holds or
   * agency adapters. A poll left unanswered shows the operator a warning banner and logs an error.
   */
  answer(path: string, at: Date): unknown {
    const trip = /^\/v1\/trips\/([^/]+)$/.exec(path);
    if (trip) return this.tripDetails(decodeURIComponent(trip[1]!));
    const gate = this.gate;
    const ofGate = (route: { path: string }) => route.path.replace(':gate', gate);
    const answers: Array<[string, () => unknown]> = [
      [API_ROUTES.agencyHealth.path, (): RouteResponse<typeof API_ROUTES.agencyHealth> => ({ at: at.toISOString(), status: 'ok', adapters: [] })],
      [ofGate(API_ROUTES.gateDeviceHealth), (): RouteResponse<typeof API_ROUTES.gateDeviceHealth> => ({ gate, devices: [], alerts: [] })],
      [ofGate(API_ROUTES.listPlateConfirmations), (): RouteResponse<typeof API_ROUTES.listPlateConfirmations> => ({ confirmations: [] })],
      [ofGate(API_ROUTES.gateSignals), (): RouteResponse<typeof API_ROUTES.gateSignals> => ({ gate, devices: [], unconfirmed: [] })],
      [ofGate(API_ROUTES.gateWeighings), (): RouteResponse<typeof API_ROUTES.gateWeighings> => ({ gate, held: [] })],
    ];
    return answers.find(([p]) => p === path)?.[1]();
  }

  /** What GET /v1/trips/:id answers for a bench trip (the board shows trailer and cargo). */
  tripDetails(id: string): Trip {
    const n = Number(id.replace('trip-', '')) || 0;
    return {
      id, gateCode: this.gate, direction: n % 2 ? 'entry' : 'exit', state: 'inspecting', priorityClass: 'ordinary',
      priority: { class: 'ordinary', source: 'default', claimed: n % 5 !== 0, perishable: n % 5 ? 'claimed-unconfirmed' : 'none' },
      vehicle: { plate: `24C${String(10000 + n).padStart(5, '0')}`, trailerPlate: n % 3 ? `24R${String(10000 + n).padStart(5, '0')}` : null },
      driver: { fullName: 'Nguyễn Văn An', phone: '+84912345678', licenseNo: null },
      cargo: n % 5 ? [{ description: 'Thanh long', hsCode: '08109010', packages: 1200, grossKg: 18000, perishable: true, plantOrAnimal: true }] : [],
      containers: [], declarations: [], expectedArrival: '2025-06-01T08:30:00+07:00', appointmentAt: null, channel: null,
      stages: ['documents', 'gate'], stageIndex: 0, laneId: null, createdAt: '2025-06-01T00:00:00.000Z', updatedAt: '2025-06-01T00:00:00.000Z', revisions: 0, live: null,
    };
  }
}
