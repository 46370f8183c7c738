/**
 * The driver's journey (issue 12, item 7) in Chromium on a phone: a driver cancels with a reason
 * and lands on an end screen with the next step and no QR pass; the register form's draft
 * survives a reload and is gone once discarded. A crossed, turned-back or no-show trip shows its end
 * screen with its next step, never the QR pass.
 */
import { describe, expect, it } from 'vitest';
import { uniquePlate } from '@borderflow/api/src/testing/trip-fixtures.ts';
import { PHONE } from './harness.ts';
import { useE2e } from './use-e2e.ts';
import { getTrip, registerTrip, takeToEnd } from './gate-setup.ts';
import { BOOK_AGAIN_PATH } from '../src/app/journey/journey-links.ts';

const POLL = { timeout: 10_000 };
const h = useE2e();

describe("the driver's journey", () => {
  it('cancels with a reason and shows the end screen without the QR pass', async () => {
    const trip = await registerTrip(h.api, 'driver1');
    const { page, expectErrors } = await h.openAs('driver1', `/driver/trips/${trip.id}`, { viewport: PHONE });
    // The cancelled trip's pass is refused (409) to the page that still shows it.
    expectErrors(/409|Conflict/i);
    await page.getByTestId('qr-image').waitFor(POLL);

    await page.getByTestId('cancel-trip-open').click();
    await page.getByTestId('cancel-trip-confirm').click();
    // No reason: the panel says so and nothing is sent.
    expect(await page.getByRole('alert').filter({ hasText: 'Hãy ghi lý do hủy' }).count()).toBe(1);
    expect((await getTrip(h.api, trip.id)).state).toBe('registered');

    await page.getByLabel('Lý do hủy').fill('Xe hỏng giữa đường');
    await h.screenshot(page, 'journey-cancel-reason-phone');
    await page.getByTestId('cancel-trip-confirm').click();
    const end = page.getByTestId('trip-end-screen');
    await end.waitFor(POLL);
    expect(await end.getAttribute('data-end')).toBe('cancelled');
    expect(await end.textContent()).toContain('Chuyến đã bị hủy');
    expect(await page.getByTestId('end-book-again').getAttribute('href')).toBe(BOOK_AGAIN_PATH);
    expect(await page.getByTestId('qr-pass').count()).toBe(0);
    expect(await page.getByTestId('cancel-trip-open').count()).toBe(0);
    expect((await getTrip(h.api, trip.id)).state).toBe('cancelled');
    await h.screenshot(page, 'journey-end-cancelled-phone');

    // A reload (or the link from the list) lands on the same end screen, still without a pass.
    await page.reload();
    await page.getByTestId('trip-end-screen').waitFor(POLL);
    expect(await page.getByTestId('qr-image').count()).toBe(0);
  }, 120_000);

  it("keeps the register form's draft across a reload, per user, until discarded", async () => {
    const plate = uniquePlate();
    const { page } = await h.openAs('driver2', '/driver/register', { viewport: PHONE });
    await page.getByTestId('trip-form').waitFor(POLL);
    await page.getByLabel('Biển số xe').fill(plate);
    await page.getByLabel('Họ và tên').fill('Trần Thị Bình');
    await page.getByLabel('Tên hàng').fill('Vải thiều');

    await page.reload();
    await page.getByTestId('draft-restored').waitFor(POLL);
    expect(await page.getByLabel('Biển số xe').inputValue()).toBe(plate);
    expect(await page.getByLabel('Họ và tên').inputValue()).toBe('Trần Thị Bình');
    expect(await page.getByLabel('Tên hàng').inputValue()).toBe('Vải thiều');
    await h.screenshot(page, 'journey-draft-restored-phone');

    // Another driver on another phone starts empty.
    const other = await h.openAs('driver1', '/driver/register', { viewport: PHONE });
    await other.page.getByTestId('trip-form').waitFor(POLL);
    expect(await other.page.getByLabel('Biển số xe').inputValue()).toBe('');

    await page.getByTestId('draft-discard').click();
    expect(await page.getByLabel('Biển số xe').inputValue()).toBe('');
    await page.reload();
    await page.getByTestId('trip-form').waitFor(POLL);
    expect(await page.getByTestId('draft-restored').count()).toBe(0);
    expect(await page.getByLabel('Biển số xe').inputValue()).toBe('');
  }, 120_000);

  it('a crossed, a turned-back and a no-show trip each show their end screen and next step, never the QR pass', async () => {
    const ends = [
      { end: 'crossed', driver: 'driver2', locale: 'vi', title: 'Xe đã qua cửa khẩu', next: 'Đặt lịch chuyến sau' },
      { end: 'turned_back', driver: 'driver2', locale: 'en', title: 'The truck was turned back', next: 'Book again' },
      { end: 'no_show', driver: 'driver1', locale: 'zh', title: '车辆未按时到达车道', next: '重新预约' },
    ] as const;
    for (const e of ends) {
      // An empty truck: customs has nothing to decide, the yard takes it straight to the lanes.
      const trip = await takeToEnd(h.api, await registerTrip(h.api, e.driver, { cargo: [] }), e.end);
      expect(trip.state).toBe(e.end);
      const { page } = await h.openAs(e.driver, `/driver/trips/${trip.id}`, { viewport: PHONE, locale: e.locale });
      const end = page.getByTestId('trip-end-screen');
      await expect.poll(() => end.getAttribute('data-end'), POLL).toBe(e.end);
      await expect.poll(() => end.textContent(), POLL).toContain(e.title);
      expect(await page.getByTestId('end-book-again').textContent()).toBe(e.next);
      expect(await page.getByTestId('end-book-again').getAttribute('href')).toBe(BOOK_AGAIN_PATH);
      expect(await page.getByTestId('qr-pass').count()).toBe(0);
      expect(await page.getByTestId('cancel-trip-open').count()).toBe(0);
      await h.screenshot(page, `journey-end-${e.end}-${e.locale}-phone`);
      // The page never asked for the spent pass (the server would refuse it: 409): the shared check
      // of page errors (fail-on-page-errors.ts) fails the test if it did.
    }
  }, 180_000);
});
