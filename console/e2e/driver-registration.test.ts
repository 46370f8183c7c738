/**
 * E2E 2: a driver pre-registers on a phone, types a container number with a wrong check digit,
 * reads the rule in Vietnamese, fixes it and gets the QR pass; the QR shown on the phone is
 * decoded from its pixels and pasted into the operator's check-in, which queues the truck —
 * and the driver's page follows live.
 */
import { describe, expect, it } from 'vitest';
import jsQR from 'jsqr';
import type { Page } from 'playwright-core';
import { uniqueDeclaration, uniquePlate } from '@borderflow/api/src/testing/trip-fixtures.ts';
import { DESKTOP, PHONE } from './harness.ts';
import { useE2e } from './use-e2e.ts';
import { getTrip } from './gate-setup.ts';
import { formatPlate } from '../src/app/shared/plate-format.ts';

/** Polls wait as long as the page's own waits: a loaded CI machine is slow, not wrong. */
const POLL = { timeout: 10_000, interval: 100 };
const h = useE2e();

/** Reads the QR code the page shows, from its pixels (as a camera at the gate would). */
async function decodeQr(page: Page): Promise<string | null> {
  const png = (await page.getByTestId('qr-image').screenshot()).toString('base64');
  const image = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height);
    return { width: data.width, height: data.height, pixels: Array.from(data.data) };
  }, png);
  return jsQR(Uint8ClampedArray.from(image.pixels), image.width, image.height)?.data ?? null;
}

describe('driver pre-registration', () => {
  it('explains a wrong check digit, registers once fixed, and the QR pass checks the truck in', async () => {
    const plate = uniquePlate();
    const driver = await h.openAs('driver1', '/driver/register', { viewport: PHONE });
    const { page } = driver;
    const form = page.getByTestId('trip-form');
    await form.waitFor();
    await page.getByLabel('Biển số xe').fill(plate);
    await page.getByLabel('Họ và tên').fill('Nguyễn Văn An');
    await page.getByLabel('Số điện thoại').fill('+84 912 345 678');
    await page.getByLabel('Tên hàng').fill('Thanh long');
    await page.getByLabel('Mã HS').fill('0810.90.10');
    await page.getByLabel('Số kiện').fill('1200');
    await page.getByLabel('Trọng lượng (kg)').fill('18000');
    await page.getByLabel('Số niêm phong').fill('VN123456');
    await page.getByLabel('Số tờ khai 1').fill(uniqueDeclaration());

    const container = page.getByLabel('Số container');
    await container.fill('CSQU 305438 4');
    await container.blur();
    const error = page.getByTestId('error-containers.0.number');
    await error.waitFor();
    expect(await error.textContent()).toBe('Chữ số kiểm tra của số container phải là 3');
    expect(await container.getAttribute('aria-invalid')).toBe('true');
    // Centre the field and its message for the screenshot (no actionability wait: nothing to click).
    await container.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await h.screenshot(page, 'driver-register-error-phone');

    await container.fill('CSQU 305438 3');
    await error.waitFor({ state: 'detached' });
    await page.getByTestId('trip-submit').click();
    await page.waitForURL(/\/driver\/trips\/[^/?]+\?new=1$/);
    const tripId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByTestId('registered-banner').waitFor();
    const token = (await page.getByTestId('qr-token').textContent())!.trim();
    expect(token.length).toBeGreaterThanOrEqual(24);
    await page.waitForFunction(() => (document.querySelector('[data-testid="qr-image"]') as HTMLImageElement | null)?.complete === true);
    expect(await decodeQr(page)).toBe(token);
    expect(await page.getByTestId('trip-state').textContent()).toBe('Đã đăng ký');
    const registered = await getTrip(h.api, tripId);
    expect(registered.containers).toEqual([{ number: 'CSQU3054383', seals: ['VN123456'] }]);
    expect(registered.revisions).toBe(0);

    // A typo found before arrival: corrected without registering again, and kept in the history.
    await page.getByTestId('correct-trip').click();
    await page.getByTestId('correct-page').waitFor();
    await page.getByLabel('Số niêm phong').fill('VN123456, VN123457');
    await page.getByLabel('Lý do sửa (không bắt buộc)').fill('thiếu niêm phong');
    await page.getByTestId('trip-submit').click();
    await page.waitForURL(new RegExp(`/driver/trips/${tripId}\\?saved=1$`));
    await page.getByTestId('saved-banner').waitFor();
    const history = page.getByTestId('revision-history');
    await history.waitFor();
    expect(await history.textContent()).toContain('thiếu niêm phong');
    expect(await history.textContent()).toContain('VN123457');
    expect((await getTrip(h.api, tripId)).revisions).toBe(1);

    // The operator pastes what the QR says into the check-in box.
    const operator = await h.openAs('operator1', '/operator/check-in', { viewport: DESKTOP });
    await operator.page.getByTestId('check-in-input').fill(token);
    await operator.page.getByTestId('check-in-submit').click();
    await expect.poll(() => operator.page.getByTestId('recent-check-ins').textContent(), POLL).toContain(formatPlate(plate));

    // The driver's page moves on by itself: in line or already called to a lane.
    await expect.poll(() => page.getByTestId('trip-page').getAttribute('data-state'), POLL).toMatch(/^(queued|called)$/);
    expect((await getTrip(h.api, tripId)).state).not.toBe('registered');
    if ((await page.getByTestId('trip-page').getAttribute('data-state')) === 'called') {
      expect(await page.getByTestId('call-up-banner').textContent()).toMatch(/KT-(X|P)\d/);
    }
    await page.evaluate(() => window.scrollTo(0, 0));
    await h.screenshot(page, 'driver-status-phone');
  }, 60_000);

  it('shows the public waiting times without signing in, on a phone, in Chinese', async () => {
    const visitor = await h.openAnonymous('/waits', { viewport: PHONE, locale: 'zh', offline: true });
    const { page } = visitor;
    await page.getByTestId('wait-exit').waitFor();
    // The truck checked in above waits (or was called) on the exit side; the entry side is empty.
    expect(await page.getByTestId('wait-queue-entry').textContent()).toBe('0 辆车');
    expect(await page.getByTestId('wait-exit').textContent()).toContain('出境');
    expect(await page.getByTestId('wait-estimate-entry').textContent()).toMatch(/0\s*分钟/);
    await h.screenshot(page, 'public-waits-phone');
  });
});
