/**
 * The app shell against the real platform: the API serves the built console for client routes,
 * sign-in through the form lands on the role's home, routes are guarded by role, and the
 * language choice is remembered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2e, type E2eHarness } from './harness.ts';

let h: E2eHarness;
beforeAll(async () => {
  h = await startE2e();
});
afterAll(() => h?.close());

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
    const { page } = anon;
    await page.waitForURL(/\/login\?next=/);
    await page.getByLabel('Tên đăng nhập').fill('operator1');
    await page.getByLabel('Mật khẩu').fill('wrong');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect.poll(() => page.getByTestId('login-error').textContent()).toBe('Sai tên đăng nhập hoặc mật khẩu');
    await page.getByLabel('Mật khẩu').fill('demo');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(/\/operator\/queue$/);
    await expect.poll(() => page.getByTestId('current-user').textContent()).toContain('Cán bộ điều hành');

    const driver = await h.openAs('driver1', '/operator');
    await driver.page.getByTestId('forbidden').waitFor();
    expect(await driver.page.getByTestId('forbidden').textContent()).toContain('Lái xe');
    expect([...anon.errors, ...driver.errors]).toEqual([]);
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
