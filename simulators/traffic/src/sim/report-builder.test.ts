import { describe, expect, it } from 'vitest';
import { ZSimPolicyRunSchema, DEFAULT_POLICY, type SimPolicyRun } from '@borderflow/contracts';
import { compareRuns, etaStats, waitStats } from './report-builder.ts';

const MIN = 60_000;

describe('report builder', () => {
  it('summarises waits in minutes', () => {
    expect(waitStats([])).toEqual({ count: 0, meanMin: null, p50Min: null, p90Min: null, p99Min: null, maxMin: null });
    const w = waitStats(Array.from({ length: 100 }, (_, i) => (i + 1) * MIN));
    expect(w).toEqual({ count: 100, meanMin: 50.5, p50Min: 50, p90Min: 90, p99Min: 99, maxMin: 100 });
  });

  it('measures ETA error as predicted − actual, absolute and relative to the actual wait', () => {
    const e = etaStats([
      { predictedMs: 10 * MIN, actualMs: 20 * MIN }, // −10, 50 %
      { predictedMs: 30 * MIN, actualMs: 20 * MIN }, // +10, 50 %
      { predictedMs: 40 * MIN, actualMs: 40 * MIN }, // 0
      { predictedMs: 0, actualMs: 100 * MIN }, // −100, 100 %
    ]);
    expect(e.samples).toBe(4);
    expect(e.absErrorP50Min).toBe(10);
    expect(e.absErrorP90Min).toBe(100);
    expect(e.meanErrorMin).toBe(-25);
    expect(e.relErrorP50).toBe(0.5);
    expect(e.relErrorP90).toBe(1);
    expect(e.medianAbsErrorOverMedianWait).toBe(0.5); // 10 / 20
    expect(e.points).toEqual([[10, 20], [30, 20], [40, 40], [0, 100]]);
    expect(etaStats([]).absErrorP50Min).toBeNull();
  });

  it('compares runs side by side with the baseline first', () => {
    const run = (id: string, crossed: number, p50: number): SimPolicyRun => ZSimPolicyRunSchema.parse({
      policy: { id, title: id, config: DEFAULT_POLICY }, wallMs: 1, commands: 1, events: 1,
      trucks: { arrived: 10, crossed, turnedBack: 0, droppedNoShow: 0, inGateAtEnd: 10 - crossed, byClass: { ordinary: 10 } },
      throughputPerHour: [],
      waits: { firstCallUp: { ...waitStats([p50 * MIN]) }, timeInGate: waitStats([]), byClass: { ordinary: waitStats([p50 * MIN]) }, byStage: {} },
      lanes: [], queueLengths: { intervalMin: 15, samples: [] }, eta: etaStats([]),
      fairness: { comparedPairs: 0, overtakes: 0, unexplained: 0, explainedBy: {}, examples: [] }, callUpsByRule: {},
    });
    const rows = compareRuns([run('default', 8, 30), run('fifo', 9, 20)]);
    expect(rows.find((r) => r.metric === 'trucks crossed')).toMatchObject({ values: { default: 8, fifo: 9 }, lowerIsBetter: false });
    expect(rows.find((r) => r.metric === 'ordinary wait p50')).toMatchObject({ values: { default: 30, fifo: 20 }, lowerIsBetter: true });
    expect(rows.find((r) => r.metric === 'ETA |error| p50')?.values).toEqual({ default: null, fifo: null });
  });
});
