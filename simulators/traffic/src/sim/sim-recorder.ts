/**
 * What a simulated day measures, fed with the gate's events in order: waits
 * (from the call-up reasons the scheduler records), lane busy and open time,
 * throughput per hour, queue lengths, ETA against the actual call-up, and
 * the fairness check. The report builder turns it into the report's shape.
 */
import type { CallUpReason, GateEvent, GateEventOf, LaneStatus, PriorityClass, Stage, TripPlacement } from '@borderflow/contracts';
import type { LaneConfig, PolicyConfig } from '@borderflow/scheduler';
import { FairnessCheck, WaitingTrucks } from './fairness-check.ts';

const HOUR = 3_600_000;

export interface LaneRecord {
  lane: LaneConfig;
  status: LaneStatus;
  openSince: number | null;
  openMs: number;
  busySince: number | null;
  busyMs: number;
  occupiedSince: number | null;
  occupiedMs: number;
  inspections: number;
  byStage: Partial<Record<Stage, number>>;
}

export interface TruckRecord {
  arrivedAt: number;
  priorityClass: PriorityClass;
  firstCalledAt: number | null;
  /** The scheduler's predicted first call-up (absolute ms) at check-in, if it had to wait. */
  etaAt: number | null;
  crossedAt: number | null;
}

export interface QueueSample {
  minute: number;
  byStage: Partial<Record<Stage, number>>;
  held: number;
  exitQueue: number;
}

export interface HourCounts {
  arrived: number;
  called: number;
  completed: number;
  crossed: number;
}

export class SimRecorder {
  readonly trucks = new Map<string, TruckRecord>();
  readonly lanes = new Map<string, LaneRecord>();
  readonly waitsByStage = new Map<Stage, number[]>();
  readonly waitsByClass = new Map<PriorityClass, number[]>();
  readonly callUpsByRule: Record<string, number> = {};
  readonly hours: HourCounts[] = [];
  /** Per hour of simulated time, all lanes: ms inspecting and ms open (per-hour utilisation for the plan what-if). */
  readonly busyMsByHour: number[] = [];
  readonly openMsByHour: number[] = [];
  readonly samples: QueueSample[] = [];
  readonly waiting = new WaitingTrucks();
  readonly fairness: FairnessCheck;
  readonly placements = new Map<string, TripPlacement>();
  turnedBack = 0;
  droppedNoShow = 0;
  events = 0;
  private held = 0;
  private exitQueue = 0;

  constructor(private readonly epoch: number, lanes: readonly LaneConfig[], policy: PolicyConfig) {
    for (const lane of lanes) {
      this.lanes.set(lane.id, {
        lane, status: lane.status, openSince: null, openMs: 0, busySince: null, busyMs: 0, occupiedSince: null, occupiedMs: 0,
        inspections: 0, byStage: {},
      });
    }
    this.fairness = new FairnessCheck(lanes, policy);
  }

  private hour(at: number): HourCounts {
    const h = Math.max(0, Math.floor((at - this.epoch) / HOUR));
    while (this.hours.length <= h) this.hours.push({ arrived: 0, called: 0, completed: 0, crossed: 0 });
    return this.hours[h]!;
  }

  arrived(tripId: string, priorityClass: PriorityClass, at: number) {
    this.trucks.set(tripId, { arrivedAt: at, priorityClass, firstCalledAt: null, etaAt: null, crossedAt: null });
    this.hour(at).arrived++;
  }

  eta(tripId: string, etaAt: number) {
    const t = this.trucks.get(tripId);
    if (t) t.etaAt = etaAt;
  }

  /** Current state of one trip as the events last described it (undefined before its check-in). */
  placement(tripId: string): TripPlacement | undefined {
    return this.placements.get(tripId);
  }

  onEvent(e: GateEvent): void {
    this.events++;
    const at = e.at;
    const before = e.trip ? this.placements.get(e.trip.id) : undefined;
    switch (e.type) {
      case 'trip_called': this.onCalled(e, at); break;
      case 'inspection_started': this.laneBusy(e.lane?.id, at, true, null); break;
      case 'stage_completed': {
        this.laneBusy(e.lane?.id, at, false, (e.detail.stage as Stage | undefined) ?? null);
        this.hour(at).completed++;
        if (e.detail.next === 'turned_back') this.turnedBack++;
        break;
      }
      case 'trip_no_show': if (e.detail.dropped === true) this.droppedNoShow++; break;
      case 'trip_crossed': {
        this.hour(at).crossed++;
        const t = e.trip && this.trucks.get(e.trip.id);
        if (t) t.crossedAt = at;
        break;
      }
      case 'lane_configured':
      case 'lane_status_changed':
        if (e.lane) this.laneStatus(e.lane.id, e.lane.status, at);
        break;
      default: break;
    }
    if (e.lane) this.laneOccupancy(e.lane.id, e.lane.occupancy !== 'idle', at);
    if (e.trip) {
      if (before?.state === 'held') this.held--;
      if (before?.state === 'exit_queue') this.exitQueue--;
      if (e.trip.state === 'held') this.held++;
      if (e.trip.state === 'exit_queue') this.exitQueue++;
      this.placements.set(e.trip.id, e.trip);
      this.waiting.update(e.trip);
    }
  }

  private onCalled(e: GateEventOf<'trip_called'>, at: number) {
    const trip = e.trip!;
    const reason = e.reason as CallUpReason;
    const stage = e.detail.stage;
    this.fairness.onCallUp(trip, stage, e.lane!.id, reason, at, this.waiting.waiting(trip.direction, stage));
    this.callUpsByRule[reason.rule] = (this.callUpsByRule[reason.rule] ?? 0) + 1;
    push(this.waitsByStage, stage, reason.waitMs);
    push(this.waitsByClass, trip.priorityClass, reason.waitMs);
    const t = this.trucks.get(trip.id);
    if (t && t.firstCalledAt === null) {
      t.firstCalledAt = at;
      this.hour(at).called++;
    }
  }

  private laneBusy(laneId: string | undefined, at: number, starts: boolean, stage: Stage | null) {
    const l = laneId ? this.lanes.get(laneId) : undefined;
    if (!l) return;
    if (starts) {
      l.busySince = at;
      return;
    }
    if (l.busySince !== null) this.addBusy(l, l.busySince, at);
    l.busySince = null;
    l.inspections++;
    if (stage) l.byStage[stage] = (l.byStage[stage] ?? 0) + 1;
  }

  private addBusy(l: LaneRecord, from: number, to: number) {
    l.busyMs += to - from;
    this.spread(this.busyMsByHour, from, to);
  }

  private addOpen(l: LaneRecord, from: number, to: number) {
    l.openMs += to - from;
    this.spread(this.openMsByHour, from, to);
  }

  /** Adds the interval [from, to) to the hours of simulated time it overlaps. */
  private spread(byHour: number[], from: number, to: number) {
    for (let start = from; start < to;) {
      const h = Math.max(0, Math.floor((start - this.epoch) / HOUR));
      const end = Math.min(to, this.epoch + (h + 1) * HOUR);
      while (byHour.length <= h) byHour.push(0);
      byHour[h]! += end - start;
      start = end;
    }
  }

  private laneOccupancy(laneId: string, occupied: boolean, at: number) {
    const l = this.lanes.get(laneId);
    if (!l) return;
    if (occupied && l.occupiedSince === null) l.occupiedSince = at;
    else if (!occupied && l.occupiedSince !== null) {
      l.occupiedMs += at - l.occupiedSince;
      l.occupiedSince = null;
    }
  }

  private laneStatus(laneId: string, status: LaneStatus, at: number) {
    const l = this.lanes.get(laneId);
    if (!l) return;
    if (l.openSince !== null && status !== 'open') {
      this.addOpen(l, l.openSince, at);
      l.openSince = null;
    } else if (l.openSince === null && status === 'open') {
      l.openSince = at;
    }
    l.status = status;
  }

  sample(at: number) {
    this.samples.push({
      minute: Math.round((at - this.epoch) / 60_000),
      byStage: this.waiting.countsByStage(),
      held: this.held,
      exitQueue: this.exitQueue,
    });
  }

  /** Closes open intervals at the end of the run (lanes still open or inspecting). */
  finish(at: number) {
    for (const l of this.lanes.values()) {
      if (l.openSince !== null) this.addOpen(l, l.openSince, at);
      if (l.busySince !== null) this.addBusy(l, l.busySince, at);
      if (l.occupiedSince !== null) l.occupiedMs += at - l.occupiedSince;
      l.openSince = l.busySince = l.occupiedSince = null;
    }
    this.hour(at - 1);
  }

  /** Trucks still inside the gate (queued, called, in a lane, held or in the exit queue). */
  inGate(): number {
    let n = 0;
    for (const p of this.placements.values()) {
      if (['queued', 'called', 'at_lane', 'inspecting', 'held', 'exit_queue'].includes(p.state)) n++;
    }
    return n;
  }
}

function push<K>(map: Map<K, number[]>, key: K, value: number) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
