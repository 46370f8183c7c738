/**
 * E2E: slot booking through the console. A driver books a slot on a phone, moves it, cancels it
 * with a reason; two missed slots suspend booking (the banner says why and until when); an
 * operator waives the suspension with a reason and the driver may book again. The public page
 * and the manager's slot-use table show the day.
 */
import { ROUTES } from '@borderflow/client';
import { clientAs } from './gate-setup.ts';
import { showBookingDate } from './booking-page.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tripRequest, uniquePhone } from '@borderflow/api/src/testing/trip-fixtures.ts';
import { startE2e, DESKTOP, PHONE, type E2eHarness } from './harness.ts';
import { gateDate } from '../src/app/booking/slot-model.ts';
import { everyHourPlan } from '@borderflow/api/src/testing/booking-fixtures.ts';

const HOUR = 3_600_000;
const POLL = { timeout: 15_000, interval: 100 };
let h: E2eHarness;

beforeAll(async () => {
  h = await startE2e();
  // Slots every hour of the day, so the test does not depend on the time it runs.
  const plan = everyHourPlan({ ordinary: 5, perishable: 3, emptyReturn: 2 }, { entry: { ordinary: 5, emptyReturn: 2 } });
  await (await clientAs(h.api, 'manager1')).call(ROUTES.publishCapacityPlan, { params: { gate: 'KT' }, body: plan });
}, 60_000);
afterAll(() => h?.close());

async function trip(phone = uniquePhone()): Promise<string> {
  const created = await (await clientAs(h.api, 'driver1')).call(ROUTES.registerTrip, { body: tripRequest({ driver: { fullName: 'Lò Văn Sáng', phone } }) });
  return created.id;
}

describe('slot booking in the console', () => {
  it("shows the hours of the date asked last, though an earlier read of the feed answers after it", async () => {
    const tripId = await trip();
    const today = gateDate(Date.now());
    const tomorrow = gateDate(Date.now(), 1);
    const driver = await h.openAs('driver1', '/driver', { viewport: PHONE });
    const { page } = driver;
    // Today's feed answers 2 s late (a slow mobile link): the read for tomorrow, asked after it, answers first.
    const todays = (url: URL) => url.pathname === '/v1/public/gates/KT/slots' && url.searchParams.get('date') === today;
    await page.route(todays, async (route) => {
      await new Promise((r) => setTimeout(r, 2_000));
      await route.continue();
    });
    const lateAnswer = page.waitForResponse((r) => todays(new URL(r.url())), POLL);
    await page.getByTestId('book-slot').click();
    await page.getByTestId('book-page').waitFor();
    await page.getByTestId('booking-trip').selectOption(tripId);
    await showBookingDate(page, tomorrow);
    await lateAnswer;
    // Time for the late answer to reach the page's state; it must not replace tomorrow's hours.
    await page.waitForTimeout(500);
    expect(await page.getByTestId('booking-slots').getAttribute('data-date')).toBe(tomorrow);
    const starts = await page.getByTestId('booking-hour').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-start')!));
    expect(starts.length).toBeGreaterThan(0);
    expect(starts.filter((s) => gateDate(Date.parse(s)) !== tomorrow)).toEqual([]);
  });

  it('books a slot, moves it once (moves left and cut-off shown), cancels it with a reason', async () => {
    const tripId = await trip();
    const driver = await h.openAs('driver1', '/driver', { viewport: PHONE });
    const { page } = driver;
    await page.getByTestId('book-slot').click();
    await page.getByTestId('book-page').waitFor();
    await page.getByTestId('booking-trip').selectOption(tripId);
    await showBookingDate(page, gateDate(Date.now(), 1));
    const first = page.getByTestId('booking-hour').nth(3);
    await first.waitFor(POLL);
    const firstStart = await first.getAttribute('data-start');
    await first.getByTestId('booking-pick').click();
    await page.getByTestId('booking-current').waitFor(POLL);
    await expect.poll(() => page.getByTestId('booking-moves-left').textContent(), POLL).toContain('2');
    await expect.poll(() => page.getByTestId('booking-cutoff').textContent(), POLL).toMatch(/\d/);
    await h.screenshot(page, 'booking-booked');

    await page.getByTestId('booking-reschedule').click();
    const later = page.getByTestId('booking-hour').nth(6);
    const laterStart = await later.getAttribute('data-start');
    expect(laterStart).not.toBe(firstStart);
    await later.getByTestId('booking-pick').click();
    await expect.poll(() => page.getByTestId('booking-moves-left').textContent(), POLL).toContain('1');
    const row = await h.api.db.prisma.slotBooking.findFirstOrThrow({ where: { tripId, state: 'active' } });
    expect(row.slotStart.toISOString()).toBe(new Date(laterStart!).toISOString());
    await h.screenshot(page, 'booking-moved');

    await page.getByTestId('booking-cancel').click();
    await page.getByTestId('booking-cancel-reason').fill('Xe hỏng');
    await h.screenshot(page, 'booking-cancel-form');
    await page.getByTestId('booking-cancel-confirm').click();
    await page.getByTestId('booking-earlier').first().waitFor(POLL);
    await expect.poll(() => page.getByTestId('booking-current').count(), POLL).toBe(0);
    const cancelled = await h.api.db.prisma.slotBooking.findUniqueOrThrow({ where: { id: row.id } });
    expect(cancelled).toMatchObject({ state: 'cancelled', cancelReason: 'Xe hỏng' });
    await h.screenshot(page, 'booking-cancelled');
  }, 90_000);

  it('two no-shows suspend booking with the reason and end; an operator waives it and the driver books again', async () => {
    const phone = uniquePhone();
    const asDriver = await clientAs(h.api, 'driver1');
    const past = Math.floor(Date.now() / HOUR) * HOUR - 5 * HOUR;
    let driverId = '';
    for (const n of [0, 1]) {
      const id = await trip(phone);
      const slot = new Date(Math.floor(Date.now() / HOUR) * HOUR + (4 + n) * HOUR).toISOString();
      const booking = await asDriver.call(ROUTES.bookSlot, { body: { tripId: id, slotStart: slot } });
      // The clock is real: the missed slot is moved into the past.
      const row = await h.api.db.prisma.slotBooking.update({ where: { id: booking.id }, data: { slotStart: new Date(past - n * HOUR) } });
      driverId = row.driverId;
      await asDriver.call(ROUTES.cancelTrip, { params: { tripId: id }, body: {} });
    }
    const third = await trip(phone);

    const driver = await h.openAs('driver1', '/driver/book', { viewport: PHONE, locale: 'en' });
    const banner = driver.page.getByTestId('booking-suspended');
    await banner.waitFor(POLL);
    expect(await banner.textContent()).toMatch(/suspended until .*2 no-shows in 90 days/);
    // The driver shows this code at the gate; the operator types it to look the suspension up.
    expect(await banner.textContent()).toContain(driverId);
    expect(await driver.page.getByTestId('booking-slots').count()).toBe(0);
    await h.screenshot(driver.page, 'booking-suspended');

    const operator = await h.openAs('operator1', '/operator/booking-waivers', { viewport: DESKTOP });
    const op = operator.page;
    await op.getByTestId('waiver-driver').fill(driverId);
    await op.getByTestId('waiver-look').click();
    await expect.poll(() => op.getByTestId('waiver-status').textContent(), POLL).toMatch(/2/);
    await op.getByTestId('waiver-reason').fill('Xe hỏng trên QL4D, có biên bản');
    await h.screenshot(op, 'booking-waiver-form');
    await op.getByTestId('waiver-submit').click();
    await expect.poll(async () => (await op.getByTestId('waiver-reason').count()) === 0, POLL).toBe(true);
    expect(await h.api.db.prisma.auditEntry.count({ where: { action: 'booking.waive', targetId: driverId } })).toBe(1);
    await h.screenshot(op, 'booking-waived');

    await driver.page.reload();
    await driver.page.getByTestId('booking-trip').selectOption(third);
    await showBookingDate(driver.page, gateDate(Date.now(), 1));
    await driver.page.getByTestId('booking-hour').first().getByTestId('booking-pick').click();
    await driver.page.getByTestId('booking-current').waitFor(POLL);
    expect(await driver.page.getByTestId('booking-suspended').count()).toBe(0);

    const manager = await h.openAs('manager1', '/manager/slot-use', { viewport: DESKTOP });
    await manager.page.getByTestId('slot-use-date').fill(gateDate(past));
    await manager.page.getByTestId('slot-use-hours').waitFor(POLL);
    await manager.page.getByTestId('slot-use-companies').waitFor(POLL);
    await h.screenshot(manager.page, 'booking-slot-use');

    const visitor = await h.openAnonymous('/waits', { viewport: PHONE, locale: 'zh' });
    await visitor.page.getByTestId('public-slots-KT').waitFor(POLL);
    await visitor.page.getByTestId('public-slots-exit').waitFor(POLL);
    await visitor.page.getByTestId('public-slots-KT').scrollIntoViewIfNeeded();
    await h.screenshot(visitor.page, 'booking-public-slots');
  }, 120_000);
});
