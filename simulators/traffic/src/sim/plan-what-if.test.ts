import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultCapacityPlan, KIM_THANH_LANES } from '@borderflow/scheduler';
import { testRedis, type TestRedis } from '@borderflow/testkit/testing';
import { planWhatIf } from './plan-what-if.ts';

let t: TestRedis;
beforeEach(() => {
  t = testRedis();
});
afterEach(() => t.cleanup());

describe('a capacity plan as a what-if', () => {
  it('runs a day with arrivals drawn from the plan and reports lane utilisation; more slots, busier lanes', async () => {
    const plan = defaultCapacityPlan(KIM_THANH_LANES);
    const light = await planWhatIf({ redis: t.redis, prefix: `${t.prefix}a:`, plan, date: '2026-06-15', share: 0.3 });
    expect(light.plannedSlots).toBeGreaterThan(300);
    expect(light.arrivals).toBeGreaterThan(0);
    expect(light.utilisation).toBeGreaterThan(0);
    expect(light.utilisation).toBeLessThanOrEqual(1);
    const heavy = await planWhatIf({ redis: t.redis, prefix: `${t.prefix}b:`, plan, date: '2026-06-15', share: 0.9 });
    expect(heavy.utilisation).toBeGreaterThan(light.utilisation);
    // Per local hour: the plan's slots, every arrival once, utilisation only while lanes are open, waits of the called.
    for (const r of [light, heavy]) {
      expect(r.perHour.map((h) => h.hour)).toEqual([...Array(24).keys()]);
      expect(r.perHour.reduce((n, h) => n + h.slots, 0)).toBe(r.plannedSlots);
      expect(r.perHour.reduce((n, h) => n + h.arrived, 0)).toBe(r.arrivals);
      const closed = r.perHour.filter((h) => h.slots === 0);
      expect(closed.length).toBeGreaterThan(0);
      for (const h of closed) expect(h.arrived).toBe(0);
      const open = r.perHour.filter((h) => h.utilisation !== null);
      expect(open.length).toBeGreaterThan(6);
      for (const h of open) expect(h.utilisation).toBeLessThanOrEqual(1);
      expect(r.firstCallUp.count).toBeGreaterThan(0);
      expect(r.perHour.some((h) => h.waitP50Min !== null)).toBe(true);
    }
    const busiest = (r: typeof light) => Math.max(...r.perHour.map((h) => h.utilisation ?? 0));
    expect(busiest(heavy)).toBeGreaterThan(busiest(light));
    expect(heavy.firstCallUp.p90Min!).toBeGreaterThanOrEqual(light.firstCallUp.p90Min!);
  }, 240_000);
});
