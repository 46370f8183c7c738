/**
 * A capacity plan as a what-if, before a manager publishes it: one simulated day through the real
 * scheduler with arrivals drawn from the plan's slots (each booked slot a truck, at the given
 * share of the plan), reporting how busy the lanes were. Too many slots show as a backlog at the
 * end of the day; too few as idle lanes.
 */
import type { Cluster, Redis } from 'ioredis';
import { DEFAULT_POLICY, SLOT_CLASSES, ZSimScenarioSchema, type CapacityPlan, type PlanWhatIfOutcome, type PolicyConfig } from '@borderflow/contracts';
import { capacityFor, GateScheduler } from '@borderflow/scheduler';
import { simulateGateDay } from './gate-simulation.ts';
import { loadScenario } from './scenario-files.ts';
import { drawTrucks } from './sim-truck.ts';
import { waitStats } from './report-builder.ts';
import { percentile } from './statistics.ts';

const HOUR_MS = 3_600_000;

export interface PlanWhatIfOptions {
  redis: Redis | Cluster;
  prefix: string;
  plan: CapacityPlan;
  /** Local date of the day to run ('YYYY-MM-DD'): its template, exceptions and closures apply. */
  date: string;
  /** Share of the planned slots that turn up (default 0.6, the demo's utilisation). */
  share?: number;
  seed?: number;
  policy?: PolicyConfig;
  /** Called with the simulated hours done (0..24). */
  onProgress?: (hoursDone: number) => void;
}

/** The contracts' outcome: whole-day figures and, per local hour, slots, arrivals, lane utilisation and waits. */
export type PlanWhatIfResult = PlanWhatIfOutcome;

/**
 * @example
 * const r = await planWhatIf({ redis, prefix: 'sim:plan:', plan: defaultCapacityPlan(KIM_THANH_LANES), date: '2026-06-15' });
 * r.utilisation // e.g. 0.4
 */
export async function planWhatIf(o: PlanWhatIfOptions): Promise<PlanWhatIfResult> {
  const hourly = (direction: 'exit' | 'entry') => Array.from({ length: 24 }, (_, h) => SLOT_CLASSES.reduce((n, c) => n + capacityFor(o.plan, o.date, h, direction, c), 0));
  const exit = hourly('exit');
  const entry = hourly('entry');
  const profile = exit.map((n, h) => n + entry[h]!);
  const plannedSlots = profile.reduce((a, b) => a + b, 0);
  if (plannedSlots === 0) throw new Error(`the plan offers no slots on ${o.date}`);
  const base = loadScenario('kim-thanh-normal');
  const open = profile.findIndex((n) => n > 0);
  const close = 24 - [...profile].reverse().findIndex((n) => n > 0);
  const scenario = ZSimScenarioSchema.parse({
    ...base, id: 'plan-what-if', title: `Capacity plan on ${o.date}`, date: o.date, durationHours: 24, disruptions: [],
    openingHours: { openHour: open, closeHour: close },
    arrivals: { trucksPerDay: Math.max(1, Math.round(plannedSlots * (o.share ?? 0.6))), hourlyProfile: profile, exitShare: exit.reduce((a, b) => a + b, 0) / plannedSlots },
  });
  const trucks = drawTrucks(scenario, o.seed ?? 1);
  let r;
  try {
    r = await simulateGateDay({
      redis: o.redis, prefix: o.prefix, scenario, policy: o.policy ?? DEFAULT_POLICY, trucks, measureEta: false,
      ...(o.onProgress ? { onProgress: o.onProgress } : {}),
    });
  } finally {
    // The day's gate lives under the run's own prefix; nothing of it is needed once measured.
    await new GateScheduler({ redis: o.redis, gate: scenario.gate, prefix: o.prefix }).deleteGateKeys();
  }
  const rec = r.recorder;
  const lanes = [...rec.lanes.entries()];
  const busy = lanes.reduce((n, [, l]) => n + l.busyMs, 0);
  const openMs = lanes.reduce((n, [, l]) => n + l.openMs, 0);
  // Arrival → first call-up, by the local hour the truck arrived in (trucks never called are left out).
  const waits = Array.from({ length: 24 }, (): number[] => []);
  const allWaits: number[] = [];
  for (const t of rec.trucks.values()) {
    if (t.firstCalledAt === null) continue;
    const wait = t.firstCalledAt - t.arrivedAt;
    allWaits.push(wait);
    waits[Math.min(23, Math.max(0, Math.floor((t.arrivedAt - r.epoch) / HOUR_MS)))]!.push(wait);
  }
  const minutes = (ms: number | null) => (ms === null ? null : Math.round(ms / 6_000) / 10);
  const perHour = profile.map((slots, hour) => {
    const sorted = waits[hour]!.sort((a, b) => a - b);
    const open = rec.openMsByHour[hour] ?? 0;
    return {
      hour, slots,
      arrived: rec.hours[hour]?.arrived ?? 0,
      crossed: rec.hours[hour]?.crossed ?? 0,
      utilisation: open > 0 ? Math.min(1, (rec.busyMsByHour[hour] ?? 0) / open) : null,
      waitP50Min: minutes(percentile(sorted, 0.5)),
      waitP90Min: minutes(percentile(sorted, 0.9)),
    };
  });
  return {
    plannedSlots,
    arrivals: trucks.length,
    crossed: rec.hours.reduce((n, h) => n + h.crossed, 0),
    utilisation: openMs > 0 ? Math.min(1, busy / openMs) : 0,
    perLane: Object.fromEntries(lanes.map(([id, l]) => [id, l.openMs > 0 ? Math.min(1, l.busyMs / l.openMs) : 0])),
    leftInGate: rec.inGate(),
    firstCallUp: waitStats(allWaits),
    perHour,
  };
}
