import { describe, expect, it } from 'vitest';
import { createSimTimers } from './sim-timers.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('createSimTimers', () => {
  it('runs simulated delays divided by the speed', async () => {
    const timers = createSimTimers(1000, () => {});
    const fired: string[] = [];
    timers.after(20_000, 'late', () => void fired.push('late')); // 20 ms real
    timers.after(1_000, 'early', () => void fired.push('early')); // 1 ms real
    await sleep(80);
    expect(fired).toEqual(['early', 'late']);
    await timers.stop();
  });

  it('reports a failing job instead of throwing out of the timer', async () => {
    const errors: string[] = [];
    const timers = createSimTimers(1, (name, err) => errors.push(`${name}: ${(err as Error).message}`));
    timers.after(0, 'boom', () => {
      throw new Error('bad luck');
    });
    timers.after(0, 'async-boom', async () => {
      await sleep(1);
      throw new Error('worse luck');
    });
    await sleep(30);
    expect(errors.sort()).toEqual(['async-boom: worse luck', 'boom: bad luck']);
    await timers.stop();
  });

  it('stop() clears pending timers and waits for running jobs', async () => {
    const timers = createSimTimers(1, () => {});
    let finished = false;
    let pendingRan = false;
    let ticks = 0;
    timers.every(5, 'tick', () => void ticks++);
    void timers.run('slow', async () => {
      await sleep(30);
      finished = true;
    });
    timers.after(50, 'pending', () => void (pendingRan = true));
    await timers.stop();
    expect(finished).toBe(true);
    const ticksAtStop = ticks;
    await sleep(80);
    expect(pendingRan).toBe(false);
    expect(ticks).toBe(ticksAtStop);
    expect(timers.stopped).toBe(true);
  });
});
