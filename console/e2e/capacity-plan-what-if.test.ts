/**
 * E2E: a manager tries a draft capacity plan before publishing it (issue 12, item 10). On the
 * capacity plan page the draft starts as the plan in force; the manager scales its slots and adds
 * a planned lane closure in the hour a driver has booked, runs it as a what-if (a job of the
 * simulation worker) and reads it beside the plan in force: per-hour lane utilisation, waits, and
 * the one booking the draft would leave over capacity. Nothing is published until the manager
 * says so; then the booking is notified.
 */
import { ROUTES } from '@borderflow/client';
import { describe, expect, it } from 'vitest';
import type { CapacityPlan } from '@borderflow/contracts';
import { tripRequest, uniquePhone } from '@borderflow/api/src/testing/trip-fixtures.ts';
import { clientAs } from './gate-setup.ts';
import { useE2e } from './use-e2e.ts';
import { gateDate } from '../src/app/booking/slot-model.ts';

const POLL = { timeout: 15_000, interval: 100 };
const RUN = { timeout: 180_000, interval: 500 };
const day = (n: number) => Array.from({ length: 24 }, (_, h) => (h >= 7 && h < 19 ? n : 0));
const PLAN: CapacityPlan = {
  templates: [{ name: 'weekday', slots: { exit: { ordinary: day(12), perishable: day(4), empty_return: day(2) }, entry: { ordinary: day(8), perishable: day(2), empty_return: day(2) } } }],
  week: Array.from({ length: 7 }, () => 'weekday'),
  exceptions: [],
  closures: [],
  walkInShare: 0.2,
};

const h = useE2e({ plan: PLAN });

describe('a capacity plan what-if in the console', () => {
  it('runs a scaled draft with a lane closure beside the plan in force, shows the booking it would affect, then publishes it', async () => {
    const tomorrow = gateDate(Date.now(), 1);
    const driver = await clientAs(h.api, 'driver1');
    const trip = await driver.call(ROUTES.registerTrip, { body: tripRequest({ driver: { fullName: 'Lò Văn Sáng', phone: uniquePhone() } }) });
    const booking = await driver.call(ROUTES.bookSlot, { body: { tripId: trip.id, slotStart: `${tomorrow}T09:00:00+07:00` } });

    const manager = await h.openAs('manager1', '/manager/capacity-plan');
    const { page } = manager;
    // The version is read from its attribute: the sentence also holds the walk-in share (20 %).
    await expect.poll(() => page.getByTestId('plan-in-force').getAttribute('data-version'), POLL).toBe('1');
    await expect.poll(async () => (await page.getByTestId('plan-draft').inputValue()).length, POLL).toBeGreaterThan(100);

    // 30 % more slots, and the X-ray lane closed 09–10 tomorrow for the booked class.
    await page.getByTestId('plan-scale').fill('130');
    await page.getByTestId('plan-scale-apply').click();
    const scaled = JSON.parse(await page.getByTestId('plan-draft').inputValue()) as CapacityPlan;
    expect(scaled.templates[0]!.slots.exit.ordinary[9]).toBe(16);
    scaled.closures = [{ date: tomorrow, fromHour: 9, toHour: 10, direction: booking.direction, slotClass: booking.slotClass, slots: 100, reason: 'X-ray lane maintenance' }];
    await page.getByTestId('plan-draft').fill(JSON.stringify(scaled, null, 2));
    // A broken draft is named before anything is sent.
    await page.getByTestId('plan-draft').fill('{"templates": [');
    await page.getByTestId('plan-draft-issue').waitFor(POLL);
    await expect.poll(() => page.getByTestId('plan-run').isDisabled(), POLL).toBe(true);
    await page.getByTestId('plan-draft').fill(JSON.stringify(scaled, null, 2));
    await expect.poll(() => page.getByTestId('plan-draft-issue').count(), POLL).toBe(0);
    await expect.poll(() => page.getByTestId('plan-publish').isDisabled(), POLL).toBe(true); // not before a what-if

    await page.getByTestId('plan-date').fill(tomorrow);
    await page.getByTestId('plan-run').click();
    await expect.poll(() => page.getByTestId('plan-status').getAttribute('data-status'), RUN).toBe('done');
    expect(page.url()).toContain('?run=');
    const cells = async (row: string) => page.getByTestId(`plan-row-${row}`).locator('td').allTextContents();
    expect(await cells('bookingsAffected')).toEqual(['1', '0']);
    const [draftSlots, publishedSlots] = (await cells('slots')).map((s) => Number(s.replace(/\D/g, '')));
    expect(draftSlots).toBeGreaterThan(publishedSlots!);
    expect((await cells('arrivals')).map((s) => Number(s.replace(/\D/g, '')))[0]).toBeGreaterThan(0);
    await page.getByTestId('plan-utilisation').locator('rect').first().waitFor(POLL);
    expect(await page.getByTestId('plan-hours').locator('tbody tr').count()).toBe(12);
    // Nothing published yet.
    expect((await (await clientAs(h.api, 'manager1')).call(ROUTES.readCapacityPlan, { params: { gate: 'KT' } })).version).toBe(1);
    await page.getByTestId('plan-compare').scrollIntoViewIfNeeded();
    await h.screenshot(page, 'capacity-plan-what-if');
    await page.getByTestId('plan-hours').scrollIntoViewIfNeeded();
    await h.screenshot(page, 'capacity-plan-what-if-hours');

    await page.getByTestId('plan-publish').click();
    await expect.poll(() => page.getByTestId('plan-in-force').getAttribute('data-version'), POLL).toBe('2');
    await expect.poll(async () => JSON.stringify(await driver.call(ROUTES.listBookings)), POLL).toContain('capacity_lowered');
  }, 240_000);
});
