import { describe, expect, it } from 'vitest';
import type { CapacityPlan, PlanWhatIfReport } from '@borderflow/contracts';
import { draftIssue, scalePlan, whatIfRows } from './what-if-model.ts';

const hours = (n: number) => Array.from({ length: 24 }, (_, h) => (h >= 7 && h < 19 ? n : 0));
const PLAN: CapacityPlan = {
  templates: [{ name: 'weekday', slots: { exit: { ordinary: hours(10), perishable: hours(3), empty_return: hours(1) }, entry: { ordinary: hours(5), perishable: hours(0), empty_return: hours(2) } } }],
  week: Array.from({ length: 7 }, () => 'weekday'),
  exceptions: [],
  closures: [{ date: '2026-12-24', fromHour: 8, toHour: 10, direction: 'exit', slotClass: 'ordinary', slots: 2, reason: 'X-ray maintenance' }],
  walkInShare: 0.2,
};

describe('the draft a manager types', () => {
  it('is a plan when it is valid JSON of the contract', () => {
    expect(draftIssue(JSON.stringify(PLAN))).toEqual({ plan: PLAN, issue: null });
  });
  it('names broken JSON, and the first field the contract refuses', () => {
    expect(draftIssue('{"templates": [').issue).toEqual({ kind: 'json' });
    const shortWeek = draftIssue(JSON.stringify({ ...PLAN, week: ['weekday'] }));
    expect(shortWeek.plan).toBeNull();
    expect(shortWeek.issue).toMatchObject({ kind: 'schema', field: 'week' });
    expect(draftIssue('').issue).toBeNull(); // nothing typed yet: no error before the plan loads
  });
});

describe('scaling a plan', () => {
  it('multiplies every template hour, rounding, and keeps closures, week and walk-in share', () => {
    const more = scalePlan(PLAN, 1.3);
    expect(more.templates[0]!.slots.exit.ordinary[8]).toBe(13);
    expect(more.templates[0]!.slots.exit.empty_return[8]).toBe(1);
    expect(more.templates[0]!.slots.entry.perishable[8]).toBe(0);
    expect(more.templates[0]!.slots.exit.ordinary[3]).toBe(0);
    expect(more.closures).toEqual(PLAN.closures);
    expect(more.week).toEqual(PLAN.week);
    expect(scalePlan(PLAN, 0.5).templates[0]!.slots.exit.ordinary[8]).toBe(5);
    expect(PLAN.templates[0]!.slots.exit.ordinary[8]).toBe(10); // the original is untouched
  });
});

describe('the side-by-side figures', () => {
  it('pairs draft and plan in force, with the busiest hour and the bookings left over capacity', () => {
    const side = (utilisation: number, affected: number) => ({
      plannedSlots: 200, arrivals: 120, crossed: 110, utilisation, perLane: {}, leftInGate: 3,
      firstCallUp: { count: 100, meanMin: 10, p50Min: 8, p90Min: 30, p99Min: 50, maxMin: 60 },
      perHour: Array.from({ length: 24 }, (_, hour) => ({ hour, slots: 0, arrived: 0, crossed: 0, utilisation: hour === 9 ? utilisation * 1.5 : null, waitP50Min: null, waitP90Min: null })),
      bookingsAffected: affected,
    });
    const report: PlanWhatIfReport = { version: 1, gate: 'KT', date: '2026-12-24', share: 0.6, seed: 1, publishedVersion: 2, draft: side(0.6, 2), published: side(0.4, 0) };
    const rows = whatIfRows(report);
    expect(rows.find((r) => r.label === 'bookingsAffected')!.values).toEqual([2, 0]);
    expect(rows.find((r) => r.label === 'busiestHour')!.values[0]).toBeCloseTo(0.9);
    expect(rows.find((r) => r.label === 'busiestHour')!.values[1]).toBeCloseTo(0.6);
    expect(rows.map((r) => r.label)).toContain('waitP90');
  });
});
