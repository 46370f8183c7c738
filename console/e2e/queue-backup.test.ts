/**
 * E2E: the paper backup of the queue page in a real browser against the real platform. With
 * trucks waiting and in lanes, an operator exports the queue and lane plan as CSV (every waiting
 * plate in call order, every lane) and prints the page: the print stylesheet drops the filters and
 * buttons and adds the lane plan.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Trip } from '@borderflow/contracts';
import { startE2e, DESKTOP, type E2eHarness } from './harness.ts';
import { checkIn, registerTrip, setLaneStatus } from './gate-setup.ts';

let h: E2eHarness;
const trips: Trip[] = [];
beforeAll(async () => {
  h = await startE2e();
  // Exit lanes paused: the exit trucks wait, so the queue has rows.
  await setLaneStatus(h.api, 'KT-X1', 'pause', 'e2e: backup');
  await setLaneStatus(h.api, 'KT-X2', 'pause', 'e2e: backup');
  for (let i = 0; i < 4; i++) {
    const trip = await registerTrip(h.api, 'driver1', { direction: 'exit' });
    await checkIn(h.api, { plate: trip.vehicle.plate });
    trips.push(trip);
  }
});
afterAll(() => h?.close());

describe('queue backup', () => {
  it('exports the queue and lane plan as CSV, and prints them without the controls', async () => {
    const { page } = await h.openAs('operator1', '/operator/queue', { viewport: DESKTOP, locale: 'en', offline: true });
    await expect.poll(() => page.getByTestId('queue-table').locator('tbody tr').count(), { timeout: 10_000 }).toBe(trips.length);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('queue-export-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^borderflow-KT-queue-.*\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    const lines = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toContain('Plate');
    const queued = lines.filter((l) => l.startsWith('Queue,'));
    expect(queued).toHaveLength(trips.length);
    expect(lines.filter((l) => l.startsWith('Lane,')).length).toBeGreaterThanOrEqual(5);
    expect(lines.some((l) => l.startsWith('Lane,KT-X1') && l.includes('Paused'))).toBe(true);

    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('lane-plan').isVisible()).toBe(true);
    expect(await page.getByTestId('queue-export-csv').isVisible()).toBe(false);
    expect(await page.getByTestId('filter-stage').isVisible()).toBe(false);
    await h.screenshot(page, 'operator-queue-print');
    await page.emulateMedia({ media: 'screen' });
    await h.screenshot(page, 'operator-queue-backup-buttons');
  });
});
