/**
 * The ETA's accuracy over scenarios and seeds (issue 16, item 9): the per-truck median relative
 * error (|ETA given at check-in − actual first call-up| ÷ that truck's wait, over every truck that
 * had to wait) must be at most 15 % on every shipped scenario and every seed, the figure
 * `npm run bench -- eta` records.
 *
 * The normal run takes the worst seed of each scenario that has been above the aim (a simulated
 * day each, in virtual time: about 10 s apiece on a loaded 2-core machine); ETA_ALL=1 runs every
 * scenario × seeds 1–5. The simulation is deterministic (seeded trucks, virtual clock), so the
 * figures do not depend on the machine's speed.
 *
 * Every run is within the aim since the ETA's defaults were fixed and the gate's first
 * measurements shrunk towards them (services/scheduler/src/service-time.ts). On 9d32a71, before
 * that, 8 of the 30 runs were above it, among them the three run here by default: customs-outage
 * seed 2 at 0.183, kim-thanh-normal seed 2 at 0.173, xray-lane-down-3h seed 2 at 0.167 (this test
 * failed on that code). customs-outage seed 2, at 0.149, is the closest to the aim.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { testRedis, type TestRedis } from '@borderflow/testkit/testing';
import { runSimulation } from './run-simulation.ts';
import { loadPolicy, loadScenario, simCatalog } from './scenario-files.ts';

const AIM = 0.15;

/** The seeds that were furthest above the aim (far-side-cap-100's first call-ups are the normal day's). */
const SHORT = ['kim-thanh-normal#2', 'customs-outage#2', 'xray-lane-down-3h#2'];
const RUNS = process.env.ETA_ALL === '1'
  ? simCatalog().scenarios.flatMap(({ id }) => [1, 2, 3, 4, 5].map((seed) => `${id}#${seed}`))
  : SHORT;

let t: TestRedis | undefined;
afterAll(() => t?.cleanup());

describe('the ETA given at check-in, against the actual first call-up', () => {
  it.each(RUNS)('%s: per-truck median relative error within 15 %', async (run) => {
    t ??= testRedis();
    const [id, seed] = run.split('#') as [string, string];
    const scenario = loadScenario(id);
    const report = await runSimulation({
      redis: t.redis, prefix: `${t.prefix}${id}:${seed}:`, scenario, policies: [loadPolicy(scenario.policy)], seed: Number(seed), measureEta: true,
    });
    const eta = report.runs[0]!.eta;
    console.info(`ETA ${run}: ${eta.samples} trucks, per-truck median relative error ${eta.relErrorP50} (aim ${AIM})`);
    expect(eta.samples).toBeGreaterThan(200); // every truck that waited counts: none is left out to pass
    expect(eta.relErrorP50).not.toBeNull();
    expect(eta.relErrorP50!).toBeLessThanOrEqual(AIM);
  }, 180_000);
});
