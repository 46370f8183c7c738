/**
 * The day simulation through the real scheduler: work conservation under saturation (against
 * the lanes' open time), determinism for a seed, and the disruptions of the scenario files
 * (a lane in maintenance, the far side's cap, a customs outage) doing what they say.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, ZSimScenarioSchema, type SimScenario, type SimScenarioInput, type Stage } from '@borderflow/contracts';
import { GateScheduler } from '@borderflow/scheduler';
import { testRedis, type TestRedis } from '@borderflow/testkit/testing';
import { createRandom } from '../random.ts';
import { effectivePolicy, simulateGateDay } from './gate-simulation.ts';
import { loadPolicy, loadScenario, policyConfig } from './scenario-files.ts';
import { drawTrucks, type SimTruck } from './sim-truck.ts';

const HOUR = 3_600_000;
const MINUTE = 60_000;

let t: TestRedis;
beforeEach(() => {
  t = testRedis();
});
afterEach(() => t.cleanup());

/** A scenario whose trucks the test supplies itself (only hours and disruptions matter). */
function scenario(over: Partial<SimScenarioInput>): SimScenario {
  return ZSimScenarioSchema.parse({
    ...loadScenario('kim-thanh-normal'),
    id: 'test-saturation', durationHours: 12, openingHours: { openHour: 0, closeHour: 10 }, disruptions: [], ...over,
  });
}

/**
 * A backlog larger than the gate can serve in the day: every lane (the perishable lane too) always
 * has a truck it may take. One documents stage of 8–12 min, no travel, nobody late or absent.
 */
function backlog(seed: number): SimTruck[] {
  const rnd = createRandom(seed);
  const kinds = [
    ...Array.from({ length: 300 }, () => ['exit', 'ordinary'] as const),
    ...Array.from({ length: 150 }, () => ['exit', 'perishable'] as const),
    ...Array.from({ length: 300 }, () => ['entry', 'ordinary'] as const),
  ];
  return kinds.map(([direction, priorityClass], index) => {
    const serviceMs = { documents: Math.round(rnd.between(8, 12) * MINUTE) } as Record<Stage, number>;
    return {
      index, id: `S${index}`, plate: `24C${String(index).padStart(5, '0')}`, direction, priorityClass,
      perishable: priorityClass === 'perishable', plantOrAnimal: false, channel: 'yellow', stages: ['documents'],
      arrivalAt: index * 1_000, serviceMs, yardToLaneMs: 0, betweenLanesMs: 0, noShow: false, lateExtraMs: 0,
      labSample: false, labHoldMs: 0, turnBack: false, customsDelayMs: 0,
    };
  });
}

describe('a simulated day through the real scheduler', () => {
  it('conserves work under saturation: busy time = open time, within one service time per lane', async () => {
    const s = scenario({
      disruptions: [
        { kind: 'lane_outage', laneId: 'KT-X2', status: 'maintenance', fromHour: 2, toHour: 5, reason: 'X-ray maintenance' },
        { kind: 'lane_outage', laneId: 'KT-N1', status: 'closed', fromHour: 6, toHour: 7.5, reason: 'staff break' },
      ],
    });
    const trucks = backlog(1);
    const r = await simulateGateDay({ redis: t.redis, prefix: t.prefix, scenario: s, policy: DEFAULT_POLICY, trucks, measureEta: false });
    const lanes = [...r.recorder.lanes.values()];
    const capacity = lanes.length * 12 * HOUR;
    // Closed: everyone 10:00–12:00 (opening hours), X2 3 h, N1 1.5 h.
    const closed = lanes.length * 2 * HOUR + 3 * HOUR + 1.5 * HOUR;
    const busy = lanes.reduce((sum, l) => sum + l.busyMs, 0);
    const open = lanes.reduce((sum, l) => sum + l.openMs, 0);
    expect(open).toBe(capacity - closed);
    // A lane that closes finishes its inspection (up to one service time more); none is idle while open.
    expect(Math.abs(busy - (capacity - closed))).toBeLessThanOrEqual(lanes.length * 12 * MINUTE);
    for (const l of lanes) expect(l.busyMs).toBeGreaterThanOrEqual(l.openMs - 12 * MINUTE);
    // Still saturated at the end: the backlog was never exhausted.
    expect(r.recorder.inGate()).toBeGreaterThan(100);
    expect(r.recorder.fairness.summary.unexplained).toBe(0);
  });

  it('is deterministic for a seed: the same trucks and decisions give the same day', async () => {
    const s = { ...loadScenario('kim-thanh-normal'), durationHours: 10 };
    const policy = policyConfig(loadPolicy('default'));
    const day = async (prefix: string) => {
      const r = await simulateGateDay({ redis: t.redis, prefix, scenario: s, policy, trucks: drawTrucks(s, 9), measureEta: false });
      const rec = r.recorder;
      return { hours: rec.hours, samples: rec.samples, rules: rec.callUpsByRule, waits: [...rec.waitsByStage], commands: r.commands };
    };
    const a = await day(`${t.prefix}a:`);
    const b = await day(`${t.prefix}b:`);
    expect(b).toEqual(a);
    expect(a.commands).toBeGreaterThan(500);
    await new GateScheduler({ redis: t.redis, gate: 'KT', prefix: `${t.prefix}a:` }).deleteGateKeys();
    await new GateScheduler({ redis: t.redis, gate: 'KT', prefix: `${t.prefix}b:` }).deleteGateKeys();
  });

  it('keeps a lane in maintenance empty, paces the far side, and holds trucks through a customs outage', async () => {
    const run = async (id: string) => {
      const s = { ...loadScenario(id), durationHours: 14 };
      const policy = effectivePolicy(s, policyConfig(loadPolicy('default')));
      const prefix = `${t.prefix}${id}:`;
      const r = await simulateGateDay({ redis: t.redis, prefix, scenario: s, policy, trucks: drawTrucks(s, 4), measureEta: false });
      return { r, policy, events: await new GateScheduler({ redis: t.redis, gate: 'KT', prefix }).readEvents('0', 100_000) };
    };

    const xray = await run('xray-lane-down-3h');
    const x2 = xray.events.filter((e) => e.lane?.id === 'KT-X2' && e.type === 'inspection_started').map((e) => (e.at - xray.r.epoch) / HOUR);
    expect(x2.some((h) => h < 10)).toBe(true);
    expect(x2.some((h) => h >= 13)).toBe(true);
    expect(x2.filter((h) => h >= 10 && h < 13)).toEqual([]);
    // Open 07:00 until the end of the 14 simulated hours, except 10:00–13:00.
    expect(xray.r.recorder.lanes.get('KT-X2')!.openMs).toBe((14 - 7 - 3) * HOUR);

    const capped = await run('far-side-cap-100');
    expect(capped.policy.crossCapPerHour.exit).toBe(8); // 100/day over 13 opening hours
    const crossings = capped.events.filter((e) => e.type === 'trip_crossed' && e.trip?.direction === 'exit').map((e) => e.at);
    expect(crossings.length).toBeGreaterThan(40);
    for (let i = 1; i < crossings.length; i++) expect(crossings[i]! - crossings[i - 1]!).toBeGreaterThanOrEqual(HOUR / 8);
    expect(capped.r.recorder.samples.at(-1)!.exitQueue).toBeGreaterThan(20);

    const outage = await run('customs-outage');
    const held = outage.events.filter((e) => e.type === 'stage_completed' && e.detail.next === 'trip_held').map((e) => e.trip!.id);
    const released = new Set(outage.events.filter((e) => e.type === 'hold_released').map((e) => e.trip!.id));
    expect(held.length).toBeGreaterThan(10);
    // Every truck held for its missing customs decision got it after 12:00 (+ ≤ 45 min) and went on.
    const customsHeld = outage.events.filter((e) => e.type === 'stages_changed').map((e) => e.trip!.id);
    expect(customsHeld.length).toBeGreaterThan(10);
    for (const e of outage.events.filter((x) => x.type === 'stages_changed')) {
      expect((e.at - outage.r.epoch) / HOUR).toBeGreaterThanOrEqual(12);
      expect((e.at - outage.r.epoch) / HOUR).toBeLessThanOrEqual(12.75);
    }
    expect(held.filter((id) => customsHeld.includes(id)).every((id) => released.has(id))).toBe(true);
    for (const r of [xray, capped, outage]) expect(r.r.recorder.fairness.summary.unexplained).toBe(0);
  });
});
