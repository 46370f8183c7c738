/**
 * Vitest hooks for scheduler tests, apart from ./testing.ts because benchmarks import that one outside vitest.
 */
import { afterEach, beforeEach } from 'vitest';
import { current, testRedis, type TestRedis } from '@borderflow/testkit/testing';
import type { GateScheduler } from './gate-scheduler.ts';
import { kimThanhScheduler } from './testing.ts';

/**
 * A Kim Thành scheduler per test, on its own Redis key prefix, cleaned after the test; with `checkInvariants`,
 * each test also ends with the scheduler's invariants holding.
 *
 * @example
 * const { t, s } = useKimThanhScheduler(T0);
 * it('…', async () => { accepted(await s.checkIn({ … })); });
 */
export function useKimThanhScheduler(now: number, { checkInvariants = false } = {}): { t: TestRedis; s: GateScheduler } {
  let redis: TestRedis | undefined;
  let scheduler: GateScheduler | undefined;
  beforeEach(async () => {
    redis = testRedis();
    scheduler = await kimThanhScheduler(redis, now);
  });
  afterEach(async () => {
    try {
      if (checkInvariants && scheduler) {
        const broken = await scheduler.invariants();
        if (broken.length > 0) throw new Error(`scheduler invariants broken: ${JSON.stringify(broken)}`);
      }
    } finally {
      await redis?.cleanup();
      redis = undefined;
      scheduler = undefined;
    }
  });
  return { t: current(() => redis), s: current(() => scheduler) };
}
