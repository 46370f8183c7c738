/**
 * Every screen and report in the user's language (issue 16, item 5), in Chromium, for vi, en
 * and zh: a server refusal on the driver's form (the 409 of a second trip for one vehicle, worded
 * by the API in the language the console sends as Accept-Language), the manager's report tables
 * (headers with units, class names) and a finished simulation's summary and HTML report (rendered
 * by the API in the reader's language: headings, the fairness sentence, number formats).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ROUTES } from '@borderflow/client';
import { uniqueDeclaration, uniquePhone } from '@borderflow/api/src/testing/trip-fixtures.ts';
import { startE2e, DESKTOP, PHONE, type E2eHarness } from './harness.ts';
import { clientAs, registerTrip } from './gate-setup.ts';
import type { Locale } from '../src/app/i18n/define-messages.ts';

/** Strings each language must show (literals, not lookups: a wrong translation fails too). */
const EXPECTED: Record<Locale, {
  activeTrip: string; plateSeries: string; reportsTitle: string; p50: string; perishable: string; measure: string;
  scenario: string; policy: string;
  report: { headings: string[]; fairness: RegExp; absent: RegExp };
}> = {
  vi: {
    activeTrip: 'Xe này đã có một chuyến đang hoạt động; hãy hủy hoặc hoàn tất chuyến đó trước khi đăng ký chuyến khác',
    plateSeries: 'Seri biển số không dùng các chữ I, J, O, Q, W (đang là W)',
    reportsTitle: 'Báo cáo', p50: 'p50 (phút)', perishable: 'Tươi sống', measure: 'Chỉ số',
    scenario: 'Kim Thành, một ngày bình thường', policy: 'Chính sách công bố v1',
    report: {
      headings: ['Chính sách', 'Lưu lượng theo giờ', 'Thời gian chờ (phút, từ lúc xếp hàng đến lúc được gọi)', 'Làn', 'Công bằng'],
      fairness: /^Đã so sánh \d{1,3}(\.\d{3})* cặp \(xe được gọi, xe đang chờ\); cả \d{1,3}(\.\d{3})* lượt vượt đều được giải thích bằng một quy tắc đã công bố \(.+\)\. Không có lượt nào không giải thích được\. Lượt gọi theo quy tắc: .+\.$/,
      absent: /Fairness|Throughput|overtake|explained|all but|normal day|Published policy|trucks/,
    },
  },
  en: {
    activeTrip: 'This vehicle already has an active trip; cancel or finish it before registering another',
    plateSeries: 'Plate series letters never include I, J, O, Q or W (it is W)',
    reportsTitle: 'Reports', p50: 'p50 (min)', perishable: 'Perishable', measure: 'Measure',
    scenario: 'Kim Thành, a normal day', policy: 'Published policy v1',
    report: {
      headings: ['Policy', 'Throughput per hour', 'Waits (minutes, queued → called)', 'Lanes', 'Fairness'],
      fairness: /^[\d,]+ \(called truck, waiting truck\) pairs compared; all [\d,]+ overtakes are explained by a published rule \(.+\)\. None is unexplained\. Call-ups by rule: .+\.$/,
      absent: /all but|0 unexplained/,
    },
  },
  zh: {
    activeTrip: '该车辆已有进行中的行程；请先取消或完成该行程，再登记新的行程',
    plateSeries: '越南车牌系列字母不使用 I、J、O、Q、W（当前为 W）',
    reportsTitle: '报表', p50: 'p50（分钟）', perishable: '生鲜', measure: '指标',
    scenario: '金城口岸，普通的一天', policy: '已公布的策略 v1',
    report: {
      headings: ['策略', '每小时通行量', '等待时间（分钟，排队 → 叫号）', '车道', '公平性'],
      fairness: /^共比较 [\d,]+ 对（被叫号车辆，等待车辆）；全部 [\d,]+ 次超越均可由已公布的规则解释（.+）。没有无法解释的超越。按规则的叫号：.+。$/,
      absent: /Fairness|Throughput|overtake|explained|all but|normal day|Published policy|trucks/,
    },
  },
};
const LOCALES = Object.keys(EXPECTED) as Locale[];

const missingKeys = (page: Page) => page.evaluate(() => (window as unknown as { __borderflowI18n: { missing(): string[] } }).__borderflowI18n.missing());

let h: E2eHarness;
let runId: string;
beforeAll(async () => {
  h = await startE2e();
  // One finished simulation (the platform's own worker), read afterwards in each language.
  const manager = await clientAs(h.api, 'manager1');
  runId = (await manager.call(ROUTES.startSimulation, { body: { scenario: 'kim-thanh-normal', seed: 5 } })).id;
  // A wait, not a timing assertion: the run takes as long as the loaded machine needs.
  for (const until = Date.now() + 150_000; ; await new Promise((r) => setTimeout(r, 500))) {
    const { status } = await manager.call(ROUTES.readSimulation, { params: { id: runId } });
    if (status !== 'running') {
      expect(status).toBe('done');
      break;
    }
    if (Date.now() > until) throw new Error(`simulation ${runId} still running`);
  }
}, 180_000);
afterAll(() => h?.close());

describe.each(LOCALES)('in %s', (locale) => {
  const want = EXPECTED[locale];

  it('the driver reads the server\'s refusal of a second trip for the vehicle in this language', async () => {
    const existing = await registerTrip(h.api, 'driver1');
    const driver = await h.openAs('driver1', '/driver/register', { viewport: PHONE, locale });
    // The browser's own line for the refused request (the 409 is the point here).
    driver.expectErrors(/status of 409/);
    const { page } = driver;
    await page.getByTestId('trip-form').waitFor();
    const fill = (id: string, value: string) => page.locator(`#${id}`).fill(value);
    await fill('f-vehicle-plate', existing.vehicle.plate);
    await fill('f-driver-fullName', 'Nguyễn Văn An');
    await fill('f-driver-phone', uniquePhone());
    await fill('f-cargo-0-description', 'Thanh long');
    await fill('f-cargo-0-hsCode', '0810.90.10');
    await fill('f-cargo-0-packages', '1200');
    await fill('f-cargo-0-grossKg', '18000');
    await fill('f-containers-0-number', 'CSQU 305438 3');
    await fill('f-containers-0-seals', 'VN123456');
    await fill('f-declarations-0', uniqueDeclaration());
    await page.getByTestId('trip-submit').click();
    const error = page.getByTestId('error-vehicle.plate');
    await error.waitFor({ timeout: 20_000 });
    expect(await error.textContent()).toBe(want.activeTrip);
    await error.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await h.screenshot(page, `languages-${locale}-server-error`);
    expect(await missingKeys(page)).toEqual([]);
  }, 60_000);

  it('the driver reads a plate\'s format rule on the register form in this language, before anything is sent', async () => {
    const driver = await h.openAs('driver1', '/driver/register', { viewport: PHONE, locale });
    const { page } = driver;
    await page.getByTestId('trip-form').waitFor();
    const plate = page.locator('#f-vehicle-plate');
    await plate.fill('24W-123.45');
    await plate.blur();
    const error = page.getByTestId('error-vehicle.plate');
    await expect.poll(() => error.textContent(), { timeout: 20_000, interval: 100 }).toBe(want.plateSeries);
    expect(await error.getAttribute('data-rule')).toBe('vn_plate_series');
    await error.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await h.screenshot(page, `languages-${locale}-field-format`);
    expect(await missingKeys(page)).toEqual([]);
  }, 60_000);

  it('the manager reads the report tables in this language', async () => {
    const manager = await h.openAs('manager1', '/manager/reports', { viewport: DESKTOP, locale, offline: true });
    const { page } = manager;
    const waits = page.getByTestId('report-waits');
    await waits.waitFor({ timeout: 20_000 });
    expect(await page.locator('h1').textContent()).toBe(want.reportsTitle);
    expect(await waits.locator('thead th').allTextContents()).toContain(want.p50);
    expect(await waits.locator('tbody tr').first().locator('td').first().textContent()).toBe(want.perishable);
    await h.screenshot(page, `languages-${locale}-reports`);
    expect(await missingKeys(page)).toEqual([]);
  }, 60_000);

  it('the manager reads the simulation summary and its HTML report in this language', async () => {
    const manager = await h.openAs('manager1', `/manager/simulations?run=${runId}`, { viewport: DESKTOP, locale });
    const { page } = manager;
    await page.locator('[data-testid="sim-status"][data-status="done"]').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('sim-summary').locator('thead th').allTextContents()).toEqual([want.measure, want.policy]);
    expect(await page.getByTestId('sim-scenario').locator('option[value="kim-thanh-normal"]').textContent()).toBe(want.scenario);
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.getByTestId('sim-open-report').click()]);
    await popup.waitForLoadState();
    expect(await popup.evaluate(() => document.documentElement.lang)).toBe(locale);
    expect(await popup.locator('h1').textContent()).toBe(want.scenario);
    const headings = await popup.locator('h2, h3, figcaption').allTextContents();
    for (const heading of want.report.headings) expect(headings.some((x) => x.startsWith(heading)), `${heading} in ${headings.join(' | ')}`).toBe(true);
    const fairness = (await popup.locator('h3:has-text("' + want.report.headings[4] + '") + p').textContent())!.replace(/\s+/g, ' ').trim();
    expect(fairness).toMatch(want.report.fairness);
    expect(await popup.locator('body').innerText()).not.toMatch(want.report.absent);
    await popup.screenshot({ path: `${process.env.TMPDIR ?? '/tmp'}/languages-${locale}-sim-report.png` });
    expect(await missingKeys(page)).toEqual([]);
  }, 60_000);
});
