/**
 * The Kim Thành normal day end to end (runSimulation → report): the scheduler's ETA against the
 * actual first call-up, fairness under every named policy, and a valid report with its HTML.
 *
 * ETA: the issue asks for a median absolute error of at most 15 % of the actual wait. The
 * scheduler's ETA is a lane projection (services/scheduler/src/lane-projection.ts): the lanes of
 * the direction replay the published policy on every truck waiting now and on the trucks expected
 * to arrive (check-in's arrival-interval averages), each call holding a lane for the measured drive
 * (no-shows included) plus the stage's mean service time, and each truck it calls coming back into
 * its route's next stage; a closed lane starts at its announced reopening. On this day (seed 1) the
 * per-truck median of |error| ÷ own wait was 14.6 % before the projection followed routes, 10.3 %
 * since, 8.0 % since the defaults (drive, quarantine) and the shrinking of first measurements. Both readings of the target are asserted on this day; every scenario and seed is checked
 * by eta-accuracy.test.ts (and `npm run bench -- eta`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZSimReportSchema, type SimReport } from '@borderflow/contracts';
import { testRedis, type TestRedis } from '@borderflow/testkit/testing';
import { renderReportHtml } from '@borderflow/contracts';
import { runSimulation } from './run-simulation.ts';
import { loadPolicy, loadScenario } from './scenario-files.ts';

let t: TestRedis;
let normal: SimReport;
let compared: SimReport;

beforeAll(async () => {
  t = testRedis();
  normal = await runSimulation({ redis: t.redis, prefix: t.prefix, scenario: loadScenario('kim-thanh-normal'), policies: [loadPolicy('default')], seed: 1 });
  // The other policies on the first 11 hours of the same day (fairness and the comparison).
  compared = await runSimulation({
    redis: t.redis, prefix: t.prefix, scenario: { ...loadScenario('kim-thanh-normal'), durationHours: 11 },
    policies: ['default', 'fifo', 'perishable-first'].map(loadPolicy), seed: 1, measureEta: false,
  });
}, 120_000);
afterAll(() => t.cleanup());

describe('the Kim Thành normal day', () => {
  it('produces a valid report whose figures add up', () => {
    expect(ZSimReportSchema.parse(normal)).toEqual(normal);
    const run = normal.runs[0]!;
    expect(run.trucks.arrived).toBeGreaterThan(350);
    expect(run.trucks.arrived).toBeLessThan(470);
    expect(run.throughputPerHour.reduce((s, h) => s + h.arrived, 0)).toBe(run.trucks.arrived);
    expect(run.throughputPerHour.reduce((s, h) => s + h.crossed, 0)).toBe(run.trucks.crossed);
    expect(run.trucks.crossed + run.trucks.turnedBack + run.trucks.droppedNoShow + run.trucks.inGateAtEnd).toBe(run.trucks.arrived);
    for (const lane of run.lanes) {
      expect(lane.openMin).toBe(13 * 60); // 07:00–20:00
      expect(lane.busyMin).toBeLessThanOrEqual(lane.occupiedMin);
    }
    expect(run.queueLengths.samples).toHaveLength(24 * 4 + 1);
    const html = renderReportHtml(normal);
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|<link|src="http/);
    // A sentence, not "all but 0 unexplained explained".
    expect(html).toMatch(/all [\d,]+ overtakes are explained by a published rule \([^)]*interleave [\d,]+/);
    expect(html).toContain('None is unexplained.');
    expect(html).not.toMatch(/all but|0 unexplained/);
  });

  it('renders the report in Vietnamese and Chinese: words, sentences and number formats', () => {
    const vi = renderReportHtml(compared, 'vi');
    expect(vi).toContain('<html lang="vi">');
    for (const words of ['Công bằng', 'Lưu lượng theo giờ', 'So sánh các chính sách', 'xe đã qua biên', 'Tỷ lệ sử dụng làn', 'chờ soi chiếu']) expect(vi).toContain(words);
    expect(vi).toMatch(/cả \d{1,3}(\.\d{3})* lượt vượt đều được giải thích bằng một quy tắc đã công bố \([^)]*xen kẽ \d/);
    expect(vi).toContain('Không có lượt nào không giải thích được.');
    const zh = renderReportHtml(compared, 'zh');
    expect(zh).toContain('<html lang="zh">');
    for (const words of ['公平性', '每小时通行量', '策略对比', '已通关车辆', '等待X光查验']) expect(zh).toContain(words);
    expect(zh).toMatch(/全部 [\d,]+ 次超越均可由已公布的规则解释（[^）]*交替 \d/);
    // Scenario and policy titles from their files' translations.
    expect(vi).toContain('<h1>Kim Thành, một ngày bình thường</h1>');
    expect(vi).toContain('Chính sách: Ưu tiên hàng tươi sống');
    expect(zh).toContain('<h1>金城口岸，普通的一天</h1>');
    // No English sentence, heading or title is left in either.
    for (const page of [vi, zh]) {
      expect(page).not.toMatch(/Throughput|Fairness|Lanes<|overtake|explained|Policies side by side|trucks\/hour|waiting for|normal day|Published policy|Perishables first/);
    }
  });

  it('has no overtake the published policy does not explain, under every named policy', () => {
    expect(normal.runs[0]!.fairness.unexplained).toBe(0);
    expect(normal.runs[0]!.fairness.overtakes).toBeGreaterThan(0); // the check had something to check
    for (const run of compared.runs) expect({ policy: run.policy.id, ...run.fairness }).toMatchObject({ unexplained: 0 });
    const fifo = compared.runs.find((r) => r.policy.id === 'fifo')!;
    // Everyone waiting is aged after 1 ms, so the oldest place in line goes first: plain FIFO. Only a
    // truck that became ready in the very millisecond a lane freed is picked by the pattern.
    const calls = Object.values(fifo.callUpsByRule).reduce((s, n) => s + n, 0);
    expect(fifo.callUpsByRule.interleave ?? 0).toBeLessThanOrEqual(calls * 0.01);
    expect(fifo.callUpsByRule.aging).toBeGreaterThan(calls * 0.5);
    expect(compared.comparison?.baseline).toBe('default');
    expect(compared.comparison?.rows.find((r) => r.metric === 'trucks crossed')?.values).toHaveProperty('perishable-first');
  });

  it('measures the scheduler ETA against the actual first call-up (p50 and p90)', () => {
    const eta = normal.runs[0]!.eta;
    console.log(`normal day ETA: ${eta.samples} trucks; |error| p50 ${eta.absErrorP50Min} min, p90 ${eta.absErrorP90Min} min; `
      + `relative p50 ${eta.relErrorP50}, p90 ${eta.relErrorP90}; mean error ${eta.meanErrorMin} min; `
      + `median |error| / median wait ${eta.medianAbsErrorOverMedianWait}`);
    expect(eta.samples).toBeGreaterThan(200);
    expect(eta.absErrorP50Min!).toBeLessThanOrEqual(eta.absErrorP90Min!);
    expect(eta.relErrorP50!).toBeLessThanOrEqual(eta.relErrorP90!);
    expect(eta.points.length).toBe(Math.min(eta.samples, eta.points.length));
  });

  it('predicts the first call-up within 15 % of the actual wait (median), and reports p90', () => {
    const eta = normal.runs[0]!.eta;
    expect(eta.medianAbsErrorOverMedianWait!).toBeLessThanOrEqual(0.15);
    expect(eta.absErrorP90Min!).toBeLessThanOrEqual(60);
    // Per truck (|error| ÷ that truck's wait): 0.080 on this seed (0.140 on seed 2, see the header).
    expect(eta.relErrorP50!).toBeLessThanOrEqual(0.15);
    console.info(`ETA error: per-truck p50 ${eta.relErrorP50}, p90 ${eta.relErrorP90 ?? '?'}; abs p90 ${eta.absErrorP90Min} min`);
    expect(Math.abs(eta.meanErrorMin!)).toBeLessThanOrEqual(10); // no systematic bias either way
  });
});
