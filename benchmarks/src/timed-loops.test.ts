import { expect, it } from 'vitest';
import { timedLoops } from './timed-loops.ts';

it('runs every loop until the time is up and keeps idle cycles out of the latencies', async () => {
  const perLoop = [0, 0, 0];
  const r = await timedLoops(3, 0.2, async (w) => {
    perLoop[w]! += 1;
    await new Promise((resolve) => setTimeout(resolve, 5));
    // Loop 2 never finds work.
    return w === 2 ? false : undefined;
  });
  expect(perLoop.every((n) => n >= 1)).toBe(true);
  expect(r.idle).toBe(perLoop[2]);
  expect(r.cycles).toBe(perLoop[0]! + perLoop[1]!);
  expect(r.p50_ms).toBeGreaterThan(0);
  expect(r.cycles_per_s).toBeGreaterThan(0);
});
