/**
 * E2E: the waiting list in the console. A driver finds an hour full, joins its waiting list (their
 * place is shown), another driver cancels, the freed slot is offered to the first in line with its
 * deadline, and the driver takes it: the booking is theirs.
 */
import { describe, expect, it } from 'vitest';
import { everyHourPlan } from '@borderflow/api/src/testing/booking-fixtures.ts';
import { tripRequest, uniquePhone } from '@borderflow/api/src/testing/trip-fixtures.ts';
import { ROUTES } from '@borderflow/client';
import { PHONE } from './harness.ts';
import { useE2e } from './use-e2e.ts';
import { clientAs } from './gate-setup.ts';
import { showBookingDate } from './booking-page.ts';
import { gateDate } from '../src/app/booking/slot-model.ts';

const POLL = { timeout: 15_000, interval: 100 };
const h = useE2e({ plan: everyHourPlan(1) });

async function trip(username: string): Promise<string> {
  const created = await (await clientAs(h.api, username)).call(ROUTES.registerTrip, { body: tripRequest({ driver: { fullName: 'Lò Văn Sáng', phone: uniquePhone() } }) });
  return created.id;
}

describe('waiting list in the console', () => {
  it('joins the waiting list of a full hour, is offered the slot freed by a cancel, and takes it', async () => {
    const mine = await trip('driver1');
    const driver = await h.openAs('driver1', '/driver/book', { viewport: PHONE });
    const { page } = driver;
    await page.getByTestId('book-page').waitFor();
    await page.getByTestId('booking-trip').selectOption(mine);
    await showBookingDate(page, gateDate(Date.now(), 1));
    const row = page.getByTestId('booking-hour').nth(4);
    await row.waitFor(POLL);
    const start = (await row.getAttribute('data-start'))!;
    // Someone else takes the hour's only slot.
    const other = await (await clientAs(h.api, 'driver2')).call(ROUTES.bookSlot, { body: { tripId: await trip('driver2'), slotStart: start } });
    // The public feed is cached for a few seconds: wait until it shows the hour full.
    const date = gateDate(Date.parse(start));
    const anyone = await clientAs(h.api, 'driver1'); // the feed is public: any caller reads the same
    const freeNow = async () => (await anyone.call(ROUTES.publicSlots, { params: { gate: 'KT' }, query: { date } })).hours
      .find((x) => x.start === start && x.direction === 'exit' && x.slotClass === 'ordinary')?.free;
    await expect.poll(freeNow, { timeout: 15_000, interval: 500 }).toBe(0);
    await page.reload();
    await page.getByTestId('booking-trip').selectOption(mine);
    await showBookingDate(page, gateDate(Date.now(), 1));
    const full = page.locator(`[data-testid="booking-hour"][data-start="${start}"]`);
    // The day's table settles (trip, date, waiting list loaded) before the click.
    await page.getByTestId('booking-date').press('Tab');
    await expect.poll(() => full.getByTestId('booking-wait-join').count(), { timeout: 30_000, interval: 200 }).toBe(1);
    await expect.poll(() => full.getByTestId('booking-wait-join').isEnabled(), POLL).toBe(true);
    await page.waitForLoadState('networkidle');
    await full.getByTestId('booking-wait-join').click();
    await expect.poll(() => page.getByTestId('booking-wait').first().getAttribute('data-state'), POLL).toBe('waiting');
    await expect.poll(() => page.getByTestId('booking-wait').first().textContent(), POLL).toMatch(/1/);
    await h.screenshot(page, 'booking-waitlist-waiting');

    await (await clientAs(h.api, 'driver2')).call(ROUTES.cancelBooking, { params: { bookingId: other.id }, body: { reason: 'Đổi kế hoạch' } });
    await page.reload();
    await page.getByTestId('booking-trip').selectOption(mine);
    await expect.poll(() => page.getByTestId('booking-wait').first().getAttribute('data-state'), POLL).toBe('offered');
    await h.screenshot(page, 'booking-waitlist-offered');
    await page.getByTestId('booking-wait-accept').click();
    await page.getByTestId('booking-current').waitFor(POLL);
    const booked = await h.api.db.prisma.slotBooking.findFirstOrThrow({ where: { tripId: mine, state: 'active' } });
    expect(booked.slotStart.toISOString()).toBe(new Date(start).toISOString());
    await h.screenshot(page, 'booking-waitlist-taken');
  }, 120_000);

  it('an operator finds a trip by plate and cancels it and its booking with a reason', async () => {
    const tripId = await trip('driver1');
    const row = await h.api.db.prisma.trip.findUniqueOrThrow({ where: { id: tripId }, include: { vehicle: true } });
    const slotStart = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 + 6 * 3_600_000).toISOString();
    const b = await (await clientAs(h.api, 'driver1')).call(ROUTES.bookSlot, { body: { tripId, slotStart } });
    const operator = await h.openAs('operator1', '/operator/booking-waivers');
    const { page } = operator;
    await page.getByTestId('op-cancel-plate').fill(row.vehicle.plate);
    await page.getByTestId('op-cancel-find').click();
    await page.getByTestId('op-cancel-trip').first().waitFor(POLL);
    await page.getByTestId('op-cancel-reason').fill('Xe không đủ giấy tờ');
    await h.screenshot(page, 'operator-cancel-trip');
    await page.getByTestId('op-cancel-submit').first().click();
    await expect.poll(async () => (await h.api.db.prisma.slotBooking.findUniqueOrThrow({ where: { id: b.id } })).state, POLL).toBe('cancelled');
    expect(await h.api.db.prisma.trip.findUniqueOrThrow({ where: { id: tripId } })).toMatchObject({ state: 'cancelled' });
    expect(await h.api.db.prisma.auditEntry.count({ where: { action: 'trip.operator-cancel', targetId: tripId } })).toBe(1);
  }, 120_000);
});
