/**
 * The operators' side of the console against the real platform (database, Redis, Socket.IO) in
 * Chromium, one platform for the whole file:
 *   - the shell: client routes served by the API, sign-in through the form, role guard, language remembered;
 *   - e2e 1: an operator completes an inspection with the keyboard on the lane board; the next truck's
 *     driver (second browser) is told to go to the lane; a third browser's lane board shows it;
 *   - e2e 4: in Chinese, the main screens (operator board, queue, check-in, manager map, driver pages)
 *     show no untranslated word: no key missing a Chinese entry (window.__borderflowI18n.missing()),
 *     no raw key, no Vietnamese fallback, no English UI phrase, in text or accessible names. Data
 *     (plates, names, cargo, lane names) is marked translate="no" and skipped.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DESKTOP, PHONE } from './harness.ts';
import { useE2e } from './use-e2e.ts';
import { checkIn, getTrip, oneExitLaneWithTwoTrucks, registerTrip } from './gate-setup.ts';
import { formatPlate } from '../src/app/shared/plate-format.ts';
import { DICTIONARY } from '../src/app/i18n/messages.ts';

const h = useE2e();

/** English UI phrases (2+ words, different in Chinese): none may show on a Chinese screen. */
const ENGLISH = Object.entries(DICTIONARY.en)
  .filter(([key, en]) => /\s/.test(en) && !/\{/.test(en) && DICTIONARY.zh[key] !== en)
  .map(([, en]) => en);

const KEY_PREFIXES = Object.keys(DICTIONARY.vi).map((k) => k.split('.')[0]!).filter((p, i, all) => all.indexOf(p) === i);

interface Finding {
  missing: string[];
  problems: string[];
}

/** Runs in the page: every visible text node and accessible name outside translate="no". */
function inspect(args: { english: string[]; prefixes: string[] }): Finding {
  const english = new Set(args.english);
  const keyLike = new RegExp(`\\b(${args.prefixes.join('|')})\\.[A-Za-z_]+(\\.[A-Za-z_]+)*\\b`);
  const problems: string[] = [];
  const check = (text: string, where: string) => {
    const t = text.trim();
    if (!t) return;
    if (/[\u0300-\u036f]/.test(t.normalize('NFD')) || /[đĐ]/.test(t)) problems.push(`Vietnamese ${where}: "${t}"`);
    if (keyLike.test(t)) problems.push(`raw key ${where}: "${t}"`);
    if (english.has(t)) problems.push(`English ${where}: "${t}"`);
  };
  const skip = (el: Element | null) => !el || !!el.closest('[translate="no"], script, style, noscript, [hidden], [aria-hidden="true"]');
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!skip(node.parentElement)) check(node.textContent ?? '', `text in <${node.parentElement!.tagName.toLowerCase()}>`);
  }
  for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
    if (skip(el)) continue;
    for (const attr of ['aria-label', 'title', 'placeholder', 'alt']) {
      const value = el.getAttribute(attr);
      if (value) check(value, `${attr} of <${el.tagName.toLowerCase()}>`);
    }
  }
  check(document.title, 'document title');
  const i18n = (window as unknown as { __borderflowI18n?: { missing(): string[] } }).__borderflowI18n;
  return { missing: (i18n?.missing() ?? ['(no i18n probe)']).filter((k) => k.startsWith('zh:')), problems };
}

async function screen(page: Page, ready: string, name: string): Promise<Finding> {
  await page.locator(ready).first().waitFor({ timeout: 15_000 });
  await page.waitForLoadState('networkidle');
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh');
  await h.screenshot(page, `zh-${name}`);
  return page.evaluate(inspect, { english: ENGLISH, prefixes: KEY_PREFIXES });
}

/** How long a poll waits for what comes from a server answer (the clock is not what these tests judge). */
const SERVER_ANSWER = { timeout: 10_000, interval: 50 };

describe('console shell', () => {
  it('serves index.html for client routes but JSON 404s for the API', async () => {
    const deep = await fetch(`${h.url}/operator/queue?stage=xray`, { headers: { accept: 'text/html' } });
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<div id="root">');
    const api = await fetch(`${h.url}/v1/nope`, { headers: { accept: 'text/html' } });
    expect(api.status).toBe(404);
    expect((await api.json()).error.code).toBe('NOT_FOUND');
    const asset = await fetch(`${h.url}/assets/missing.js`);
    expect(asset.status).toBe(404);
  });

  it('signs in through the form and lands on the role home; a driver may not open the lane board', async () => {
    const anon = await h.openAnonymous('/operator/queue');
    // The one failed request is the wrong password's 401, which the browser logs by itself.
    anon.expectErrors(/status of 401/);
    const { page } = anon;
    await page.waitForURL(/\/login\?next=/);
    await page.getByLabel('Tên đăng nhập').fill('operator1');
    await page.getByLabel('Mật khẩu').fill('wrong');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    // A server answer, not a render: the wrong password's 401 passes the login limiter (Redis), the user's read, a
    // bcrypt compare and the failed login's audit row (PGlite's worker in the embedded phase). Under CI's load (5–8 on
    // 2 cores) it took longer than expect.poll's default second in a local CI run; speed is the benchmarks' to judge.
    await expect.poll(() => page.getByTestId('login-error').textContent(), SERVER_ANSWER).toBe('Sai tên đăng nhập hoặc mật khẩu');
    await page.getByLabel('Mật khẩu').fill('demo');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(/\/operator\/queue$/);
    await expect.poll(() => page.getByTestId('current-user').textContent(), SERVER_ANSWER).toContain('Cán bộ điều hành');

    const driver = await h.openAs('driver1', '/operator');
    await driver.page.getByTestId('forbidden').waitFor();
    expect(await driver.page.getByTestId('forbidden').textContent()).toContain('Lái xe');
  });

  it('switches language and remembers it after a reload', async () => {
    const { page } = await h.openAnonymous('/login');
    await page.getByTestId('lang-zh').click();
    await page.getByRole('heading', { name: '登录' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh');
    await page.reload();
    await page.getByRole('heading', { name: '登录' }).waitFor();
    await page.getByTestId('lang-en').click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  });
});

describe('operator completes an inspection', () => {
  it('calls the next truck: its driver sees "go to lane" and another board updates', async () => {
    const { first, next } = await oneExitLaneWithTwoTrucks(h.api);
    expect((await getTrip(h.api, first.id)).live?.laneId).toBe('KT-X1');
    expect((await getTrip(h.api, next.id)).state).toBe('queued');

    const operator = await h.openAs('operator1', '/operator', { viewport: DESKTOP });
    const driver = await h.openAs('driver2', `/driver/trips/${next.id}`, { viewport: PHONE });
    const watcher = await h.openAs('manager1', '/operator', { viewport: DESKTOP });

    // The boards' first load: a wait, however busy the machine (1 s, vitest's default, failed in CI at load).
    const BOARD_LOADED = { timeout: 20_000 };
    const lane = operator.page.getByTestId('lane-KT-X1');
    await expect.poll(() => lane.getByTestId('lane-plate').textContent(), BOARD_LOADED).toBe(formatPlate(first.vehicle.plate));
    await expect.poll(() => lane.getByTestId('lane-next').textContent(), BOARD_LOADED).toContain(formatPlate(next.vehicle.plate));
    const watched = watcher.page.getByTestId('lane-KT-X1');
    await expect.poll(() => watched.getByTestId('lane-plate').textContent(), BOARD_LOADED).toBe(formatPlate(first.vehicle.plate));
    // The driver page is live before the call-up, with no "go" banner yet (a "get ready" one is fine).
    const goBanner = driver.page.locator('[data-testid="call-up-banner"][data-mode="go"]');
    await driver.page.getByTestId('connection-state').waitFor({ timeout: 10_000 });
    expect(await goBanner.count()).toBe(0);

    // Keyboard only: focus the lane, S = start inspection, C = complete, 1 = cleared, Enter.
    await lane.focus();
    await operator.page.keyboard.press('s');
    await expect.poll(() => lane.getByTestId('lane-occupancy').textContent()).toBe('Đang kiểm tra');
    await h.screenshot(operator.page, 'operator-board-inspecting');
    await lane.focus();
    await operator.page.keyboard.press('c');
    const dialog = operator.page.getByTestId('lane-action-dialog');
    await dialog.waitFor();
    await operator.page.keyboard.press('1');
    expect(await dialog.getByRole('radio', { name: /Thông quan/ }).isChecked()).toBe(true);
    await dialog.getByLabel('Ghi chú (không bắt buộc)').fill('Hồ sơ đầy đủ');
    const bannerSeenAt = goBanner.waitFor({ timeout: 10_000 }).then(() => Date.now());
    bannerSeenAt.catch(() => undefined); // awaited below; do not let it reject unhandled meanwhile
    const completedAt = Date.now();
    await dialog.getByTestId('dialog-submit').click();

    // Seen once in CI: the third board still showed the first truck after 10 s. The cause: under load its
    // first subscribe was answered after the watchdog's second one, and that late, older snapshot took the
    // board back behind the deltas it had applied (live-feed.test.ts reproduces it; LiveFeed now ignores
    // it). The board no longer asks for a periodic snapshot at all, so only the live delta can pass it.
    await expect
      .poll(() => watched.getByTestId('lane-plate').textContent(), { timeout: 12_000 })
      .toBe(formatPlate(next.vehicle.plate));
    expect(await watched.getByTestId('lane-occupancy').textContent()).toBe('Đã gọi xe');
    await expect.poll(() => lane.getByTestId('lane-plate').textContent()).toBe(formatPlate(next.vehicle.plate));
    const seenAfterMs = (await bannerSeenAt) - completedAt;
    expect(await goBanner.textContent()).toContain('KT-X1');
    expect(await goBanner.getAttribute('data-lane')).toBe('KT-X1');
    console.log(`[e2e] call-up banner seen ${seenAfterMs} ms after the operator submitted the outcome`);

    await operator.page.getByTestId('notice-success').first().waitFor();
    await h.screenshot(operator.page, 'operator-board');
    await h.screenshot(driver.page, 'driver-call-up-phone');
  });
});

describe('the console in Chinese', () => {
  it('leaves no untranslated word on the operator, manager and driver screens', async () => {
    const trip = await registerTrip(h.api, 'driver1');
    await checkIn(h.api, { plate: trip.vehicle.plate });
    const findings: Record<string, Finding> = {};

    const operator = await h.openAs('operator1', '/operator', { locale: 'zh', viewport: DESKTOP });
    findings.board = await screen(operator.page, '[data-testid="lane-KT-X1"]', 'operator-board');
    await operator.page.getByRole('link', { name: '排队' }).click();
    findings.queue = await screen(operator.page, '[data-testid="queue-table"]', 'operator-queue');
    await operator.page.getByRole('link', { name: '入场登记' }).click();
    findings.checkIn = await screen(operator.page, '[data-testid="check-in-input"]', 'operator-check-in');
    await operator.page.getByTestId('check-in-input').fill('29C-I23.4S');
    await operator.page.keyboard.press('Enter');
    findings.checkInError = await screen(operator.page, '[data-testid="check-in-error"]:not(:empty), [data-testid="plate-suggestions"]', 'operator-check-in-answer');

    const manager = await h.openAs('manager1', '/manager/map', { locale: 'zh', viewport: DESKTOP });
    findings.map = await screen(manager.page, '.leaflet-container', 'manager-map');

    const driver = await h.openAs('driver1', '/driver', { locale: 'zh', viewport: PHONE });
    findings.trips = await screen(driver.page, 'main h1', 'driver-trips');
    await driver.page.goto(`/driver/trips/${trip.id}`);
    findings.trip = await screen(driver.page, '[data-testid="connection-state"]', 'driver-trip');
    await driver.page.goto('/driver/register');
    findings.register = await screen(driver.page, 'form', 'driver-register');

    for (const [name, finding] of Object.entries(findings)) {
      expect({ screen: name, ...finding }).toEqual({ screen: name, missing: [], problems: [] });
    }
  }, 120_000);
});
