/**
 * Sessions in the browser against the real platform: the login survives a reload and a new tab
 * (localStorage), sign-out revokes the token on the server and signs out the other tabs, and an
 * admin disabling an operator on the users page ends the operator's open lane board at once
 * (their socket is closed, the refresh is refused, the login page says why).
 */
import { describe, expect, it } from 'vitest';
import { ApiError, ROUTES, createClient } from '@borderflow/client';
import { useE2e } from './use-e2e.ts';
import { SESSION_STORAGE_KEY } from '../src/app/auth/session.ts';

const h = useE2e();

/** The status GET /v1/me answers a token with (through the typed client: a refusal is its ApiError). */
function statusOf(token: string): Promise<number> {
  return createClient({ baseUrl: h.url, token: () => token })
    .exchange(ROUTES.me)
    .then((r) => r.status, (err: unknown) => (err instanceof ApiError ? err.status : Promise.reject(err)));
}

describe('sessions in the console', () => {
  it('stays signed in across a reload and a new tab; signing out revokes the token and signs out every tab', async () => {
    const anon = await h.openAnonymous('/login');
    const { page, context } = anon;
    await page.getByLabel('Tên đăng nhập').fill('manager1');
    await page.getByLabel('Mật khẩu').fill('demo');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(/\/manager\/map$/);
    const stored = JSON.parse((await page.evaluate((key) => localStorage.getItem(key), SESSION_STORAGE_KEY))!) as { token: string; refreshToken: string };
    expect(stored.refreshToken).toBeTruthy();

    await page.reload();
    await page.getByTestId('current-user').waitFor();
    const tab2 = await context.newPage();
    await tab2.goto('/manager/charts');
    await tab2.getByTestId('current-user').waitFor();

    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.waitForURL(/\/login/);
    await tab2.waitForURL(/\/login/);
    await expect.poll(() => statusOf(stored.token)).toBe(401);
    await expect(createClient({ baseUrl: h.url }).call(ROUTES.refreshSession, { body: { refreshToken: stored.refreshToken } })).rejects.toMatchObject({ status: 401 });
  });

  it('an admin disables an operator: the operator’s open board signs them out at once', async () => {
    const operator = await h.openAs('operator1', '/operator');
    // The board's requests after the account is disabled are refused (401): the browser logs them.
    operator.expectErrors(/status of 401/);
    await operator.page.getByTestId('lane-KT-X1').waitFor();
    const admin = await h.openAs('admin1', '/admin/users', { locale: 'en' });
    const row = admin.page.getByTestId('user-operator1');
    await row.getByRole('button', { name: 'Disable' }).click();
    await row.getByText('Disabled').waitFor();
    await h.screenshot(admin.page, 'admin-users');

    await operator.page.waitForURL(/\/login/, { timeout: 20_000 });
    await operator.page.getByText('Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại').waitFor();
    expect(await statusOf(operator.token)).toBe(401);
    const audit = await h.api.db.prisma.auditEntry.findFirst({ where: { action: 'user.disable' } });
    expect(audit?.actorName).toBe('admin1');
  });
});
