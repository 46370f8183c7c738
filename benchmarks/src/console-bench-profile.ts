/**
 * Where the page's time goes during the console benchmark (BENCH_PROFILE=1): a CPU profile
 * of the feed phase through the Chrome DevTools Protocol, summed by function (self time).
 */
import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

export interface CpuProfiler {
  /** The top functions by self time; with `windows` (trace times, µs), those of each window. */
  stop(windows?: ReadonlyArray<{ ts: number; dur: number }>): Promise<Array<{ fn: string; selfMs: number }>>;
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
}

/** Self time by function of the samples taken in [from, to) (µs, the trace's clock), hottest first. */
function hottest(profile: Profile, from = -Infinity, to = Infinity, top = 25): Array<{ fn: string; selfMs: number }> {
  const selfUs = new Map<number, number>();
  let t = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    t += delta;
    if (t >= from && t < to) selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  });
  const byFn = new Map<string, number>();
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (!us) continue;
    const file = node.callFrame.url.split('/').pop() ?? '';
    const key = `${node.callFrame.functionName || '(anonymous)'} ${file}:${node.callFrame.lineNumber}`;
    byFn.set(key, (byFn.get(key) ?? 0) + us);
  }
  return [...byFn.entries()]
    .map(([fn, us]) => ({ fn, selfMs: Math.round(us / 100) / 10 }))
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, top);
}

/** Starts sampling the page's JavaScript; `stop()` returns the top functions by self time. */
export async function startCpuProfile(page: Page, phase: 'load' | 'feed'): Promise<CpuProfiler> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return {
    async stop(windows) {
      const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile };
      // BENCH_PROFILE_OUT=<prefix>: the whole profile too, <prefix>-<phase>.cpuprofile (DevTools' Performance panel opens it).
      if (process.env.BENCH_PROFILE_OUT) writeFileSync(`${process.env.BENCH_PROFILE_OUT}-${phase}.cpuprofile`, JSON.stringify(profile));
      if (!windows) return hottest(profile);
      return windows.flatMap((w) => [{ fn: `— task at ${Math.round(w.ts / 1000)} ms, ${Math.round(w.dur / 1000)} ms`, selfMs: NaN }, ...hottest(profile, w.ts, w.ts + w.dur, 8)]);
    },
  };
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time, µs: on a loaded machine a task's wall time counts the time it waited for a core. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { functionName?: string; url?: string; type?: string; frame?: string; documentLoaderURL?: string } };
}

/** What a traced task did: its direct and nested timeline events of ≥ 2 ms, with their script or kind. */
export interface TracedLongTask {
  /** Start and length on the trace's clock (µs), which the CPU profile shares. */
  ts: number;
  dur: number;
  atMs: number;
  durationMs: number;
  /** The main thread's CPU time in it: over 50 ms, the task is long even on an idle machine. */
  cpuMs: number;
  steps: string[];
}

/**
 * The long tasks (> 50 ms) of the page's main thread in a Chromium trace (BENCH_TRACE=1, the
 * initial load), each with the timeline events inside it: which script, callback, parse,
 * layout or paint the time went to.
 */
export function longTasksOfTrace(trace: Buffer | string, pageUrl: string): TracedLongTask[] {
  const { traceEvents } = JSON.parse(String(trace)) as { traceEvents: TraceEvent[] };
  // The page's renderer only: Chromium runs other renderers too (a spare one it keeps warm), whose
  // tasks are not the page's (one, 105 ms of CPU evaluating a module, was taken for the page's).
  const pagePids = new Set(traceEvents.filter((e) => e.name === 'navigationStart' && e.args?.data?.documentLoaderURL === pageUrl).map((e) => e.pid));
  const mains = new Set(traceEvents.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && pagePids.has(e.pid)).map((e) => `${e.pid}:${e.tid}`));
  const onMain = traceEvents.filter((e) => e.ph === 'X' && mains.has(`${e.pid}:${e.tid}`));
  const origin = Math.min(...onMain.map((e) => e.ts));
  const tasks = onMain.filter((e) => e.name === 'RunTask' && (e.dur ?? 0) > 50_000);
  return tasks.map((task) => {
    const inside = onMain
      .filter((e) => e !== task && e.tid === task.tid && e.pid === task.pid && e.ts >= task.ts && e.ts + (e.dur ?? 0) <= task.ts + task.dur! && (e.dur ?? 0) >= 2000)
      .sort((a, b) => a.ts - b.ts);
    const steps = inside.map((e) => {
      const d = e.args?.data;
      const what = [d?.type, d?.functionName, d?.url?.split('/').pop()].filter(Boolean).join(' ');
      return `${e.name}${what ? ` (${what})` : ''} ${Math.round((e.dur ?? 0) / 100) / 10} ms @${Math.round((e.ts - task.ts) / 1000)}`;
    });
    return { ts: task.ts, dur: task.dur!, atMs: Math.round((task.ts - origin) / 1000), durationMs: Math.round(task.dur! / 1000), cpuMs: Math.round((task.tdur ?? task.dur!) / 1000), steps };
  });
}
