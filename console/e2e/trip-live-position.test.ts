/**
 * The driver's trip page follows its place in the queue and its ETA live (issue 12, item 7): the
 * three entry lanes are busy with called trucks, trucks A and B wait in that order; when A is
 * cancelled, B's page shows place 1 and its ETA with its range from a server push, without a reload.
 */
import { describe, expect, it } from 'vitest';
import { PHONE } from './harness.ts';
import { useE2e } from './use-e2e.ts';
import { checkIn, clientAs, registerTrip } from './gate-setup.ts';
import { ROUTES } from '@borderflow/client';

const POLL = { timeout: 15_000 };
const h = useE2e();

describe("the trip page's live place and ETA", () => {
  it('moves up when a truck ahead leaves, without a reload', async () => {
    // Fill the three entry lanes with called trucks, so the next ones wait.
    for (let i = 0; i < 3; i++) {
      const busy = await registerTrip(h.api, 'driver2', { direction: 'entry' });
      expect((await checkIn(h.api, { plate: busy.vehicle.plate })).trip.state).toBe('called');
    }
    const ahead = await registerTrip(h.api, 'driver2', { direction: 'entry' });
    expect((await checkIn(h.api, { plate: ahead.vehicle.plate })).trip.state).toBe('queued');
    // Same company and class as the truck ahead (driver1's company is a trusted trader and would go first).
    const mine = await registerTrip(h.api, 'driver2', { direction: 'entry' });
    expect((await checkIn(h.api, { plate: mine.vehicle.plate })).trip.state).toBe('queued');

    const { page, errors } = await h.openAs('driver2', `/driver/trips/${mine.id}`, { viewport: PHONE, locale: 'vi' });
    const position = page.getByTestId('trip-position');
    await position.filter({ hasText: /^2$/ }).waitFor(POLL);
    await h.screenshot(page, 'trip-live-position-before');
    let reloads = 0;
    page.on('framenavigated', () => reloads++);

    await (await clientAs(h.api, 'operator1')).call(ROUTES.cancelTrip, { params: { tripId: ahead.id }, body: { reason: 'e2e: truck left the yard' } });
    await position.filter({ hasText: /^1$/ }).waitFor(POLL);
    expect(reloads).toBe(0);
    // The ETA came with the push too, with its range (it may read the same: both trucks waited for a lane).
    expect(await page.getByTestId('trip-eta').textContent()).toMatch(/từ .* đến /);
    await h.screenshot(page, 'trip-live-position-after');
    expect(errors).toEqual([]);
  }, 120_000);
});
