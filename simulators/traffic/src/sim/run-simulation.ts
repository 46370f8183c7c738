/**
 * One simulation run as the CLI and the API start it: a scenario, a seed and
 * one or more named policies. Every policy sees the same trucks (drawn once
 * from the seed) on its own Redis key prefix, which is deleted afterwards; the
 * result is a report validated by ZSimReportSchema.
 */
import type { Cluster, Redis } from 'ioredis';
import { ZSimReportSchema, type SimPolicyFile, type SimReport, type SimScenario } from '@borderflow/contracts';
import { GateScheduler } from '@borderflow/scheduler';
import { effectivePolicy, simulateGateDay } from './gate-simulation.ts';
import { buildPolicyRun, compareRuns } from './report-builder.ts';
import { policyConfig } from './scenario-files.ts';
import { drawTrucks } from './sim-truck.ts';

export interface RunSimulationOptions {
  redis: Redis | Cluster;
  /** Base key prefix; policy `p` runs under `<prefix><p>:`. Must not be used by anything else. */
  prefix: string;
  scenario: SimScenario;
  /** The first is the baseline of the comparison. */
  policies: readonly SimPolicyFile[];
  seed: number;
  measureEta?: boolean;
  /** Progress over all policies (0..1), with the policy running and its simulated hours done. */
  onProgress?: (fraction: number, policyId: string, hoursDone: number) => void;
}

/**
 * @example
 * const report = await runSimulation({ redis, prefix: 'sim:42:', scenario: loadScenario('peak'),
 *   policies: [loadPolicy('default'), loadPolicy('fifo')], seed: 42 });
 */
export async function runSimulation(o: RunSimulationOptions): Promise<SimReport> {
  if (!o.policies.length) throw new Error('runSimulation needs at least one policy');
  const started = performance.now();
  const trucks = drawTrucks(o.scenario, o.seed);
  const runs = [];
  for (const [i, file] of o.policies.entries()) {
    const prefix = `${o.prefix}${file.id}:`;
    const config = effectivePolicy(o.scenario, policyConfig(file));
    try {
      const result = await simulateGateDay({
        redis: o.redis, prefix, scenario: o.scenario, policy: config, trucks, measureEta: o.measureEta,
        onProgress: (hours) => o.onProgress?.((i + hours / o.scenario.durationHours) / o.policies.length, file.id, hours),
      });
      runs.push(buildPolicyRun(result, { id: file.id, title: file.title, ...(file.translations ? { translations: file.translations } : {}), config }));
    } finally {
      await new GateScheduler({ redis: o.redis, gate: o.scenario.gate, prefix }).deleteGateKeys();
    }
  }
  const wallMs = performance.now() - started;
  return ZSimReportSchema.parse({
    version: 1,
    scenario: o.scenario,
    seed: o.seed,
    generatedAt: new Date().toISOString(),
    wallMs: Math.round(wallMs),
    trucksPerWallSecond: Math.round((trucks.length * o.policies.length) / (wallMs / 1000)),
    runs,
    comparison: runs.length > 1 ? { baseline: runs[0]!.policy.id, rows: compareRuns(runs) } : null,
  });
}
