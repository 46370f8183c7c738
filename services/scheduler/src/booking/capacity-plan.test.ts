import { describe, expect, it } from 'vitest';
import { KIM_THANH_LANES } from '../kim-thanh-lanes.ts';
import { capacityFor, defaultCapacityPlan, missingTemplates, walkInAllowed, walkInLimits } from './capacity-plan.ts';
import { drawOrder } from './fair-release.ts';

describe('capacity plan', () => {
  const plan = defaultCapacityPlan(KIM_THANH_LANES);

  it('derives slots from the lanes and their service rates, open 07–22', () => {
    // 60 / (2 + 3.5) min = 10 trucks an hour per lane, less the 20 % walk-in share.
    expect(capacityFor(plan, '2026-12-07', 9, 'exit', 'perishable')).toBe(8);
    expect(capacityFor(plan, '2026-12-07', 9, 'exit', 'ordinary')).toBe(12);
    expect(capacityFor(plan, '2026-12-07', 9, 'exit', 'empty_return')).toBe(3);
    expect(capacityFor(plan, '2026-12-07', 9, 'entry', 'ordinary')).toBe(19);
    expect(capacityFor(plan, '2026-12-07', 3, 'entry', 'ordinary')).toBe(0);
  });

  it('uses a date exception instead of the weekday, and a planned closure lowers capacity', () => {
    const lychee = { name: 'lychee', slots: structuredClone(plan.templates[0]!.slots) };
    lychee.slots.exit.perishable = lychee.slots.exit.perishable.map((n) => n * 3);
    const withSeason = {
      ...plan,
      templates: [...plan.templates, lychee],
      exceptions: [{ date: '2026-06-10', template: 'lychee' }],
      closures: [{ date: '2026-06-11', fromHour: 8, toHour: 12, direction: 'exit' as const, slotClass: 'ordinary' as const, slots: 5, reason: 'X-ray service' }],
    };
    expect(capacityFor(withSeason, '2026-06-10', 9, 'exit', 'perishable')).toBe(24);
    expect(capacityFor(withSeason, '2026-06-11', 9, 'exit', 'ordinary')).toBe(7);
    expect(capacityFor(withSeason, '2026-06-11', 12, 'exit', 'ordinary')).toBe(12);
    expect(missingTemplates({ ...withSeason, exceptions: [{ date: '2026-01-01', template: 'tet' }] })).toEqual(['tet']);
  });

  it('lets walk-ins take only their share while capacity is left', () => {
    expect(walkInAllowed({ capacity: 8, booked: 0, walkIns: 1 }, 0.2)).toBe(true);
    expect(walkInAllowed({ capacity: 8, booked: 0, walkIns: 2 }, 0.2)).toBe(false);
    expect(walkInAllowed({ capacity: 8, booked: 9, walkIns: 0 }, 0.2)).toBe(true);
    expect(walkInAllowed({ capacity: 8, booked: 10, walkIns: 0 }, 0.2)).toBe(false);
    expect(walkInLimits(8, 0.2)).toEqual({ walkIns: 2, hour: 10 });
    // 21 / 0.7 is 30.000000000000004 in floating point: an hour of 30, not 31.
    expect(walkInLimits(21, 0.3)).toEqual({ walkIns: 9, hour: 30 });
    expect(walkInLimits(9, 0.2)).toEqual({ walkIns: 3, hour: 12 });
    expect(walkInLimits(0, 0.2)).toEqual({ walkIns: 0, hour: 0 });
  });
});

describe('fair release', () => {
  const reqs = Array.from({ length: 50 }, (_, i) => ({ accountId: `a${i % 10}`, requestId: `r${i}` }));
  it('draws the same order from the same seed, another from another', () => {
    expect(drawOrder(reqs, 's1')).toEqual(drawOrder([...reqs].reverse(), 's1'));
    expect(drawOrder(reqs, 's1')).not.toEqual(drawOrder(reqs, 's2'));
  });
});
