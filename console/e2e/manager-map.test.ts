/**
 * E2E 3: the manager's throughput map with the network cut off from everything but the
 * platform: the gate geometry is drawn as SVG paths from the shipped GeoJSON (no tiles), lanes
 * and waiting areas take their live colours from the gate feed, and change when the gate does.
 * Also: the charts render, a report downloads as CSV, and a simulation runs to its report.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { cutOffNetwork, DESKTOP } from './harness.ts';
import { useE2e } from './use-e2e.ts';
import { checkIn, registerTrip, setLaneStatus } from './gate-setup.ts';
import { LEVEL_COLOURS } from '../src/app/manager/map/map-overlay.ts';
import { KIM_THANH_GATE } from '../src/app/manager/map/kim-thanh-gate.ts';

/** Polls wait as long as the page's own waits: a loaded CI machine is slow, not wrong. */
const POLL = { timeout: 10_000, interval: 100 };
const h = useE2e();

const path = (page: Page, id: string) => page.locator(`path[data-feature="${id}"]`);

describe('manager map', () => {
  it('draws the gate and its live colours offline, and follows the gate', async () => {
    await setLaneStatus(h.api, 'KT-X2', 'pause', 'e2e: lunch');
    await setLaneStatus(h.api, 'KT-N1', 'close', 'e2e: barrier fault');
    // Ordinary exit trucks: X1 takes the first, the others wait in yard KB1.
    for (let i = 0; i < 4; i++) {
      const trip = await registerTrip(h.api, i % 2 ? 'driver2' : 'driver1');
      await checkIn(h.api, { plate: trip.vehicle.plate });
    }

    const manager = await h.openAs('manager1', '/manager/map', { viewport: DESKTOP, offline: true });
    const { page } = manager;
    // cutOffNetwork again to see what the page tried to reach (the harness's own list is private).
    const blocked = await cutOffNetwork(manager.context, h.url);
    await page.locator('[data-testid="gate-map"][data-live="yes"]').waitFor({ timeout: 15_000 });

    // Every line and area of the shipped geometry is an SVG path; no tile was asked for.
    for (const f of KIM_THANH_GATE.features) {
      if (f.geometry.type !== 'Point') expect(await path(page, f.properties.id).count(), f.properties.id).toBe(1);
    }
    expect(await page.locator('.leaflet-overlay-pane svg path').count()).toBeGreaterThanOrEqual(17);
    expect(await page.locator('img.leaflet-tile').count()).toBe(0);
    expect(await path(page, 'border').getAttribute('stroke')).toBe('#b91c1c');
    expect(await path(page, 'KT-X1').getAttribute('d')).toMatch(/^M\d/);

    // Live colours from the gate feed.
    const fill = (id: string) => path(page, id).getAttribute('fill');
    await expect.poll(() => fill('KT-X1'), POLL).toBe(LEVEL_COLOURS.busy);
    expect(await fill('KT-X2')).toBe(LEVEL_COLOURS.paused);
    expect(await fill('KT-N1')).toBe(LEVEL_COLOURS.closed);
    expect(await fill('KT-N2')).toBe(LEVEL_COLOURS.free);
    expect(await path(page, 'KB1').getAttribute('data-count')).toBe('3');
    expect(await fill('KB1')).toBe(LEVEL_COLOURS.low);
    expect(await fill('KB-P')).toBe(LEVEL_COLOURS.empty);

    // The gate changes: the map follows without a reload.
    await setLaneStatus(h.api, 'KT-P1', 'maintenance', 'e2e: scanner service');
    const more = await registerTrip(h.api, 'driver1');
    await checkIn(h.api, { plate: more.vehicle.plate });
    await expect.poll(() => fill('KT-P1'), POLL).toBe(LEVEL_COLOURS.closed);
    await expect.poll(() => path(page, 'KB1').getAttribute('data-count'), POLL).toBe('4');

    // Clicking an area opens its details.
    await path(page, 'KB1').click({ force: true });
    const details = page.getByTestId('map-details');
    await details.waitFor();
    expect(await details.getAttribute('data-feature')).toBe('KB1');
    expect(await details.getByTestId('details-count').textContent()).toContain('4 xe');
    await h.screenshot(page, 'manager-map');
    expect(blocked).toEqual([]);
  }, 60_000);

  it('shows the charts and downloads a report as CSV', async () => {
    const manager = await h.openAs('manager1', '/manager/charts', { viewport: DESKTOP, offline: true, locale: 'en' });
    const { page } = manager;
    await page.getByTestId('chart-throughput').waitFor();
    expect(await page.getByTestId('stats-charts').locator('figure').count()).toBe(5);
    // The trucks waiting since the first test make the backlog line.
    await expect.poll(() => page.getByTestId('chart-backlog').locator('path.chart-line').count(), POLL).toBe(1);
    await h.screenshot(page, 'manager-charts');

    await page.goto('/manager/reports');
    await page.getByTestId('report-waits').waitFor();
    await h.screenshot(page, 'manager-reports');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-lanes').click()]);
    expect(download.suggestedFilename()).toMatch(/^borderflow-KT-lanes-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    // Utilisation is busy time over the time the lane was open (issue 16's figures that agree).
    expect(csv.startsWith('\uFEFFLane,Busy share of open time,Hours open\r\n')).toBe(true);
    expect(csv).toMatch(/\r\nKT-X1,\d/);
  });

  it('runs a simulation and shows its key figures and report', async () => {
    const manager = await h.openAs('manager1', '/manager/simulations', { viewport: DESKTOP, locale: 'en' });
    const { page } = manager;
    await page.getByTestId('sim-scenario').selectOption('kim-thanh-normal');
    await page.getByTestId('sim-run').click();
    await page.waitForURL(/\?run=[0-9a-f-]{36}$/);
    await page.locator('[data-testid="sim-status"][data-status="done"]').waitFor({ timeout: 60_000 });
    const summary = page.getByTestId('sim-summary');
    expect(await summary.locator('tbody tr').count()).toBe(11);
    expect(Number((await summary.locator('tbody tr').nth(0).locator('td').textContent())!.replace(/\D/g, ''))).toBeGreaterThan(100);
    expect(await page.getByTestId('sim-throughput').locator('rect.chart-bar').count()).toBeGreaterThan(10);
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.getByTestId('sim-open-report').click()]);
    await popup.waitForLoadState();
    expect(await popup.content()).toContain('kim-thanh-normal');
    await h.screenshot(page, 'manager-simulation');
  }, 90_000);
});
