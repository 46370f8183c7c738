// TEMPORARY analysis script (deleted before handing back).
import { Redis } from 'ioredis';
import { simulateGateDay, effectivePolicy } from '../src/sim/gate-simulation.ts';
import { loadScenario, loadPolicy, policyConfig } from '../src/sim/scenario-files.ts';
import { drawTrucks } from '../src/sim/sim-truck.ts';
import { etaStats } from '../src/sim/report-builder.ts';
import { GateScheduler } from '@borderflow/scheduler';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
for (const name of (process.argv[2] ?? 'kim-thanh-normal').split(',')) {
  for (const seed of (process.argv[3] ?? '1').split(',').map(Number)) {
    const scenario = loadScenario(name);
    const prefix = `etascratch:${process.pid}:${seed}:`;
    const r = await simulateGateDay({ redis, prefix, scenario, policy: effectivePolicy(scenario, policyConfig(loadPolicy('default'))), trucks: drawTrucks(scenario, seed) });
    await new GateScheduler({ redis, gate: scenario.gate, prefix }).deleteGateKeys();
    const groups: Record<string, { predictedMs: number; actualMs: number }[]> = { all: [], night: [], day: [] };
    for (const t of r.recorder.trucks.values()) {
      if (t.etaAt === null || t.firstCalledAt === null) continue;
      const s = { predictedMs: t.etaAt - t.arrivedAt, actualMs: t.firstCalledAt - t.arrivedAt };
      const h = ((t.arrivedAt - r.epoch) / 3_600_000) % 24;
      groups.all!.push(s);
      (h < scenario.openingHours.openHour || h >= scenario.openingHours.closeHour ? groups.night! : groups.day!).push(s);
    }
    if (process.env.DETAIL) {
      const byHour = new Map<string, number[][]>();
      for (const t of r.recorder.trucks.values()) {
        if (t.etaAt === null || t.firstCalledAt === null) continue;
        const h = Math.floor((t.arrivedAt - r.epoch) / 3_600_000);
        const key = process.env.DETAIL === 'class' ? t.priorityClass : String(h).padStart(2, '0');
        const l = byHour.get(key) ?? []; l.push([(t.etaAt - t.arrivedAt) / 60000, (t.firstCalledAt - t.arrivedAt) / 60000]); byHour.set(key, l);
      }
      const med = (a: number[]) => { const b = [...a].sort((x, y) => x - y); return Math.round(b[Math.floor(b.length / 2)]!); };
      for (const [h, l] of [...byHour].sort()) console.log(h, 'n', l.length, 'pred', med(l.map((x) => x[0]!)), 'actual', med(l.map((x) => x[1]!)), 'relerr', med(l.map((x) => Math.abs(x[0]! - x[1]!) / x[1]!)).toFixed?.(2), l.map((x) => Math.abs(x[0]! - x[1]!) / x[1]!).sort((a,b)=>a-b)[Math.floor(l.length/2)]!.toFixed(2));
    }
    for (const [g, s] of Object.entries(groups)) {
      const e = etaStats(s);
      console.log(`${name} seed ${seed} ${g.padEnd(5)} n=${e.samples} abs p50 ${e.absErrorP50Min} p90 ${e.absErrorP90Min} rel p50 ${e.relErrorP50} p90 ${e.relErrorP90} mean ${e.meanErrorMin} medAbs/medWait ${e.medianAbsErrorOverMedianWait} wall ${Math.round(r.wallMs)}ms`);
    }
  }
}
redis.disconnect();
