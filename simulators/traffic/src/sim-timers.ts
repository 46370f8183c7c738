/**
 * Timers in simulated time for the simulators: `after(ms)` waits ms / speed of
 * real time. Every job runs guarded (an error is reported, never thrown out of
 * a timer), every pending timer and running job is tracked, and `stop()`
 * clears the first and waits for the second.
 */

export interface SimTimers {
  /** Runs `job` after `simMs` of simulated time. */
  after(simMs: number, name: string, job: () => Promise<void> | void): void;
  /** Runs `job` every `realMs` of real time; a tick is skipped while the previous one still runs. */
  every(realMs: number, name: string, job: () => Promise<void> | void): void;
  /** Runs `job` now, guarded and tracked. */
  run(name: string, job: () => Promise<void> | void): Promise<void>;
  readonly stopped: boolean;
  /** Clears every timer and waits for running jobs. */
  stop(): Promise<void>;
}

/**
 * @example
 * const timers = createSimTimers(60, (name, err) => log.warn({ err }, name));
 * timers.after(60_000, 'arrive', () => api.arrive(...)); // fires after 1 s of real time
 * await timers.stop();
 */
export function createSimTimers(speed: number, onError: (name: string, err: unknown) => void): SimTimers {
  if (!(speed > 0)) throw new Error(`speed must be more than 0, got ${speed}`);
  const timeouts = new Set<ReturnType<typeof setTimeout>>();
  const intervals = new Set<ReturnType<typeof setInterval>>();
  const running = new Set<Promise<void>>();
  let stopped = false;

  function run(name: string, job: () => Promise<void> | void): Promise<void> {
    if (stopped) return Promise.resolve();
    const p = (async () => {
      try {
        await job();
      } catch (err) {
        if (!stopped) onError(name, err);
      }
    })();
    running.add(p);
    void p.finally(() => running.delete(p));
    return p;
  }

  return {
    get stopped() {
      return stopped;
    },
    run,
    after(simMs, name, job) {
      if (stopped) return;
      const handle = setTimeout(() => {
        timeouts.delete(handle);
        void run(name, job);
      }, Math.max(0, simMs / speed));
      timeouts.add(handle);
    },
    every(realMs, name, job) {
      if (stopped) return;
      let busy = false;
      const handle = setInterval(() => {
        if (busy) return;
        busy = true;
        void run(name, job).finally(() => {
          busy = false;
        });
      }, realMs);
      intervals.add(handle);
    },
    async stop() {
      stopped = true;
      for (const t of timeouts) clearTimeout(t);
      for (const i of intervals) clearInterval(i);
      timeouts.clear();
      intervals.clear();
      await Promise.allSettled([...running]);
    },
  };
}
