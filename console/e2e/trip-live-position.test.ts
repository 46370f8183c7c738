/**
 * The driver's trip page follows its place in the queue and its ETA live (issue 12, item 7; issue
 * 16, item 9): the three entry lanes are busy with called trucks, three trucks wait ahead of B, so
 * B is called in the second round of the lanes. When two of them leave, B's page shows place 2 and
 * a range one round (a stage's service time) earlier, from a server push, without a reload.
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
    const ahead = [];
    for (let i = 0; i < 3; i++) {
      const trip = await registerTrip(h.api, 'driver2', { direction: 'entry' });
      expect((await checkIn(h.api, { plate: trip.vehicle.plate })).trip.state).toBe('queued');
      ahead.push(trip);
    }
    // Same company and class as the truck ahead (driver1's company is a trusted trader and would go first).
    const mine = await registerTrip(h.api, 'driver2', { direction: 'entry' });
    expect((await checkIn(h.api, { plate: mine.vehicle.plate })).trip.state).toBe('queued');

    const { page } = await h.openAs('driver2', `/driver/trips/${mine.id}`, { viewport: PHONE, locale: 'vi' });
    const position = page.getByTestId('trip-position');
    await position.filter({ hasText: /^4$/ }).waitFor(POLL);
    const etaShown = page.getByTestId('trip-eta');
    const range = async () => {
      const ms = async (name: string) => Number(await etaShown.getAttribute(`data-${name}-ms`));
      return { expected: await ms('expected'), low: await ms('low'), high: await ms('high'), text: await etaShown.textContent() };
    };
    const before = await range();
    expect(before.text).toMatch(/từ .* đến /);
    expect(before.low).toBeLessThan(before.expected);
    expect(before.high).toBeGreaterThan(before.expected);
    await h.screenshot(page, 'trip-live-position-before');
    let reloads = 0;
    page.on('framenavigated', () => reloads++);

    const operator = await clientAs(h.api, 'operator1');
    for (const trip of ahead.slice(0, 2)) {
      await operator.call(ROUTES.cancelTrip, { params: { tripId: trip.id }, body: { reason: 'e2e: truck left the yard' } });
    }
    await position.filter({ hasText: /^2$/ }).waitFor(POLL);
    expect(reloads).toBe(0);
    // The ETA came with the push too, with its range, a round of the lanes earlier (a minute at least:
    // the countdown alone moves it by the seconds the test took).
    await expect.poll(async () => (await range()).expected, POLL).toBeLessThan(before.expected - 60_000);
    const after = await range();
    expect(after.text).toMatch(/từ .* đến /);
    expect(after.text).not.toBe(before.text);
    expect(after.low).toBeLessThanOrEqual(after.expected);
    expect(after.high).toBeGreaterThan(after.expected);
    expect(after.high).toBeLessThan(before.high);
    await h.screenshot(page, 'trip-live-position-after');
  }, 120_000);
});
