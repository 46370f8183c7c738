/**
 * Turns what a simulated day recorded into the report's shape
 * (ZSimPolicyRunSchema), and several policies' runs into a side-by-side
 * comparison. Durations are minutes rounded to 0.1.
 */
import type {
  PriorityClass, SimComparisonRow, SimPolicyRun, SimWaitStats, Stage,
} from '@borderflow/contracts';
import type { GateSimulationResult } from './gate-simulation.ts';
import { percentile } from './statistics.ts';

const MINUTE = 60_000;
const round1 = (x: number) => Math.round(x * 10) / 10;
const minutes = (ms: number | null) => (ms === null ? null : round1(ms / MINUTE));

/**
 * Count, mean and percentiles of durations given in ms, as minutes.
 * @example waitStats([60_000, 120_000]) // { count: 2, meanMin: 1.5, p50Min: 1, ... }
 */
export function waitStats(ms: readonly number[]): SimWaitStats {
  const sorted = [...ms].sort((a, b) => a - b);
  const mean = sorted.length ? sorted.reduce((s, x) => s + x, 0) / sorted.length : null;
  return {
    count: sorted.length,
    meanMin: minutes(mean),
    p50Min: minutes(percentile(sorted, 0.5)),
    p90Min: minutes(percentile(sorted, 0.9)),
    p99Min: minutes(percentile(sorted, 0.99)),
    maxMin: minutes(sorted.length ? sorted[sorted.length - 1]! : null),
  };
}

export interface EtaSample {
  /** Predicted wait at check-in and the actual wait until the first call-up, ms. */
  predictedMs: number;
  actualMs: number;
}

/** ETA error figures of the report from (predicted, actual) pairs. */
export function etaStats(samples: readonly EtaSample[]): SimPolicyRun['eta'] {
  const abs = samples.map((s) => Math.abs(s.predictedMs - s.actualMs)).sort((a, b) => a - b);
  const rel = samples.filter((s) => s.actualMs > 0).map((s) => Math.abs(s.predictedMs - s.actualMs) / s.actualMs).sort((a, b) => a - b);
  const actual = samples.map((s) => s.actualMs).sort((a, b) => a - b);
  const mean = samples.length ? samples.reduce((s, x) => s + x.predictedMs - x.actualMs, 0) / samples.length : null;
  const medAbs = percentile(abs, 0.5);
  const medActual = percentile(actual, 0.5);
  const step = Math.max(1, Math.ceil(samples.length / 400));
  const r3 = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000);
  return {
    samples: samples.length,
    absErrorP50Min: minutes(medAbs),
    absErrorP90Min: minutes(percentile(abs, 0.9)),
    meanErrorMin: minutes(mean),
    relErrorP50: r3(percentile(rel, 0.5)),
    relErrorP90: r3(percentile(rel, 0.9)),
    medianAbsErrorOverMedianWait: medAbs !== null && medActual ? r3(medAbs / medActual) : null,
    points: samples.filter((_, i) => i % step === 0).map((s) => [round1(s.predictedMs / MINUTE), round1(s.actualMs / MINUTE)] as [number, number]),
  };
}

/** (predicted, actual) waits of the trucks that waited at check-in and were called. */
export function etaSamples(result: GateSimulationResult): EtaSample[] {
  const out: EtaSample[] = [];
  for (const t of result.recorder.trucks.values()) {
    if (t.etaAt !== null && t.firstCalledAt !== null) out.push({ predictedMs: t.etaAt - t.arrivedAt, actualMs: t.firstCalledAt - t.arrivedAt });
  }
  return out;
}

/** One policy's run in the report's shape. */
export function buildPolicyRun(
  result: GateSimulationResult,
  policy: SimPolicyRun['policy'],
): SimPolicyRun {
  const rec = result.recorder;
  const byClass: Partial<Record<PriorityClass, number>> = {};
  const firstWaits: number[] = [];
  const inGate: number[] = [];
  for (const t of rec.trucks.values()) {
    byClass[t.priorityClass] = (byClass[t.priorityClass] ?? 0) + 1;
    if (t.firstCalledAt !== null) firstWaits.push(t.firstCalledAt - t.arrivedAt);
    if (t.crossedAt !== null) inGate.push(t.crossedAt - t.arrivedAt);
  }
  const waitsBy = <K extends string>(map: Map<K, number[]>) => {
    const out: Partial<Record<K, SimWaitStats>> = {};
    for (const [k, v] of map) out[k] = waitStats(v);
    return out;
  };
  return {
    policy,
    wallMs: Math.round(result.wallMs),
    commands: result.commands,
    events: result.events,
    trucks: {
      arrived: rec.trucks.size,
      crossed: inGate.length,
      turnedBack: rec.turnedBack,
      droppedNoShow: rec.droppedNoShow,
      inGateAtEnd: rec.inGate(),
      byClass,
    },
    throughputPerHour: rec.hours.map((h, hour) => ({ hour, ...h })),
    waits: {
      firstCallUp: waitStats(firstWaits),
      timeInGate: waitStats(inGate),
      byClass: waitsBy(rec.waitsByClass),
      byStage: waitsBy(rec.waitsByStage) as Partial<Record<Stage, SimWaitStats>>,
    },
    lanes: [...rec.lanes.values()].map((l) => ({
      laneId: l.lane.id,
      name: l.lane.name,
      busyMin: round1(l.busyMs / MINUTE),
      occupiedMin: round1(l.occupiedMs / MINUTE),
      openMin: round1(l.openMs / MINUTE),
      utilisation: l.openMs > 0 ? Math.min(1, Math.round((l.busyMs / l.openMs) * 1000) / 1000) : 0,
      inspections: l.inspections,
      byStage: l.byStage,
    })),
    queueLengths: { intervalMin: rec.samples.length > 1 ? rec.samples[1]!.minute - rec.samples[0]!.minute : 15, samples: rec.samples },
    eta: etaStats(etaSamples(result)),
    fairness: rec.fairness.summary,
    callUpsByRule: rec.callUpsByRule,
  };
}

/** Side-by-side figures of several runs (same scenario and seed); the first is the baseline. */
export function compareRuns(runs: readonly SimPolicyRun[]): SimComparisonRow[] {
  const row = (metric: string, unit: string, lowerIsBetter: boolean, value: (r: SimPolicyRun) => number | null): SimComparisonRow => ({
    metric, unit, lowerIsBetter, values: Object.fromEntries(runs.map((r) => [r.policy.id, value(r)])),
  });
  const rows: SimComparisonRow[] = [
    row('trucks crossed', 'trucks', false, (r) => r.trucks.crossed),
    row('still in the gate at the end', 'trucks', true, (r) => r.trucks.inGateAtEnd),
    row('wait to first call-up, p50', 'min', true, (r) => r.waits.firstCallUp.p50Min),
    row('wait to first call-up, p90', 'min', true, (r) => r.waits.firstCallUp.p90Min),
    row('time in the gate, p50', 'min', true, (r) => r.waits.timeInGate.p50Min),
    row('time in the gate, p90', 'min', true, (r) => r.waits.timeInGate.p90Min),
  ];
  const classes = new Set(runs.flatMap((r) => Object.keys(r.waits.byClass))) as Set<PriorityClass>;
  for (const cls of classes) {
    rows.push(row(`${cls} wait p50`, 'min', true, (r) => r.waits.byClass[cls]?.p50Min ?? null));
    rows.push(row(`${cls} wait p90`, 'min', true, (r) => r.waits.byClass[cls]?.p90Min ?? null));
  }
  rows.push(row('ETA |error| p50', 'min', true, (r) => r.eta.absErrorP50Min));
  rows.push(row('unexplained overtakes', 'count', true, (r) => r.fairness.unexplained));
  return rows;
}
