/**
 * E2E: an admin manages the province data platform's keys in a real browser against the real
 * platform: creates a key for a system (shown once), which pulls the feed; rotates it (the old key is
 * refused at once, the new one works); revokes it (refused). The page speaks vi, en and zh, and a
 * manager is not offered it.
 */
import { ApiError, ROUTES, createClient } from '@borderflow/client';
import { describe, expect, it } from 'vitest';
import { DESKTOP, PHONE } from './harness.ts';
import { useE2e } from './use-e2e.ts';

const POLL = { timeout: 15_000, interval: 100 };
const h = useE2e();

/** The status the province feed answers a key with (200, or the refusal's). */
async function pullWith(key: string): Promise<number> {
  const ioc = createClient({ baseUrl: h.url, apiKey: key, language: 'vi' });
  try {
    await ioc.call(ROUTES.provinceTripEvents, { params: { gate: 'KT' }, query: { limit: 1 } });
    return 200;
  } catch (err) {
    if (err instanceof ApiError) return err.status;
    throw err;
  }
}

describe('province data keys page', () => {
  it('creates, rotates and revokes a key, each showing and enforcing what it says', async () => {
    const admin = await h.openAs('admin1', '/admin/data-consumers', { viewport: DESKTOP, locale: 'vi', offline: true });
    const { page } = admin;
    await page.getByRole('heading', { name: 'Khóa cho nền tảng dữ liệu của tỉnh' }).waitFor();

    await page.getByTestId('consumer-name').fill('IOC Lào Cai');
    await page.getByTestId('consumer-create').click();
    const shown = page.getByTestId('consumer-key');
    await shown.waitFor();
    expect(await shown.textContent()).toContain('Khóa của IOC Lào Cai (chỉ hiện một lần');
    const first = (await shown.locator('code').textContent())!;
    expect(first).toMatch(/^bfd_[0-9a-f]{16}_/);
    const row = page.getByTestId('consumer-row').filter({ hasText: 'IOC Lào Cai' });
    await row.waitFor();
    const prefix = await row.getAttribute('data-prefix');
    expect(first.startsWith(`${prefix}_`)).toBe(true);
    // The list shows the prefix only, never the secret.
    expect(await page.getByTestId('consumer-table').textContent()).not.toContain(first);
    expect(await pullWith(first)).toBe(200);
    await h.screenshot(page, 'data-consumers-vi');

    await row.getByTestId('consumer-rotate').click();
    expect(await row.textContent()).toContain('Đổi khóa của IOC Lào Cai? Khóa cũ bị từ chối ngay.');
    await row.getByTestId('consumer-confirm').click();
    await expect.poll(async () => shown.locator('code').textContent(), POLL).not.toBe(first);
    const second = (await shown.locator('code').textContent())!;
    expect(second.startsWith(`${prefix}_`)).toBe(true);
    expect(await pullWith(first)).toBe(401);
    expect(await pullWith(second)).toBe(200);
    // The pull just made shows as the key's last use.
    await page.reload();
    await expect.poll(async () => row.textContent(), POLL).not.toContain('Chưa dùng');

    await row.getByTestId('consumer-revoke').click();
    await row.getByTestId('consumer-confirm').click();
    await expect.poll(() => page.getByTestId('consumer-row').filter({ hasText: 'IOC Lào Cai' }).count(), POLL).toBe(0);
    expect(await pullWith(second)).toBe(401);
  });

  it('speaks English and Chinese too, and fits a phone', async () => {
    const admin = await h.openAs('admin1', '/admin/data-consumers', { viewport: DESKTOP, locale: 'en', offline: true });
    await admin.page.getByRole('heading', { name: "Keys for the province's data platform" }).waitFor();
    await admin.page.getByTestId('consumer-name').fill('Hekou IOC');
    await admin.page.getByTestId('consumer-create').click();
    expect(await admin.page.getByTestId('consumer-key').textContent()).toContain('Key of Hekou IOC (shown once, keep it):');

    const zh = await h.openAs('admin1', '/admin/data-consumers', { viewport: PHONE, locale: 'zh', offline: true });
    await zh.page.getByRole('heading', { name: '省级数据平台的密钥' }).waitFor();
    const row = zh.page.getByTestId('consumer-row').filter({ hasText: 'Hekou IOC' });
    await row.waitFor();
    expect(await row.textContent()).toContain('从未使用');
    expect(await row.getByTestId('consumer-rotate').textContent()).toBe('轮换密钥');
    const overflow = await zh.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await h.screenshot(zh.page, 'data-consumers-zh-phone');
  });

  it("shows the server's refusal in the admin's language when the key was revoked meanwhile", async () => {
    const adminToken = await h.api.token('admin1');
    const api = createClient({ baseUrl: h.url, token: () => adminToken });
    const issued = await api.call(ROUTES.createDataConsumer, { body: { name: 'IOC Hà Giang' } });
    const admin = await h.openAs('admin1', '/admin/data-consumers', { viewport: DESKTOP, locale: 'vi', offline: true });
    // The browser logs the refused rotation's 404 by itself.
    admin.expectErrors(/status of 404/);
    const row = admin.page.getByTestId('consumer-row').filter({ hasText: 'IOC Hà Giang' });
    await row.waitFor();
    // Another admin revokes it while this page still lists it.
    await api.call(ROUTES.revokeDataConsumer, { params: { consumerId: issued.id } });
    await row.getByTestId('consumer-rotate').click();
    await row.getByTestId('consumer-confirm').click();
    await admin.page.getByText('Không tìm thấy bên dùng dữ liệu').first().waitFor({ timeout: 15_000 });
    // The page drops the row it can no longer act on.
    await expect.poll(() => row.count(), POLL).toBe(0);
    await h.screenshot(admin.page, 'data-consumers-vi-refused');
  });

  it('is not offered to a manager, and the API refuses a manager a key', async () => {
    const manager = await h.openAs('manager1', '/manager', { viewport: DESKTOP, offline: true });
    await manager.page.locator('nav').first().waitFor();
    expect(await manager.page.locator('a[href="/admin/data-consumers"]').count()).toBe(0);
    const asManager = createClient({ baseUrl: h.url, token: () => manager.token });
    await expect(asManager.call(ROUTES.createDataConsumer, { body: { name: 'x' } })).rejects.toMatchObject({ status: 403 });
  });
});
