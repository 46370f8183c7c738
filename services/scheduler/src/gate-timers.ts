/**
 * The scheduler's clocks: call-up deadlines and exit pacing. The deadlines
 * themselves live in Redis (a sorted set), so a restarted or second process
 * picks up exactly where the last left off; ticking twice is harmless because
 * each script takes a due entry once.
 */
import type { GateScheduler } from './gate-scheduler.ts';

export interface GateTimersOptions {
  intervalMs?: number;
  onError?: (err: unknown) => void;
}

/**
 * @example
 * const timers = startGateTimers([kt], { intervalMs: 1000 });
 * await timers.stop();
 */
export function startGateTimers(schedulers: GateScheduler[], opts: GateTimersOptions = {}) {
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = async () => {
    for (const s of schedulers) {
      await s.expireCallUps();
      await s.paceCrossings();
    }
  };
  const handle = setInterval(() => {
    if (running || stopped) return; // a slow tick is not stacked on another
    running = tick().catch((err) => opts.onError?.(err)).finally(() => { running = null; });
  }, opts.intervalMs ?? 1000);
  handle.unref?.();
  return {
    async stop() {
      stopped = true;
      clearInterval(handle);
      await running;
    },
  };
}
