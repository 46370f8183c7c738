/**
 * A simulated day at the gate: a discrete-event simulation whose virtual
 * clock drives the real scheduler (Lua on Redis, `meta.now` = virtual time).
 * The agenda holds what the outside world does — trucks arriving, driving to
 * the lane they were called to, inspections ending, lanes opening and closing,
 * the customs system coming back, lab results, timer ticks — and every
 * decision (who is called to which lane, when) is the scheduler's, read back
 * from its event stream.
 */
import type { Cluster, Redis } from 'ioredis';
import {
  stagesFor, type GateEvent, type InspectionOutcome, type LaneStatus, type SimScenario, type Stage,
} from '@borderflow/contracts';
import { KIM_THANH_LANES, type LaneConfig, type PolicyConfig } from '@borderflow/scheduler';
import { EventHeap } from './event-heap.ts';
import { SimGate, type GateCall } from './sim-gate.ts';
import { SimRecorder } from './sim-recorder.ts';
import type { SimTruck } from './sim-truck.ts';

const HOUR = 3_600_000;
const MINUTE = 60_000;

type SimEvent =
  | { kind: 'arrival'; truck: SimTruck }
  | { kind: 'atLane'; tripId: string; laneId: string; token: number }
  | { kind: 'complete'; tripId: string; laneId: string; token: number }
  | { kind: 'expire' }
  | { kind: 'pace' }
  | { kind: 'labResult'; tripId: string }
  | { kind: 'customsDecision'; tripId: string }
  | { kind: 'lanes' }
  | { kind: 'sample' };

interface TruckRun {
  truck: SimTruck;
  /** Changes with every call-up: a drive towards an older call-up is ignored. */
  token: number;
  reachedLane: boolean;
  lateUsed: boolean;
  customsPending: boolean;
  heldFor: 'customs' | 'lab' | null;
  labDone: boolean;
}

export interface GateSimulationOptions {
  redis: Redis | Cluster;
  /** Key prefix of this run; the caller deletes the gate's keys afterwards. */
  prefix: string;
  scenario: SimScenario;
  policy: PolicyConfig;
  trucks: readonly SimTruck[];
  /** Ask the scheduler for each waiting truck's ETA at check-in (a few reads per truck). Default true. */
  measureEta?: boolean;
  sampleEveryMin?: number;
  /** Called at every queue sample with the simulated hours done. */
  onProgress?: (hoursDone: number) => void;
}

export interface GateSimulationResult {
  recorder: SimRecorder;
  lanes: LaneConfig[];
  epoch: number;
  endAt: number;
  commands: number;
  events: number;
  wallMs: number;
}

/** Local midnight (UTC+7) of the scenario's date, ms epoch. */
export function scenarioEpoch(scenario: SimScenario): number {
  return Date.parse(`${scenario.date}T00:00:00+07:00`);
}

/** The policy with the scenario's far-side cap applied (trucks/day paced over the opening hours). */
export function effectivePolicy(scenario: SimScenario, policy: PolicyConfig): PolicyConfig {
  const cap = scenario.farSideCapPerDay;
  if (!cap) return policy;
  const hours = scenario.openingHours.closeHour - scenario.openingHours.openHour;
  const perHour = (perDay: number | undefined, fallback: number) => (perDay ? Math.max(1, Math.round(perDay / hours)) : fallback);
  return { ...policy, crossCapPerHour: { exit: perHour(cap.exit, policy.crossCapPerHour.exit), entry: perHour(cap.entry, policy.crossCapPerHour.entry) } };
}

/**
 * Runs one scenario day under one policy.
 * @example
 * const r = await simulateGateDay({ redis, prefix: 'sim:1:', scenario, policy, trucks: drawTrucks(scenario, 1) });
 * r.recorder.fairness.summary.unexplained // 0
 */
export async function simulateGateDay(o: GateSimulationOptions): Promise<GateSimulationResult> {
  const started = performance.now();
  const { scenario } = o;
  const epoch = scenarioEpoch(scenario);
  const endAt = epoch + scenario.durationHours * HOUR;
  const gate = new SimGate(o.redis, o.prefix, scenario.gate);
  const agenda = new EventHeap<SimEvent>();
  const runs = new Map<string, TruckRun>();
  const { openHour, closeHour } = scenario.openingHours;
  const isOpenHour = (at: number) => {
    const h = (((at - epoch) / HOUR) % 24 + 24) % 24;
    return h >= openHour && h < closeHour;
  };
  const desiredStatus = (laneId: string, at: number): LaneStatus => {
    const h = (at - epoch) / HOUR;
    for (const d of scenario.disruptions) {
      if (d.kind === 'lane_outage' && d.laneId === laneId && h >= d.fromHour && h < d.toHour) return d.status;
    }
    return isOpenHour(at) ? 'open' : 'closed';
  };
  // Lane status changes (opening hours, outages), ms after the epoch.
  const boundaries = new Set<number>();
  for (let day = 0; day * 24 < scenario.durationHours; day++) {
    boundaries.add((day * 24 + openHour) * HOUR).add((day * 24 + closeHour) * HOUR);
  }
  for (const d of scenario.disruptions) boundaries.add(d.fromHour * HOUR).add(d.toHour * HOUR);
  const changes = [...boundaries].sort((a, b) => a - b);
  /** When a lane out of service opens again, as the operator closing it says (the scheduler's ETA uses it). */
  const reopensAt = (laneId: string, at: number): number | null => {
    for (const b of changes) if (epoch + b > at && desiredStatus(laneId, epoch + b) === 'open') return epoch + b;
    return null;
  };
  const lanes = KIM_THANH_LANES.map((l) => {
    const status = desiredStatus(l.id, epoch);
    return { ...l, status, reopensAt: status === 'open' ? null : reopensAt(l.id, epoch) };
  });
  const rec = new SimRecorder(epoch, lanes, o.policy);
  const exitQueue = { exit: 0, entry: 0 };
  const lastCross = { exit: 0, entry: 0 };
  let paceAt: number | null = null;
  /** Call-up deadlines on the agenda → the trips that were called with them. */
  const expiries = new Map<number, string[]>();

  const apply = (events: GateEvent[]) => {
    for (const e of events) {
      const before = e.trip ? rec.placement(e.trip.id) : undefined;
      rec.onEvent(e);
      if (!e.trip) continue;
      if (before?.state === 'exit_queue') exitQueue[before.direction]--;
      if (e.trip.state === 'exit_queue') exitQueue[e.trip.direction]++;
      if (e.type === 'trip_crossed') lastCross[e.trip.direction] = e.at;
      if (e.type === 'trip_called') onCalled(e);
    }
    schedulePace();
  };
  const send = async (...calls: GateCall[]) => {
    const r = await gate.send(...calls);
    apply(r.events);
    return r.results;
  };

  const onCalled = (e: GateEvent) => {
    const run = runs.get(e.trip!.id);
    if (!run) return;
    const token = ++run.token;
    const deadline = e.trip!.deadline;
    if (deadline !== null) {
      const due = expiries.get(deadline);
      if (due) due.push(e.trip!.id);
      else {
        expiries.set(deadline, [e.trip!.id]);
        agenda.push(deadline, { kind: 'expire' });
      }
    }
    if (!run.reachedLane && run.truck.noShow) return; // never comes: the deadline makes it a no-show
    let travel = run.reachedLane ? run.truck.betweenLanesMs : run.truck.yardToLaneMs;
    if (!run.reachedLane && !run.lateUsed) {
      travel += run.truck.lateExtraMs;
      run.lateUsed = true;
    }
    agenda.push(e.at + travel, { kind: 'atLane', tripId: e.trip!.id, laneId: e.lane!.id, token });
  };

  // Crossings: a tick when the far side can take the next truck, only while the gate is open.
  const schedulePace = () => {
    if (exitQueue.exit + exitQueue.entry === 0) return;
    let at = Number.POSITIVE_INFINITY;
    for (const d of ['exit', 'entry'] as const) {
      if (exitQueue[d] === 0) continue;
      const cap = o.policy.crossCapPerHour[d];
      at = Math.min(at, cap > 0 ? lastCross[d] + Math.ceil(HOUR / cap) : gate.now);
    }
    at = Math.max(at, gate.now);
    if (!isOpenHour(at)) at = nextOpening(at);
    if (paceAt !== null && paceAt <= at) return;
    paceAt = at;
    agenda.push(at, { kind: 'pace' });
  };
  const nextOpening = (at: number) => {
    const day = Math.floor((at - epoch) / (24 * HOUR));
    const today = epoch + day * 24 * HOUR + openHour * HOUR;
    return at < today ? today : today + 24 * HOUR;
  };

  const outage = (at: number) => scenario.disruptions.find((d) =>
    d.kind === 'customs_outage' && at >= epoch + d.fromHour * HOUR && at < epoch + d.toHour * HOUR);

  const handlers = {
    arrival: async ({ truck }: { truck: SimTruck }) => {
      const customs = outage(gate.now);
      const run: TruckRun = { truck, token: 0, reachedLane: false, lateUsed: false, customsPending: !!customs, heldFor: null, labDone: false };
      runs.set(truck.id, run);
      rec.arrived(truck.id, truck.priorityClass, gate.now);
      // Without a customs decision the documents are checked at the gate first (stagesFor(null)).
      const stages = customs ? stagesFor({ channel: null, plantOrAnimal: truck.plantOrAnimal }) : truck.stages;
      const [r] = await send((s) => s.checkIn({
        tripId: truck.id, plate: truck.plate, direction: truck.direction, priorityClass: truck.priorityClass, stages, actor: 'sim:operator',
      }));
      if (customs?.kind === 'customs_outage') {
        agenda.push(epoch + customs.toHour * HOUR + truck.customsDelayMs, { kind: 'customsDecision', tripId: truck.id });
      }
      if (o.measureEta !== false && r?.ok && r.trip?.state === 'queued') {
        const status = await gate.scheduler.tripStatus(truck.id, gate.now);
        if (status?.eta) rec.eta(truck.id, gate.now + status.eta.expectedMs);
      }
    },
    atLane: async (ev: { tripId: string; laneId: string; token: number }) => {
      const run = runs.get(ev.tripId)!;
      const p = rec.placement(ev.tripId);
      if (run.token !== ev.token || p?.state !== 'called' || p.laneId !== ev.laneId) return; // re-called meanwhile
      const meta = { tripId: ev.tripId, laneId: ev.laneId, actor: 'sim:operator' };
      const [arrived, started] = await send((s) => s.arriveAtLane(meta), (s) => s.startInspection(meta));
      if (!arrived?.ok || !started?.ok || !p.stage) return;
      run.reachedLane = true;
      agenda.push(gate.now + run.truck.serviceMs[p.stage], { ...ev, kind: 'complete' });
    },
    complete: async (ev: { tripId: string; laneId: string; token: number }) => {
      const run = runs.get(ev.tripId)!;
      const p = rec.placement(ev.tripId);
      if (run.token !== ev.token || p?.state !== 'inspecting' || p.laneId !== ev.laneId) return;
      const outcome = decideOutcome(run, p.stage!);
      if (outcome === 'held' && run.heldFor === 'lab') agenda.push(gate.now + run.truck.labHoldMs, { kind: 'labResult', tripId: ev.tripId });
      await send((s) => s.complete({ tripId: ev.tripId, laneId: ev.laneId, outcome, actor: 'sim:operator' }));
    },
    customsDecision: async ({ tripId }: { tripId: string }) => {
      const run = runs.get(tripId)!;
      run.customsPending = false;
      const p = rec.placement(tripId);
      if (!p || !['queued', 'called', 'at_lane', 'inspecting', 'held', 'exit_queue'].includes(p.state)) return;
      const calls: GateCall[] = [(s) => s.setStages({ tripId, stages: run.truck.stages, actor: 'agency:customs' })];
      if (run.heldFor === 'customs' && p.state === 'held') {
        calls.push((s) => s.releaseHold({ tripId, reason: 'customs channel decided', actor: 'agency:customs' }));
        run.heldFor = null;
      }
      await send(...calls);
    },
    labResult: async ({ tripId }: { tripId: string }) => {
      const run = runs.get(tripId)!;
      if (run.heldFor !== 'lab' || rec.placement(tripId)?.state !== 'held') return;
      run.heldFor = null;
      await send((s) => s.releaseHold({ tripId, reason: 'quarantine lab result: cleared', actor: 'agency:quarantine' }));
    },
    expire: async (at: number) => {
      const due = expiries.get(at) ?? [];
      expiries.delete(at);
      // The tick is what a timer does every second; sent only when a truck is really overdue.
      if (due.some((id) => { const p = rec.placement(id); return p?.state === 'called' && p.deadline === at; })) {
        apply(await gate.tick('expireCallUps'));
      }
    },
    pace: async (at: number) => {
      if (paceAt !== at) return; // superseded by an earlier tick
      paceAt = null;
      apply(await gate.tick('paceCrossings'));
    },
    lanes: async () => {
      const calls: GateCall[] = [];
      for (const lane of lanes) {
        const status = desiredStatus(lane.id, gate.now);
        if (rec.lanes.get(lane.id)?.status !== status) {
          calls.push((s) => s.setLaneStatus({
            laneId: lane.id, status, reason: status === 'open' || status === 'closed' ? 'opening hours' : 'disruption', actor: 'sim:operator',
            reopensAt: status === 'open' ? null : reopensAt(lane.id, gate.now),
          }));
        }
      }
      if (calls.length) await send(...calls);
    },
  };

  const decideOutcome = (run: TruckRun, stage: Stage): InspectionOutcome => {
    if (stage === 'documents' && run.customsPending) {
      run.heldFor = 'customs';
      return 'held';
    }
    if (stage === 'quarantine' && run.truck.labSample && !run.labDone) {
      run.labDone = true;
      run.heldFor = 'lab';
      return 'held';
    }
    if ((stage === 'xray' || stage === 'physical') && run.truck.turnBack) return 'turned_back';
    return 'cleared';
  };

  // The agenda: arrivals, lane status boundaries (opening hours, outages), queue samples.
  for (const truck of o.trucks) agenda.push(epoch + truck.arrivalAt, { kind: 'arrival', truck });
  for (const b of boundaries) if (b > 0 && b < endAt - epoch) agenda.push(epoch + b, { kind: 'lanes' });
  const every = (o.sampleEveryMin ?? 15) * MINUTE;
  for (let at = epoch; at <= endAt; at += every) agenda.push(at, { kind: 'sample' });

  gate.now = epoch;
  await gate.scheduler.configure(lanes, o.policy, { actor: 'sim:setup' });
  apply(await gate.drain());

  while (agenda.size) {
    const next = agenda.pop()!;
    if (next.at > endAt) break;
    gate.now = next.at;
    const ev = next.event;
    switch (ev.kind) {
      case 'arrival': await handlers.arrival(ev); break;
      case 'atLane': await handlers.atLane(ev); break;
      case 'complete': await handlers.complete(ev); break;
      case 'customsDecision': await handlers.customsDecision(ev); break;
      case 'labResult': await handlers.labResult(ev); break;
      case 'expire': await handlers.expire(next.at); break;
      case 'pace': await handlers.pace(next.at); break;
      case 'lanes': await handlers.lanes(); break;
      case 'sample':
        rec.sample(gate.now);
        o.onProgress?.((gate.now - epoch) / HOUR);
        break;
    }
  }
  rec.finish(endAt);
  return { recorder: rec, lanes, epoch, endAt, commands: gate.commands, events: gate.eventsRead, wallMs: performance.now() - started };
}
