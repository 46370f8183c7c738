/**
 * The capacity plan page's pure parts: reading the draft a manager typed (JSON, checked against the
 * contract), scaling a plan's slots, and the figures shown side by side (draft, plan in force).
 */
import { ZCapacityPlanSchema, type CapacityPlan, type PlanWhatIfReport } from '@borderflow/contracts';

export type DraftIssue = { kind: 'json' } | { kind: 'schema'; field: string; message: string };

/**
 * The draft as a plan, or what is wrong with it (the first problem, with its field).
 *
 * @example draftIssue('{').issue // { kind: 'json' }
 */
export function draftIssue(text: string): { plan: CapacityPlan | null; issue: DraftIssue | null } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { plan: null, issue: text.trim() === '' ? null : { kind: 'json' } };
  }
  const parsed = ZCapacityPlanSchema.safeParse(json);
  if (parsed.success) return { plan: parsed.data, issue: null };
  const first = parsed.error.issues[0]!;
  return { plan: null, issue: { kind: 'schema', field: first.path.join('.') || 'plan', message: first.message } };
}

/**
 * Every template's slots times `factor`, rounded (closures and exceptions kept).
 *
 * @example scalePlan(plan, 1.3) // 30 % more slots in every hour
 */
export function scalePlan(plan: CapacityPlan, factor: number): CapacityPlan {
  const scaled = (hours: number[]) => hours.map((n) => Math.max(0, Math.round(n * factor)));
  return {
    ...plan,
    templates: plan.templates.map((tpl) => ({
      ...tpl,
      slots: Object.fromEntries(Object.entries(tpl.slots).map(([direction, classes]) => [
        direction, Object.fromEntries(Object.entries(classes).map(([cls, hours]) => [cls, scaled(hours)])),
      ])) as CapacityPlan['templates'][number]['slots'],
    })),
  };
}

export type WhatIfRowLabel = 'slots' | 'arrivals' | 'crossed' | 'utilisation' | 'busiestHour' | 'waitP50' | 'waitP90' | 'leftInGate' | 'bookingsAffected';

export interface WhatIfRow {
  label: WhatIfRowLabel;
  kind: 'count' | 'minutes' | 'ratio';
  /** [draft, plan in force]. */
  values: [number | null, number | null];
}

/**
 * @example whatIfRows(report).find((r) => r.label === 'bookingsAffected')?.values // [1, 0]
 */
export function whatIfRows(report: PlanWhatIfReport): WhatIfRow[] {
  type Side = PlanWhatIfReport['draft'];
  const row = (label: WhatIfRowLabel, kind: WhatIfRow['kind'], pick: (s: Side) => number | null): WhatIfRow =>
    ({ label, kind, values: [pick(report.draft), pick(report.published)] });
  return [
    row('slots', 'count', (s) => s.plannedSlots),
    row('arrivals', 'count', (s) => s.arrivals),
    row('crossed', 'count', (s) => s.crossed),
    row('utilisation', 'ratio', (s) => s.utilisation),
    row('busiestHour', 'ratio', (s) => Math.max(0, ...s.perHour.map((h) => h.utilisation ?? 0))),
    row('waitP50', 'minutes', (s) => s.firstCallUp.p50Min),
    row('waitP90', 'minutes', (s) => s.firstCallUp.p90Min),
    row('leftInGate', 'count', (s) => s.leftInGate),
    row('bookingsAffected', 'count', (s) => s.bookingsAffected),
  ];
}
