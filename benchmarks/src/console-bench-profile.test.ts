import { expect, it } from 'vitest';
import { longTasksOfTrace } from './console-bench-profile.ts';

const PAGE = 'http://127.0.0.1:4000/operator';

/** A trace of two renderers, each with a main thread: the page's (pid 1) and a spare one (pid 2). */
function trace() {
  const main = (pid: number) => ({ name: 'thread_name', ph: 'M', ts: 0, pid, tid: pid, args: { name: 'CrRendererMain' } });
  const task = (pid: number, ts: number, ms: number, cpuMs: number) => ({ name: 'RunTask', ph: 'X', ts, dur: ms * 1000, tdur: cpuMs * 1000, pid, tid: pid });
  return JSON.stringify({
    traceEvents: [
      main(1), main(2),
      { name: 'navigationStart', ph: 'R', ts: 1_000, pid: 1, tid: 1, args: { data: { documentLoaderURL: PAGE } } },
      { name: 'navigationStart', ph: 'R', ts: 2_000, pid: 2, tid: 2, args: { data: { documentLoaderURL: '' } } },
      task(1, 1_000, 1, 1),
      task(1, 100_000, 60, 40),
      // Another renderer's module evaluation, 105 ms of CPU: not the page's.
      task(2, 200_000, 160, 105),
    ],
  });
}

it("reports the long tasks of the page's renderer only", () => {
  const tasks = longTasksOfTrace(trace(), PAGE);
  expect(tasks.map((t) => [t.durationMs, t.cpuMs])).toEqual([[60, 40]]);
});
