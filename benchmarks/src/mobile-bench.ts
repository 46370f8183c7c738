/**
 * `npm run bench -- mobile`: Lighthouse's mobile preset (a mid-range phone, 4× CPU slowdown,
 * simulated slow 4G) on the pages drivers and the public open from a phone: login, the driver's
 * trips, register, a trip's status and the public waits page, served by a running platform
 * (bench-platform.ts) from the built console, the way `npm start` serves it.
 *
 * Figures: performance_min (the lowest performance score, 0–100), lcp_max_ms (the largest
 * "largest contentful paint"), driver_js_kb (compressed JavaScript transferred for the register
 * page) and each page's score, FCP, LCP, TBT, JavaScript transferred and JavaScript unused.
 *
 * Every page is measured in a fresh Chromium (a new profile: cold HTTP cache, as on a phone that
 * opens the console for the first time); a signed-in page gets the driver's session in
 * localStorage first, as the login page would leave it. BENCH_RUNS (default 1) runs each page
 * that many times and keeps the median score.
 *
 * Before and after in one run: BENCH_MOBILE_BEFORE=<folder of an older console build> measures
 * that build on its own platform first (e.g. `git worktree add /tmp/old <commit>`, build there
 * with `npx vite build --outDir /tmp/old-dist` in console/, pass /tmp/old-dist).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import { chromium } from 'playwright-core';
import { ROUTES, createClient } from '@borderflow/client';
import { ensureConsoleBuilt } from '@borderflow/console/src/build/console-build.ts';
import { CONSOLE_DIST } from '@borderflow/console/src/build/vite-options.ts';
import { CHROMIUM_ARGS } from '@borderflow/console/e2e/chromium.ts';
import { SESSION_STORAGE_KEY } from '@borderflow/console/src/app/auth/session.ts';
import { startBenchPlatform } from './bench-platform.ts';
import { SEEDED_PLATES } from './fill-queue.ts';
import { uniqueTripFactory } from './unique-trips.ts';
import { recordResult } from './record-result.ts';

const GATE = 'KT';
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 1));

interface MobilePage {
  name: string;
  path: (tripId: string) => string;
  signedIn: boolean;
}

const PAGES: MobilePage[] = [
  { name: 'login', path: () => '/login', signedIn: false },
  { name: 'driver_trips', path: () => '/driver', signedIn: true },
  { name: 'register', path: () => '/driver/register', signedIn: true },
  { name: 'trip_status', path: (id) => `/driver/trips/${encodeURIComponent(id)}`, signedIn: true },
  { name: 'public_waits', path: () => '/waits', signedIn: false },
];

export interface PageFigures {
  performance: number;
  fcp_ms: number;
  lcp_ms: number;
  tbt_ms: number;
  js_kb: number;
  js_unused_kb: number;
  requests: number;
  /** What Lighthouse took as the largest paint (its DOM snippet), to know what to make earlier. */
  lcp_element?: string;
  /** The longest main-thread tasks (ms, as simulated on the phone) and the script each started in. */
  long_tasks?: string[];
}

interface NetworkItem {
  resourceType?: string;
  transferSize?: number;
}

const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;

/** Debian's Chromium with a DevTools port for Lighthouse, in a profile of its own. */
async function startChromium(): Promise<{ port: number; stop(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'bf-mobile-chromium-'));
  const child = spawn(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', [...CHROMIUM_ARGS, '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'], {
    stdio: 'ignore',
    // Its own process group: stopping it stops its renderer and GPU processes too.
    detached: true,
  });
  const portFile = join(profile, 'DevToolsActivePort');
  const deadline = Date.now() + 30_000;
  while (!existsSync(portFile) || readFileSync(portFile, 'utf8').split('\n')[0] === '') {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('Chromium did not open its DevTools port');
    await new Promise((r) => setTimeout(r, 100));
  }
  const port = Number(readFileSync(portFile, 'utf8').split('\n')[0]);
  return {
    port,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      const signal = (name: NodeJS.Signals) => {
        try {
          process.kill(-child.pid!, name);
        } catch {
          // already gone
        }
      };
      signal('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (child.exitCode === null && child.signalCode === null) signal('SIGKILL');
      // A helper process may still be flushing into the profile for a moment.
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    },
  };
}

/** Leaves `session` in the origin's localStorage, where the console's login would have put it. */
async function seedSession(port: number, origin: string, session: unknown): Promise<void> {
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  try {
    const page = await browser.contexts()[0]!.newPage();
    // A small same-origin answer that is not the console: nothing of the app gets cached.
    await page.goto(`${origin}/healthz`);
    await page.evaluate(([key, value]) => localStorage.setItem(key!, value!), [SESSION_STORAGE_KEY, JSON.stringify(session)]);
    await page.close();
  } finally {
    await browser.close();
  }
}

/** Lighthouse's trace sometimes misses the navigation's start on a loaded machine (NO_NAVSTART): such a run is measured again. */
const ATTEMPTS = 3;

async function measurePage(url: string, origin: string, session: unknown): Promise<PageFigures> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await measurePageOnce(url, origin, session);
    } catch (err) {
      if (attempt >= ATTEMPTS || !(err instanceof LighthouseRunError)) throw err;
      console.warn(`${String(err.message)}: measuring again (${attempt + 1}/${ATTEMPTS})`);
    }
  }
}

class LighthouseRunError extends Error {}

async function measurePageOnce(url: string, origin: string, session: unknown): Promise<PageFigures> {
  const browser = await startChromium();
  try {
    if (session) await seedSession(browser.port, origin, session);
    const result = await lighthouse(url, {
      port: browser.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance'],
      // The cache is cold already (a new profile); a reset would also wipe the session just seeded.
      disableStorageReset: true,
    });
    if (!result) throw new Error(`Lighthouse gave no result for ${url}`);
    const { lhr } = result;
    if (lhr.runtimeError) throw new LighthouseRunError(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message} (${url})`);
    const audit = (id: string) => lhr.audits[id]?.numericValue ?? NaN;
    const requests = ((lhr.audits['network-requests']?.details as { items?: NetworkItem[] } | undefined)?.items ?? []);
    const js = requests.filter((r) => r.resourceType === 'Script').reduce((sum, r) => sum + (r.transferSize ?? 0), 0);
    const unused = ((lhr.audits['unused-javascript']?.details as { overallSavingsBytes?: number } | undefined)?.overallSavingsBytes ?? 0);
    const lcpItems = (lhr.audits['largest-contentful-paint-element']?.details as { items?: Array<{ items?: Array<{ node?: { snippet?: string } }> }> } | undefined)?.items ?? [];
    const lcpElement = lcpItems[0]?.items?.[0]?.node?.snippet;
    const tasks = ((lhr.audits['long-tasks']?.details as { items?: Array<{ url?: string; duration?: number }> } | undefined)?.items ?? []);
    return {
      performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
      fcp_ms: Math.round(audit('first-contentful-paint')),
      lcp_ms: Math.round(audit('largest-contentful-paint')),
      tbt_ms: Math.round(audit('total-blocking-time')),
      js_kb: kb(js),
      js_unused_kb: kb(unused),
      requests: requests.length,
      ...(lcpElement ? { lcp_element: lcpElement.slice(0, 120) } : {}),
      long_tasks: tasks.slice(0, 4).map((t) => `${Math.round(t.duration ?? 0)} ms ${(t.url ?? '').replace(/^.*\//, '') || '(other)'}`),
    };
  } finally {
    await browser.stop();
  }
}

function median(runs: PageFigures[]): PageFigures {
  const sorted = [...runs].sort((a, b) => a.performance - b.performance);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

export interface BuildFigures {
  performance_min: number;
  lcp_max_ms: number;
  driver_js_kb: number;
  pages: Record<string, PageFigures>;
}

/** One build on its own platform: every page, RUNS times each. */
async function measureBuild(label: string, staticDir: string): Promise<BuildFigures> {
  const platform = await startBenchPlatform(`mobile-${label}`, { staticDir });
  try {
    const session = await createClient({ baseUrl: platform.url }).call(ROUTES.login, { body: { username: 'driver1', password: 'demo' } });
    const asDriver = createClient({ baseUrl: platform.url, token: () => session.token });
    const trip = await asDriver.call(ROUTES.registerTrip, { body: uniqueTripFactory({ gateCode: GATE, seed: 20_261_206, taken: SEEDED_PLATES })() });
    const pages: Record<string, PageFigures> = {};
    for (const page of PAGES) {
      const runs: PageFigures[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await measurePage(`${platform.url}${page.path(trip.id)}`, platform.url, page.signedIn ? session : null));
      pages[page.name] = median(runs);
      const f = pages[page.name]!;
      console.log(`${label} ${page.name}: performance ${f.performance}, FCP ${f.fcp_ms} ms, LCP ${f.lcp_ms} ms, TBT ${f.tbt_ms} ms, JS ${f.js_kb} KB (${f.js_unused_kb} KB unused); LCP element ${f.lcp_element ?? '?'}; long tasks ${f.long_tasks?.join(', ') || 'none'}`);
    }
    const all = Object.values(pages);
    return {
      performance_min: Math.min(...all.map((p) => p.performance)),
      lcp_max_ms: Math.max(...all.map((p) => p.lcp_ms)),
      driver_js_kb: pages.register!.js_kb,
      pages,
    };
  } finally {
    await platform.stop();
  }
}

export async function runMobileBench(): Promise<void> {
  await ensureConsoleBuilt({ log: (line) => console.log(line) });
  const beforeDir = process.env.BENCH_MOBILE_BEFORE;
  const before = beforeDir ? await measureBuild('before', beforeDir) : null;
  const after = await measureBuild('after', CONSOLE_DIST);
  const line = (f: BuildFigures) => `performance min ${f.performance_min}, LCP max ${f.lcp_max_ms} ms, register page JS ${f.driver_js_kb} KB`;
  const summary = `Lighthouse mobile preset, ${PAGES.length} pages × ${RUNS} run(s): ${line(after)}${before ? `; before (${beforeDir}) in the same run: ${line(before)}` : ''}`;
  recordResult(
    'mobile',
    `${beforeDir ? 'BENCH_MOBILE_BEFORE=… ' : ''}npm run bench -- mobile`,
    {
      performance_min: after.performance_min,
      lcp_max_ms: after.lcp_max_ms,
      driver_js_kb: after.driver_js_kb,
      runs_per_page: RUNS,
      lighthouse: 'mobile preset (simulated throttling), performance category',
      pages: after.pages,
      ...(before ? { before: { build: beforeDir, ...before } } : {}),
    },
    summary,
  );
}
