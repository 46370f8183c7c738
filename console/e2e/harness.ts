/**
 * End-to-end test kit: the real platform (database, Redis, Socket.IO, API serving console/dist)
 * on port 0, Debian's Chromium through playwright-core, and one signed-in browser context per
 * role. Used by every console e2e test (operator, manager, driver).
 *
 * @example
 * let h: E2eHarness;
 * beforeAll(async () => { h = await startE2e(); }, 60_000);
 * afterAll(() => h?.close());
 * it('…', async () => {
 *   const operator = await h.openAs('operator1', '/operator');
 *   await operator.page.getByTestId('lane-KT-X1').waitFor();
 *   await h.screenshot(operator.page, 'operator-board');
 * });
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './chromium.ts';
import { ROUTES, createClient } from '@borderflow/client';
import { startTestApi, type TestApi } from '@borderflow/api/src/testing/test-api.ts';
import type { PlatformOptions } from '@borderflow/api';
import { consoleStaticDir } from '../src/index.ts';
import { SESSION_STORAGE_KEY } from '../src/app/auth/session.ts';
import { LOCALE_STORAGE_KEY } from '../src/app/i18n/i18n-context.tsx';
import type { Locale } from '../src/app/i18n/define-messages.ts';
import { startSimulationWorker } from '@borderflow/traffic';

/** Where e2e screenshots go (git-ignored). Look at them. */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../screenshots', import.meta.url));

export { CHROMIUM_ARGS, launchChromium } from './chromium.ts';

export const DESKTOP = { width: 1600, height: 1000 } as const;
export const PHONE = { width: 390, height: 844 } as const;

export interface OpenOptions {
  viewport?: { width: number; height: number };
  locale?: Locale;
  /** Abort every request that does not go to the platform (the gate's network has no internet). */
  offline?: boolean;
}

export interface SignedInPage {
  context: BrowserContext;
  page: Page;
  token: string;
  /**
   * Page errors and console errors seen so far. Every e2e test fails on one it did not expect
   * (fail-on-page-errors.ts), so tests need not assert this.
   */
  errors: string[];
  /**
   * Errors this test provokes on purpose and that do not fail it: the browser logs every refused
   * request by itself (`status of 409`), and a page cut off from the network logs its failures.
   *
   * @example
   * operator.expectErrors(/status of 409/);
   */
  expectErrors(...patterns: RegExp[]): void;
}

/** The errors of a page the shared check has not yet looked at, and those it expects. */
interface PageErrors {
  context: BrowserContext;
  errors: string[];
  checked: number;
  expected: RegExp[];
}

/** Every page the e2e harnesses of this test file opened and have not closed. */
const openPages = new Set<PageErrors>();

/**
 * The errors logged by open pages since the last call that no `expectErrors` pattern covers. Called
 * after every e2e test (fail-on-page-errors.ts): a console that logs errors is broken even when the
 * test's own assertions hold.
 */
export function takeUnexpectedPageErrors(): string[] {
  const unexpected: string[] = [];
  for (const p of openPages) {
    const fresh = p.errors.slice(p.checked);
    p.checked = p.errors.length;
    unexpected.push(...fresh.filter((e) => !p.expected.some((pattern) => pattern.test(e))));
  }
  return unexpected;
}

export interface E2eHarness {
  api: TestApi;
  browser: Browser;
  url: string;
  /** A new browser context signed in as a demo user (password `demo`), opened at `path`. */
  openAs(username: string, path: string, options?: OpenOptions): Promise<SignedInPage>;
  /** A new context without a session (login page, public pages). */
  openAnonymous(path: string, options?: OpenOptions): Promise<SignedInPage>;
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Routes every request of a context that is not for `baseUrl` to an abort, and records it.
 *
 * @example
 * const blocked = await cutOffNetwork(context, h.url); // later: expect(blocked).toEqual([])
 */
export async function cutOffNetwork(context: BrowserContext, baseUrl: string): Promise<string[]> {
  const blocked: string[] = [];
  const origin = new URL(baseUrl).origin;
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    blocked.push(url);
    return route.abort('internetdisconnected');
  });
  return blocked;
}

async function newPage(browser: Browser, url: string, path: string, options: OpenOptions, session: unknown): Promise<SignedInPage> {
  const context = await browser.newContext({ viewport: options.viewport ?? DESKTOP, baseURL: url });
  if (options.offline) await cutOffNetwork(context, url);
  const init = { sessionKey: SESSION_STORAGE_KEY, session: session ? JSON.stringify(session) : null, localeKey: LOCALE_STORAGE_KEY, locale: options.locale ?? null };
  await context.addInitScript((i: typeof init) => {
    // Only on the first load of the tab: a later sign-out must stay signed out across reloads.
    if (i.session && !sessionStorage.getItem('e2e.seeded')) {
      localStorage.setItem(i.sessionKey, i.session);
      sessionStorage.setItem('e2e.seeded', '1');
    }
    if (i.locale && !localStorage.getItem(i.localeKey)) localStorage.setItem(i.localeKey, i.locale);
  }, init);
  const page = await context.newPage();
  // Checked until its harness closes: a test that closes its page still answers for what it logged.
  const tracked: PageErrors = { context, errors: [], checked: 0, expected: [] };
  openPages.add(tracked);
  page.on('pageerror', (err) => tracked.errors.push(`pageerror: ${err.message} (${page.url()})`));
  page.on('console', (msg) => {
    // A failed load logs only its status: its location names the request.
    if (msg.type() === 'error') tracked.errors.push(`console: ${msg.text()} (${msg.location().url || page.url()})`);
  });
  await page.goto(path);
  return {
    context,
    page,
    token: (session as { token?: string } | null)?.token ?? '',
    errors: tracked.errors,
    expectErrors: (...patterns) => void tracked.expected.push(...patterns),
  };
}

/**
 * Starts the platform (fresh database, unique Redis prefix, no feeder) and Chromium.
 * console/dist must exist: the e2e project's globalSetup (build-once.ts) builds it.
 */
export async function startE2e(platform: Partial<PlatformOptions> = {}): Promise<E2eHarness> {
  const api = await startTestApi({ staticDir: consoleStaticDir, ...platform });
  // Managers' simulations run as jobs: a worker beside the platform, as `npm start` has one.
  const simulations = await startSimulationWorker({ redis: api.platform.redis, prisma: api.db.prisma, prefix: api.prefix });
  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (err) {
    await simulations.close();
    await api.close();
    throw err;
  }
  const contexts: BrowserContext[] = [];
  const track = (p: SignedInPage) => {
    contexts.push(p.context);
    return p;
  };
  return {
    api,
    browser,
    url: api.url,
    async openAs(username, path, options = {}) {
      const session = await createClient({ baseUrl: api.url }).call(ROUTES.login, { body: { username, password: 'demo' } });
      return track(await newPage(browser, api.url, path, options, session));
    },
    async openAnonymous(path, options = {}) {
      return track(await newPage(browser, api.url, path, options, null));
    },
    async screenshot(page, name) {
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      const file = join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path: file, fullPage: false });
      return file;
    },
    async close() {
      for (const p of openPages) if (contexts.includes(p.context)) openPages.delete(p);
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await simulations.close();
      await api.close();
    },
  };
}
