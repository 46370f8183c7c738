/**
 * The figures of a simulation report the page shows side by side per policy: what crossed,
 * waits, time in the gate, ETA accuracy, fairness. Pure, from the report JSON.
 */
import type { SimReport } from '@borderflow/contracts';
import type { MessageKey } from '../../i18n/messages.ts';

export interface SimSummaryRow {
  label: MessageKey;
  /** 'count' | 'minutes' | 'ratio' decides the formatting. */
  kind: 'count' | 'minutes' | 'ratio';
  /** One value per run (policy), in report order. */
  values: (number | null)[];
  lowerIsBetter: boolean | null;
}

/**
 * @example
 * simSummary(report).find((r) => r.label === 'manager.sim.row.waitP90')?.values; // [42.5, 38.1]
 */
export function simSummary(report: SimReport): SimSummaryRow[] {
  const runs = report.runs;
  const row = (label: MessageKey, kind: SimSummaryRow['kind'], lowerIsBetter: boolean | null, pick: (r: SimReport['runs'][number]) => number | null) =>
    ({ label, kind, lowerIsBetter, values: runs.map(pick) });
  return [
    row('manager.sim.row.arrived', 'count', null, (r) => r.trucks.arrived),
    row('manager.sim.row.crossed', 'count', false, (r) => r.trucks.crossed),
    row('manager.sim.row.inGate', 'count', true, (r) => r.trucks.inGateAtEnd),
    row('manager.sim.row.noShow', 'count', true, (r) => r.trucks.droppedNoShow),
    row('manager.sim.row.waitP50', 'minutes', true, (r) => r.waits.firstCallUp.p50Min),
    row('manager.sim.row.waitP90', 'minutes', true, (r) => r.waits.firstCallUp.p90Min),
    row('manager.sim.row.gateP50', 'minutes', true, (r) => r.waits.timeInGate.p50Min),
    row('manager.sim.row.gateP90', 'minutes', true, (r) => r.waits.timeInGate.p90Min),
    row('manager.sim.row.perishableP90', 'minutes', true, (r) => r.waits.byClass.perishable?.p90Min ?? null),
    row('manager.sim.row.etaError', 'minutes', true, (r) => r.eta.absErrorP50Min),
    row('manager.sim.row.unexplained', 'count', true, (r) => r.fairness.unexplained),
  ];
}

/** Index of the best value of a row (null: no preference, or nothing to compare). */
export function bestIndex(row: SimSummaryRow): number | null {
  if (row.lowerIsBetter === null || row.values.length < 2) return null;
  let best: number | null = null;
  row.values.forEach((v, i) => {
    if (v === null) return;
    const current = best === null ? null : row.values[best]!;
    if (current === null || (row.lowerIsBetter ? v < current : v > current)) best = i;
  });
  return best;
}
