/**
 * E2E: walk-ins at check-in (issue 12, item 3). At a gate with a published capacity plan a truck
 * without a booking is admitted while the hour's walk-in share lasts: the operator is told at once
 * that it has no slot and queues at the lowest priority, and the recent check-ins show its class.
 * The next truck without a booking in the same hour is refused, worded for the operator in their
 * language (book a slot), and stays out of the yard.
 */
import { ROUTES } from '@borderflow/client';
import { describe, expect, it } from 'vitest';
import { clientAs, registerTrip } from './gate-setup.ts';
import { useE2e } from './use-e2e.ts';
import { everyHourPlan } from '@borderflow/api/src/testing/booking-fixtures.ts';

const HOUR = 3_600_000;
const POLL = { timeout: 15_000, interval: 100 };
// One ordinary slot an hour each way and half the hour open to walk-ins: exactly one walk-in an hour per direction.
const PLAN = everyHourPlan(1, { walkInShare: 0.5 });
const h = useE2e({ plan: PLAN });

describe('walk-ins at check-in', () => {
  it('admits a truck without a slot at the lowest priority while the share lasts, then refuses the next one, clearly worded', async () => {
    const first = await registerTrip(h.api, 'driver1', { direction: 'exit' });
    const second = await registerTrip(h.api, 'driver2', { direction: 'exit' });
    // Both check-ins must fall in one hour (the share is per hour): not in the last minute of one.
    const left = HOUR - (Date.now() % HOUR);
    if (left < 60_000) await new Promise((resolve) => setTimeout(resolve, left + 1_000));

    const operator = await h.openAs('operator1', '/operator/check-in');
    // The browser logs the refused check-in's 409 by itself.
    operator.expectErrors(/status of 409/);
    const { page } = operator;
    await page.getByTestId('check-in-input').fill(first.vehicle.plate);
    await page.getByTestId('check-in-submit').click();
    await page.getByTestId('recent-check-ins').waitFor(POLL);
    // Told at once: no slot, lowest priority; the recent check-ins name its class.
    await expect.poll(() => page.getByText('không đặt lịch: ưu tiên thấp nhất').count(), POLL).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('recent-check-ins').textContent(), POLL).toContain('Không đặt lịch');
    const admitted = await (await clientAs(h.api, 'operator1')).call(ROUTES.readTrip, { params: { tripId: first.id } });
    expect(admitted.priority.class).toBe('walk_in');
    expect(admitted.state).not.toBe('registered');
    await h.screenshot(page, 'walk-in-admitted');

    await page.getByTestId('check-in-input').fill(second.vehicle.plate);
    await page.getByTestId('check-in-submit').click();
    // The error line is always on the page (empty until a refusal): wait for its words, not for it.
    await expect.poll(() => page.getByTestId('check-in-error').textContent(), POLL).toContain('Hết chỗ cho xe không đặt lịch trong giờ này; hãy đặt lịch');
    const refusal = await page.getByTestId('check-in-error').textContent();
    expect(refusal).not.toMatch(/\b5\d\d\b|stack|\/src\//);
    const refused = await (await clientAs(h.api, 'operator1')).call(ROUTES.readTrip, { params: { tripId: second.id } });
    expect(refused.state).toBe('registered');
    await h.screenshot(page, 'walk-in-refused');
  }, 120_000);
});
