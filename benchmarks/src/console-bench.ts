/// <reference lib="dom" />
/**
 * `npm run bench -- console`: the operators' lane board in Chromium with 200 lanes and 5,000
 * waiting trucks, fed 50 gate events per second for 30 s over a real Socket.IO connection.
 *
 * Method: the built console (Vite production build) is served by a Socket.IO server in this
 * process that speaks the platform's `/live` protocol (snapshot, seq-numbered deltas, resync)
 * for a synthetic gate (console-gate-traffic.ts). Measured in the page, without instrumenting
 * the app:
 *   - initial_render_ms: navigation start → the lanes that fill the viewport in the DOM (the board
 *     draws those first and the rest a page per idle moment, paged-lanes.ts), rAF-polled: bundle
 *     load, socket connect, a 2.3 MB snapshot, and React's first render; all_lanes_ms: → all 200;
 *   - update time: a WebSocket `message` listener stamps each delta's arrival (it runs before
 *     socket.io's handler), a MutationObserver notes the end of the DOM changes it caused (its
 *     callback runs at the end of the same task); p50/p95/p99/max of the difference;
 *   - long_tasks: PerformanceObserver 'longtask' entries (> 50 ms) while the events flow (the board
 *     asks for a snapshot only after a gap: `resyncs` counts them); initial-load long tasks are reported apart;
 *   - browser CPU time per event (/proc, all Chromium processes): less sensitive than wall time to
 *     other work on a shared 2-core machine.
 * A 2 s warm-up of events (JIT, trip-details cache) precedes the measured 30 s. BENCH_SECONDS
 * shortens the run while tuning, BENCH_PROFILE=1 prints the page's hottest functions, and
 * BENCH_SCREENSHOTS=<folder> saves the board once loaded and after the feed, BENCH_TRACE=1 prints what
 * the initial load's long tasks did (a Chromium trace).
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { Page } from 'playwright-core';
import { ensureConsoleBuilt } from '@borderflow/console/src/build/console-build.ts';
import { CONSOLE_DIST } from '@borderflow/console/src/build/vite-options.ts';
import { startLiveGateServer } from '@borderflow/console/src/testing/live-gate-server.ts';
import { launchChromium } from '@borderflow/console/e2e/chromium.ts';
import { SESSION_STORAGE_KEY } from '@borderflow/console/src/app/auth/session.ts';
import { GateTraffic } from './console-gate-traffic.ts';
import { recordResult } from './record-result.ts';
import { longTasksOfTrace, startCpuProfile } from './console-bench-profile.ts';
import { findPid, treeCpuMs } from './process-cpu.ts';
import { firstPageSize } from '@borderflow/console/src/app/operator/board/paged-lanes.ts';

const LANES = 200;
const QUEUED = 5000;
const EVENTS_PER_S = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const WARMUP_S = 2;
const VIEWPORT = { width: 1600, height: 1000 };
/** The lanes the board draws first on this viewport (the operator's screen). */
const FIRST_PAGE = Math.min(LANES, firstPageSize(VIEWPORT.width, VIEWPORT.height));

interface PageProbe {
  pending: number | null;
  updates: number[];
  longTasks: Array<{ start: number; duration: number }>;
  feedStart: number;
}

/**
 * Installed before the app loads: stamps delta arrivals, DOM commits and long tasks. Plain
 * JavaScript in a string: a compiled function would carry the bundler's helpers with it.
 */
const PROBE = `(() => {
  const p = { pending: null, updates: [], longTasks: [], feedStart: Infinity };
  window.__probe = p;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) p.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      // Registered before socket.io sets onmessage: runs first, so it stamps the arrival.
      this.addEventListener('message', (e) => {
        if (typeof e.data === 'string' && e.data.startsWith('42/live,["delta"') && p.pending === null) p.pending = performance.now();
      });
    }
  };
  const observe = () => new MutationObserver(() => {
    if (p.pending === null) return;
    p.updates.push(performance.now() - p.pending);
    p.pending = null;
  }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  if (document.body) observe(); else document.addEventListener('DOMContentLoaded', observe);
})();`;

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

const round = (n: number) => Math.round(n * 10) / 10;

/** Events at EVENTS_PER_S for `seconds`, on a fixed schedule (no drift when a send is late). */
async function feed(page: Page, seconds: number, emit: (at: number) => void): Promise<number> {
  await page.evaluate(() => {
    const p = (window as unknown as { __probe: PageProbe }).__probe;
    p.feedStart = performance.now();
    p.updates = [];
    p.pending = null;
  });
  const total = Math.round(seconds * EVENTS_PER_S);
  const start = Date.now();
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / EVENTS_PER_S;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    emit(Date.now());
  }
  return total;
}

export async function runConsoleBench(): Promise<void> {
  // BENCH_CONSOLE_DIST=<folder of an older build>: measures that build (a before figure at the same load).
  const staticDir = process.env.BENCH_CONSOLE_DIST ?? CONSOLE_DIST;
  if (!process.env.BENCH_CONSOLE_DIST) await ensureConsoleBuilt({ log: (line) => console.log(line) });
  const traffic = new GateTraffic({ lanes: LANES, queued: QUEUED, busyLanes: 150, now: Date.now() });
  const gate = await startLiveGateServer({
    snapshot: () => traffic.snapshot(Date.now()),
    staticDir,
    json: (path) => traffic.answer(path, new Date()),
  });
  const marker = `--borderflow-bench=${process.pid}-${Date.now()}`;
  const browser = await launchChromium([marker]);
  const browserPid = findPid(marker);
  try {
    const context = await browser.newContext({ viewport: VIEWPORT });
    const session = { token: 'bench', user: { id: 'bench', username: 'operator1', role: 'operator', displayName: 'Bench' } };
    await context.addInitScript(([key, value]) => localStorage.setItem(key, value), [SESSION_STORAGE_KEY, JSON.stringify(session)] as const);
    await context.addInitScript({ content: PROBE });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // A failed resource load logs only its status: its location names the URL.
    page.on('console', (m) => m.type() === 'error' && errors.push(`${m.text()} ${m.location().url}`));

    // BENCH_TRACE=1: a Chromium trace of the initial load, to say what its long tasks are.
    const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'v8.execute', 'blink.user_timing'];
    if (process.env.BENCH_TRACE) await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    const loadProfiler = process.env.BENCH_PROFILE ? await startCpuProfile(page, 'load') : null;
    await page.goto(`${gate.url}/operator`);
    const lanesIn = (n: number) => page.waitForFunction((k) => (document.querySelectorAll('[data-testid="lanes"] > .lane').length >= k ? performance.now() : 0), n, { polling: 'raf', timeout: 60_000 }).then((h) => h.jsonValue());
    const initialRenderMs = await lanesIn(FIRST_PAGE);
    const allLanesMs = await lanesIn(LANES);
    await page.waitForLoadState('networkidle'); // the lanes' trip details are in
    await page.waitForTimeout(3000);
    // BENCH_SCREENSHOTS=<folder>: the board as the operator sees it, to look at (lanes, trucks, no warning).
    const shots = process.env.BENCH_SCREENSHOTS;
    if (shots) await page.screenshot({ path: `${shots}/console-loaded.png` });
    if (process.env.BENCH_TRACE) {
      const trace = await browser.stopTracing();
      // BENCH_TRACE_OUT=<file>: the whole trace too (chrome://tracing, DevTools' Performance panel).
      if (process.env.BENCH_TRACE_OUT) writeFileSync(process.env.BENCH_TRACE_OUT, trace);
      const tasks = longTasksOfTrace(trace, `${gate.url}/operator`);
      for (const task of tasks) console.log(`long task at ${task.atMs} ms, ${task.durationMs} ms (CPU ${task.cpuMs} ms):\n  ${task.steps.join('\n  ')}`);
      const cpuLong = tasks.filter((t) => t.cpuMs > 50);
      console.log(`initial load: ${tasks.length} tasks over 50 ms of wall time, ${cpuLong.length} over 50 ms of CPU time (${cpuLong.map((t) => t.cpuMs).join(', ')} ms)`);
      // With BENCH_PROFILE=1 too: the functions each long task ran.
      if (loadProfiler) console.table(await loadProfiler.stop(tasks));
    } else if (loadProfiler) console.table(await loadProfiler.stop());
    const initialTasks = await page.evaluate(() => (window as unknown as { __probe: PageProbe }).__probe.longTasks);
    const initialLongTasks = initialTasks.length;
    if (process.env.BENCH_DRY_RUN) console.log('initial long tasks (ms after navigation: duration):', initialTasks.map((t) => `${Math.round(t.start)}:${Math.round(t.duration)}`).join(' '));

    // The board at rest (timers ticking, no events) for as long as a tenth of the feed, as a baseline.
    const restStart = browserPid ? treeCpuMs(browserPid) : 0;
    const restMs = Math.max(2000, SECONDS * 100);
    await page.waitForTimeout(restMs);
    const restCpu = browserPid ? treeCpuMs(browserPid) - restStart : NaN;
    // Warm-up: the first events compile the update paths (JIT) and start the trip-details cache;
    // the figures below are for the steady state that follows.
    await feed(page, WARMUP_S, (at) => { const { event, queues, etas } = traffic.nextDelta(at); gate.emitDelta(event, queues, etas); });
    const profiler = process.env.BENCH_PROFILE ? await startCpuProfile(page, 'feed') : null;
    const feedStart = browserPid ? treeCpuMs(browserPid) : 0;
    const events = await feed(page, SECONDS, (at) => { const { event, queues, etas } = traffic.nextDelta(at); gate.emitDelta(event, queues, etas); });
    const feedCpu = browserPid ? treeCpuMs(browserPid) - feedStart : NaN;
    if (profiler) console.table(await profiler.stop());
    if (shots) await page.screenshot({ path: `${shots}/console-fed.png` });
    const settled = await page
      .waitForFunction((seq) => document.querySelector('[data-testid="board-seq"]')?.textContent === String(seq), traffic.seq, { timeout: 30_000 })
      .then(() => true, () => false);
    if (!settled) {
      const shown = await page.evaluate(() => document.querySelector('[data-testid="board-seq"]')?.textContent ?? null);
      const u = await page.evaluate(() => (window as unknown as { __probe: PageProbe }).__probe.updates);
      console.error(`updates: n=${u.length} median=${[...u].sort((a, b) => a - b)[Math.floor(u.length / 2)]} max=${Math.max(...u)}`);
      throw new Error(`the board shows event #${shown}, the gate is at #${traffic.seq} (resyncs: ${gate.counts.resync}, page errors: ${errors.join('; ')})`);
    }
    const result = await page.evaluate(() => {
      const p = (window as unknown as { __probe: PageProbe }).__probe;
      return { updates: p.updates, longTasks: p.longTasks.filter((t) => t.start >= p.feedStart) };
    });
    const sorted = [...result.updates].sort((a, b) => a - b);
    const figures = {
      lanes: LANES,
      queued_trucks_initial: QUEUED,
      queued_trucks_final: traffic.waiting(),
      events_per_s: EVENTS_PER_S,
      seconds: SECONDS,
      events,
      updates_measured: sorted.length,
      initial_render_ms: Math.round(initialRenderMs),
      first_page_lanes: FIRST_PAGE,
      all_lanes_ms: Math.round(allLanesMs),
      initial_long_tasks: initialLongTasks,
      p50_update_ms: round(percentile(sorted, 0.5)),
      p95_update_ms: round(percentile(sorted, 0.95)),
      p99_update_ms: round(percentile(sorted, 0.99)),
      max_update_ms: round(sorted.at(-1) ?? NaN),
      long_tasks: result.longTasks.length,
      longest_task_ms: Math.round(Math.max(0, ...result.longTasks.map((t) => t.duration))),
      resyncs: gate.counts.resync,
      // Less sensitive to other load than wall time: CPU used by all of Chromium's processes
      // (renderer, GPU/raster, network) per event while feeding, and per second at rest.
      browser_cpu_ms_per_event: round(feedCpu / events),
      browser_cpu_ms_per_s_at_rest: round((restCpu / restMs) * 1000),
      machine_load_avg_1m: round(loadavg()[0] ?? NaN),
      page_errors: errors.length,
    };
    if (errors.length) console.error(errors);
    if (process.env.BENCH_DRY_RUN) {
      const feedStartAt = await page.evaluate(() => (window as unknown as { __probe: PageProbe }).__probe.feedStart);
      console.log('long tasks (ms after the feed started: duration):', result.longTasks.map((t) => `${Math.round(t.start - feedStartAt)}:${Math.round(t.duration)}`).join(' '));
    }
    recordResult(
      'console',
      `${process.env.BENCH_CONSOLE_DIST ? 'BENCH_CONSOLE_DIST=… ' : ''}npm run bench -- console`,
      { ...figures, ...(process.env.BENCH_CONSOLE_DIST ? { build: process.env.BENCH_CONSOLE_DIST } : {}) },
      `${process.env.BENCH_CONSOLE_DIST ? `build ${process.env.BENCH_CONSOLE_DIST}: ` : ''}${LANES} lanes, ${QUEUED} trucks, ${EVENTS_PER_S} events/s × ${SECONDS} s: initial render ${figures.initial_render_ms} ms (${FIRST_PAGE} visible lanes; all ${LANES} at ${figures.all_lanes_ms} ms); update p50 ${figures.p50_update_ms} ms, p95 ${figures.p95_update_ms} ms, p99 ${figures.p99_update_ms} ms; long tasks ${figures.long_tasks} (longest ${figures.longest_task_ms} ms, ${figures.resyncs} resyncs); browser CPU ${figures.browser_cpu_ms_per_event} ms/event (at rest ${figures.browser_cpu_ms_per_s_at_rest} ms/s); load avg ${figures.machine_load_avg_1m}`,
    );
  } finally {
    await browser.close();
    await gate.close();
  }
}
