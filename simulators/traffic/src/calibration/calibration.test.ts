import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { backtest, splitIndex, type KnownWait, type PredictionContext } from './backtest.ts';
import { calibrate } from './calibrate.ts';
import { parseQueueCsv, QueueCsvError, type QueueRow } from './echerha-csv.ts';
import { excessGrowth, queueGrowthPerHour } from './queue-drift.ts';
import { fitQueueWait, queueWaitModel, secondsPerTruckNow, trainQueueWaitModel } from './queue-wait-model.ts';
import { syntheticQueueCsv } from './synthetic-queue.ts';

const HERE = import.meta.dirname;
const REPO = resolve(HERE, '../../../..');
/**
 * The development series lives beside the clone (CI has ../shared; a git worktree under wt/ has it
 * one level further up); a second synthetic series stands in without it.
 */
const REAL = ['..', '../..'].map((up) => resolve(REPO, up, 'shared/data/echerha-chop-zahony-trucks-2024-04-to-08.csv')).find((p) => existsSync(p));
const FIXTURE = join(HERE, 'fixtures/synthetic-slowdown.csv');

const goalMet = (r: { wait_mdape: number; baseline_wait_mdape: number }) => r.wait_mdape <= 0.2 && r.wait_mdape <= 0.8 * r.baseline_wait_mdape;

describe('reading eCherha histories', () => {
  const lf = 'checkpoint_time,wait_time,vehicles_in_queue\n' +
    Array.from({ length: 12 }, (_, i) => `2024-04-03 ${String(10 + i).padStart(2, '0')}:02:0${i % 10},${600 * i},${10 + i}`).join('\n') + '\n';

  it('reads LF and CRLF alike, keeps checkpoint_time as written, and sorts by time', () => {
    const a = parseQueueCsv(lf);
    const b = parseQueueCsv(lf.replace(/\n/g, '\r\n'));
    expect(b).toEqual(a);
    expect(a[0]).toEqual({ checkpointTime: '2024-04-03 10:02:00', at: Date.UTC(2024, 3, 3, 10, 2, 0), waitS: 0, queue: 10 });
    const shuffled = lf.split('\n');
    [shuffled[1], shuffled[5]] = [shuffled[5]!, shuffled[1]!];
    expect(parseQueueCsv(shuffled.join('\n'))).toEqual(a);
  });

  it('takes the columns in any order and ignores others', () => {
    const text = 'vehicles_in_queue,note,checkpoint_time,wait_time\n' + Array.from({ length: 10 }, (_, i) => `${i + 1},x,2024-05-0${i % 9 + 1} 0${i % 10}:00:00,${i * 60}`).join('\n');
    expect(parseQueueCsv(text)[0]).toMatchObject({ queue: 1, waitS: 0 });
  });

  it.each([
    ['time,wait_time,vehicles_in_queue\n', /line 1: .*missing checkpoint_time/],
    ['checkpoint_time,wait_time,vehicles_in_queue\n2024-13-01 00:00:00,1,1\n', /line 2: checkpoint_time .*2024-13-01/],
    ['checkpoint_time,wait_time,vehicles_in_queue\n2024-04-03 10:00:00,-5,1\n', /line 2: wait_time must be a whole number/],
    ['checkpoint_time,wait_time,vehicles_in_queue\n2024-04-03 10:00:00,5,\n', /line 2: vehicles_in_queue must be a whole number/],
  ])('names the line and the column of a bad file (%#)', (text, message) => {
    expect(() => parseQueueCsv(text)).toThrow(QueueCsvError);
    expect(() => parseQueueCsv(text)).toThrow(message);
  });

  it('needs at least 10 rows to fit and test', () => {
    expect(() => calibrate(parseQueueCsv('checkpoint_time,wait_time,vehicles_in_queue\n2024-04-03 10:00:00,5,1\n'), 'x')).toThrow(/at least 10 rows/);
  });
});

describe('the predictor never reads a test hour’s wait', () => {
  const rows = parseQueueCsv(readFileSync(FIXTURE, 'utf8'));
  const k = splitIndex(rows.length);
  const scramble = (from: number) => rows.map((r, i) => (i >= from ? { ...r, waitS: (r.waitS * 7919 + 13) % 500_000 } : r));

  it('is built from the training rows; each test hour it gets only times and queues, up to now', () => {
    const seen: PredictionContext[] = [];
    let training: readonly KnownWait[] = [];
    backtest(rows, (t) => {
      training = t;
      return (ctx) => {
        seen.push(ctx);
        return 0;
      };
    });
    expect(training.map((w) => w.at)).toEqual(rows.slice(0, k).map((r) => r.at));
    expect(seen).toHaveLength(rows.length - k);
    for (const ctx of seen) {
      expect(Object.keys(ctx).sort()).toEqual(['at', 'queue', 'queueHistory']);
      expect(ctx.queueHistory.at(-1)).toEqual({ at: ctx.at, queue: ctx.queue });
      expect(ctx.queueHistory.every((o) => Object.keys(o).sort().join() === 'at,queue')).toBe(true);
    }
  });

  it('no test-hour wait changes any prediction', () => {
    const scrambled = backtest(scramble(k), queueWaitModel);
    expect(scrambled).toEqual(backtest(rows, queueWaitModel));
    // …and the scrambling is not a no-op: a training wait does move them.
    expect(backtest(scramble(k - 5), queueWaitModel)).not.toEqual(scrambled);
  });
});

describe('the queue-wait model', () => {
  const HOUR = 3_600_000;
  it('fits wait = L × (queue − c) and falls back to all training waits after a quiet fortnight', () => {
    // 100 busy hours with waits of 500 s per truck beyond 20, then 400 quiet hours (queue 5, no wait).
    const known = [
      ...Array.from({ length: 100 }, (_, i) => ({ at: i * HOUR, queue: 50 + (i % 50), waitS: 500 * (30 + (i % 50)) })),
      ...Array.from({ length: 400 }, (_, i) => ({ at: (100 + i) * HOUR, queue: 5, waitS: 0 })),
    ];
    expect(fitQueueWait(known.slice(0, 100))).toMatchObject({ kind: 'affine', secondsPerTruck: 500, trucksNotWaiting: 20 });
    const at = 500 * HOUR;
    // The queue was flat for the last 72 hours (growth 0, inside the band): L stays 500 s.
    const history = [...known.map(({ at: t, queue }) => ({ at: t, queue })), { at, queue: 5 }];
    expect(queueWaitModel(known)({ at, queue: 120, queueHistory: history })).toBeCloseTo(50_000, 6);
  });

  it('reads the queue’s growth over 72 hours and turns growth beyond the ordinary band into a slower service', () => {
    const climb = Array.from({ length: 80 }, (_, i) => ({ at: i * HOUR, queue: 10 + 2 * i }));
    expect(queueGrowthPerHour(climb)).toBeCloseTo(2, 9);
    expect(excessGrowth(5, { low: -1, high: 1 })).toBe(4);
    expect(excessGrowth(-0.5, { low: -1, high: 1 })).toBe(0);
    const model = { fit: { secondsPerTruck: 180, trucksNotWaiting: 0, rows: 100, kind: 'affine' as const }, band: { low: -1, high: 1 } };
    expect(secondsPerTruckNow(model, 5)).toBeCloseTo(3600 / 16, 9); // 20 trucks/h less the 4 unexplained
    expect(secondsPerTruckNow(model, 0.5)).toBe(180);
    expect(secondsPerTruckNow(model, 1000)).toBeCloseTo(720, 9); // clipped at a quarter of the service
  });
});

describe('calibration', () => {
  it('notices a slowdown from the queue’s own trajectory (synthetic series, service 22 → 15 trucks/h in the test period)', () => {
    const text = readFileSync(FIXTURE, 'utf8');
    expect(text).toBe(syntheticQueueCsv({ seed: 7 })); // the fixture is the generator's, reproducibly
    const r = calibrate(parseQueueCsv(text), 'synthetic-slowdown.csv');
    expect(r.train_hours + r.test_hours).toBe(r.rows);
    expect(goalMet(r)).toBe(true);
    // Without its drift part the model misses the slowdown: the queue's trajectory is what adapts it.
    expect(r.level_only_wait_mdape).toBeGreaterThan(0.2);
    expect(r.wait_mdape).toBeLessThan(r.level_only_wait_mdape / 2);
    expect(trainQueueWaitModel(parseQueueCsv(text).slice(0, r.train_hours)).band.high).toBeLessThan(2);
  });

  it('meets the goal on the development series (or, without ../shared, on a second synthetic series)', () => {
    const [text, name] = REAL
      ? [readFileSync(REAL, 'utf8'), 'echerha-chop-zahony']
      : [syntheticQueueCsv({ seed: 11, days: 30, serviceAfter: 22 }), 'synthetic-steady'];
    const rows: QueueRow[] = parseQueueCsv(text);
    const r = calibrate(rows, name);
    expect(r.train_hours).toBe(Math.floor(rows.length * 0.7));
    expect(r.train_hours + r.test_hours).toBe(rows.length);
    expect(r.predictions).toHaveLength(r.test_hours);
    expect(r.predictions.map((p) => p.checkpoint_time)).toEqual(rows.slice(r.train_hours).map((row) => row.checkpointTime));
    expect(r.predictions.every((p) => Number.isInteger(p.predicted_wait_s) && p.predicted_wait_s >= 0)).toBe(true);
    expect(goalMet(r), JSON.stringify({ wait_mdape: r.wait_mdape, baseline: r.baseline_wait_mdape })).toBe(true);
  });

  it('gives the same output for the same input', () => {
    const text = readFileSync(FIXTURE, 'utf8');
    expect(JSON.stringify(calibrate(parseQueueCsv(text), 'a'))).toBe(JSON.stringify(calibrate(parseQueueCsv(text), 'a')));
  });

  it('the command writes the JSON the issue asks for and the HTML report with the plot', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bf-calibrate-'));
    try {
      const out = join(dir, 'result.json');
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(HERE, '../sim/cli.ts'), 'calibrate', '--observed', FIXTURE, '--out', out], { cwd: REPO });
      expect(stdout).toMatch(/wait MdAPE \d+\.\d %/);
      const json = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
      for (const field of ['train_hours', 'test_hours', 'wait_mdape', 'wait_mae_min', 'baseline_wait_mdape', 'predictions']) expect(json).toHaveProperty(field);
      const html = readFileSync(join(dir, 'result.html'), 'utf8');
      expect(html).toContain('<svg');
      expect(html).toContain('Predicted against observed');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
