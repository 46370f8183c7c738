/**
 * E2E: the audit log page in a real browser against the real platform. An operator's lane
 * changes (one with a reason a spreadsheet would run as a formula) and an admin's policy change
 * appear for a manager in Vietnamese; the action filter narrows the list; the CSV export saves
 * the same filter with a BOM, +07:00 times and the formula defused. A driver is not offered the
 * page and the API refuses the export.
 */
import { ROUTES, createClient } from '@borderflow/client';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2e, DESKTOP, type E2eHarness } from './harness.ts';
import { clientAs, setLaneStatus } from './gate-setup.ts';

let h: E2eHarness;
const POLL = { timeout: 10_000, interval: 100 };
beforeAll(async () => {
  h = await startE2e();
  await setLaneStatus(h.api, 'KT-X2', 'pause', 'e2e: nghỉ trưa');
  await setLaneStatus(h.api, 'KT-N1', 'close', '=HYPERLINK("http://evil.example","x")');
  const admin = await clientAs(h.api, 'admin1');
  const current = await admin.call(ROUTES.readPolicy, { params: { gate: 'KT' } });
  await admin.call(ROUTES.publishPolicy, { params: { gate: 'KT' }, body: current.policy });
});
afterAll(() => h?.close());

describe('audit log page', () => {
  it('lists, filters and exports the privileged actions', async () => {
    const manager = await h.openAs('manager1', '/manager/audit', { viewport: DESKTOP, offline: true });
    const { page } = manager;
    const rows = page.getByTestId('audit-row');
    await expect.poll(() => rows.count(), POLL).toBe(3);
    expect(await rows.nth(0).textContent()).toContain('Đổi chính sách ưu tiên');
    expect(await rows.nth(1).textContent()).toContain('=HYPERLINK');
    expect(await rows.nth(2).textContent()).toContain('e2e: nghỉ trưa');
    await h.screenshot(page, 'audit-log');

    await page.getByTestId('audit-action-policy.change').check();
    await page.getByTestId('audit-apply').click();
    await expect.poll(() => rows.count(), POLL).toBe(1);
    expect(await rows.nth(0).textContent()).toContain('admin1');

    await page.getByTestId('audit-action-policy.change').uncheck();
    await page.getByTestId('audit-action-lane.status').check();
    await page.getByTestId('audit-apply').click();
    await expect.poll(() => rows.count(), POLL).toBe(2);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^borderflow-audit-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.startsWith('\uFEFFid,at,action,actor')).toBe(true);
    const lines = csv.split('\r\n').filter((l) => l !== '');
    expect(lines).toHaveLength(3);
    expect(lines.slice(1).every((l) => /\+07:00,lane\.status,operator1,/.test(l))).toBe(true);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
  });

  it('is not offered to a driver, and the API refuses a driver the export', async () => {
    const driver = await h.openAs('driver1', '/driver', { viewport: DESKTOP, offline: true });
    await driver.page.locator('nav').first().waitFor();
    expect(await driver.page.locator('a[href="/manager/audit"]').count()).toBe(0);
    const asDriver = createClient({ baseUrl: h.url, token: () => driver.token });
    await expect(asDriver.text(ROUTES.exportAuditCsv)).rejects.toMatchObject({ status: 403, code: 'FORBIDDEN' });
  });
});
