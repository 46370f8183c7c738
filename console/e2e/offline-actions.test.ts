/**
 * E2E: the lane board's backup procedure for a network cut, in Chromium against the real platform.
 *   1. The operator's PC loses the network (the browser context goes offline: HTTP and the socket),
 *      the operator starts an inspection: the board says it is offline and shows the action as
 *      pending on the lane card; the network returns and the action is applied (server state).
 *      Then the answer of a "complete" is lost after the server applied it: the action is recorded
 *      and replayed with the same commandId, and the server answers with the first result (applied
 *      once: no conflict, the next truck is called, not inspected).
 *   2. Offline, the operator pauses lane N2, then puts it in maintenance, and pauses N3; the page is
 *      reloaded (the queue survives it); meanwhile another operator paused N2. On reconnect, N3 is
 *      paused, N2's pause is a conflict with the server's answer and its maintenance is held back:
 *      both are in the conflict report until the operator discards them.
 */
import { describe, expect, it } from 'vitest';
import { ROUTES } from '@borderflow/client';
import type { Page } from 'playwright-core';
import { DESKTOP } from './harness.ts';
import { useE2e } from './use-e2e.ts';
import { clientAs, getTrip, oneExitLaneWithTwoTrucks } from './gate-setup.ts';
import { formatPlate } from '../src/app/shared/plate-format.ts';

const h = useE2e();

// The machine is loaded and the board retries every 10 s: generous waits, never timed assertions.
const SLOW = { timeout: 40_000 };

async function laneStatus(laneId: string): Promise<{ status: string; statusReason: string | null }> {
  const { lanes } = await (await clientAs(h.api, 'operator1')).call(ROUTES.listLanes, { params: { gate: 'KT' } });
  const lane = lanes.find((l) => l.id === laneId)!;
  return { status: lane.status, statusReason: lane.statusReason ?? null };
}

async function actWithReason(page: Page, laneId: string, action: 'pause' | 'maintenance', reason: string): Promise<void> {
  await page.getByTestId(`lane-${laneId}`).getByTestId(`action-${action}`).click();
  const dialog = page.getByTestId('lane-action-dialog');
  await dialog.getByRole('textbox').fill(reason);
  await dialog.getByTestId('dialog-submit').click();
  await dialog.waitFor({ state: 'detached', timeout: 20_000 });
}

describe('operator board while the server is unreachable', () => {
  it('records an action during a network cut and applies it once when the network returns', async () => {
    const { first, next } = await oneExitLaneWithTwoTrucks(h.api);
    expect((await getTrip(h.api, first.id)).live?.laneId).toBe('KT-X1');

    const operator = await h.openAs('operator1', '/operator', { viewport: DESKTOP });
    // What the browser logs of the requests the network cut fails.
    operator.expectErrors(/ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_RESET|Failed to load resource/);
    const { page, context } = operator;
    const lane = page.getByTestId('lane-KT-X1');
    await expect.poll(() => lane.getByTestId('lane-plate').textContent(), SLOW).toBe(formatPlate(first.vehicle.plate));
    await page.getByTestId('connection-state').and(page.locator('[data-state="connected"]')).waitFor({ timeout: 20_000 });

    // The cut: no HTTP, no socket.
    await context.setOffline(true);
    await lane.getByTestId('action-start').click();
    await page.getByTestId('offline-banner').waitFor({ timeout: 20_000 });
    await expect.poll(() => page.getByTestId('offline-pending-count').textContent()).toBe('1 thao tác chưa gửi');
    expect(await lane.getByTestId('lane-pending').textContent()).toContain('Chờ gửi, chưa gửi: Bắt đầu kiểm tra');
    expect(await page.getByTestId('offline-pending-item').textContent()).toContain(formatPlate(first.vehicle.plate));
    // The server has not seen it.
    expect((await getTrip(h.api, first.id)).live?.laneId).toBe('KT-X1');
    expect(await lane.getByTestId('lane-occupancy').textContent()).toBe('Đã gọi xe');
    console.log(`[e2e] offline-pending screenshot: ${await h.screenshot(page, 'offline-pending')}`);

    await context.setOffline(false);
    await expect.poll(() => lane.getByTestId('lane-occupancy').textContent(), SLOW).toBe('Đang kiểm tra');
    await expect.poll(() => page.getByTestId('offline-panel').count(), SLOW).toBe(0);
    expect(await lane.getByTestId('lane-pending').count()).toBe(0);

    // The server applies "complete" but its answer is lost on the way back.
    let lost = 0;
    await page.route('**/v1/gates/KT/lanes/KT-X1/complete', async (route) => {
      if (lost++ > 0) return route.continue();
      await route.fetch();
      return route.abort('connectionreset');
    });
    await lane.getByTestId('action-complete').click();
    const dialog = page.getByTestId('lane-action-dialog');
    await dialog.waitFor();
    await page.keyboard.press('1');
    await dialog.getByTestId('dialog-submit').click();
    await dialog.waitFor({ state: 'detached', timeout: 20_000 });
    // Recorded, then replayed with the same commandId: the server answers with the first result.
    await expect.poll(() => lost, SLOW).toBe(2);
    await expect.poll(() => page.getByTestId('offline-panel').count(), SLOW).toBe(0);
    await expect.poll(() => lane.getByTestId('lane-plate').textContent(), SLOW).toBe(formatPlate(next.vehicle.plate));
    expect(await lane.getByTestId('lane-occupancy').textContent()).toBe('Đã gọi xe');
    const done = await getTrip(h.api, first.id);
    expect(done.live?.laneId ?? null).not.toBe('KT-X1');
    expect((await getTrip(h.api, next.id)).live?.laneId).toBe('KT-X1');
  });

  it('reports a conflict when another operator changed the lane meanwhile; other lanes go on', async () => {
    const operator = await h.openAs('operator1', '/operator', { viewport: DESKTOP, locale: 'en' });
    // What the browser logs of the requests the network cut fails, and of the refused action (409).
    operator.expectErrors(/ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_RESET|status of 409/);
    const { page, context } = operator;
    await page.getByTestId('lane-KT-N2').waitFor({ timeout: 20_000 });
    await page.getByTestId('connection-state').and(page.locator('[data-state="connected"]')).waitFor({ timeout: 20_000 });

    await context.setOffline(true);
    await actWithReason(page, 'KT-N2', 'pause', 'Lunch break N2');
    await page.getByTestId('offline-banner').waitFor({ timeout: 20_000 });
    await actWithReason(page, 'KT-N2', 'maintenance', 'Scanner check N2');
    await actWithReason(page, 'KT-N3', 'pause', 'Lunch break N3');
    await expect.poll(() => page.getByTestId('offline-pending-count').textContent()).toBe('Actions not yet sent: 3');
    // Meanwhile, another operator pauses N2 from their own desk.
    await (await clientAs(h.api, 'admin1')).call(ROUTES.pauseLane, { params: { gate: 'KT', laneId: 'KT-N2' }, body: { reason: 'Other desk: staff short' } });

    // The queue survives a reload (the API still cut; the page itself loads).
    await context.route('**/v1/**', (route) => route.abort('internetdisconnected'));
    await context.setOffline(false);
    await page.reload();
    await expect.poll(() => page.getByTestId('offline-pending-count').textContent(), SLOW).toBe('Actions not yet sent: 3');
    expect(await page.getByTestId('lane-KT-N2').getByTestId('lane-pending').textContent()).toContain('Pending, not yet sent: Pause');

    // The network returns.
    await context.unroute('**/v1/**');
    const report = page.getByTestId('offline-conflicts');
    await report.waitFor({ timeout: 40_000 });
    await expect.poll(() => page.getByTestId('offline-conflict').count(), SLOW).toBe(2);
    await expect.poll(async () => (await laneStatus('KT-N3')).status, SLOW).toBe('paused');
    const [refused, blocked] = [page.getByTestId('offline-conflict').nth(0), page.getByTestId('offline-conflict').nth(1)];
    expect(await refused.getAttribute('data-kind')).toBe('refused');
    expect(await refused.textContent()).toContain('Lunch break N2');
    expect(await refused.getByTestId('offline-conflict-reason').textContent()).toMatch(/^Server answered: The lane is not in the right state — .*paused/);
    expect(await blocked.getAttribute('data-kind')).toBe('blocked');
    expect(await blocked.getByTestId('offline-conflict-reason').textContent()).toBe('Not sent: the earlier action (KT-N2 Pause) was not applied');
    expect(await page.getByTestId('offline-pending-count').count()).toBe(0);
    expect(await page.getByTestId('lane-KT-N2').getByTestId('lane-pending').textContent()).toContain('Conflict: Pause');
    // Nothing was resolved silently: N2 keeps the other operator's pause, not this operator's maintenance.
    expect(await laneStatus('KT-N2')).toEqual({ status: 'paused', statusReason: 'Other desk: staff short' });
    console.log(`[e2e] offline-conflict screenshot: ${await h.screenshot(page, 'offline-conflict')}`);

    await blocked.getByTestId('offline-discard').click();
    await expect.poll(() => page.getByTestId('offline-conflict').count()).toBe(1);
    await page.getByTestId('offline-discard').click();
    await expect.poll(() => page.getByTestId('offline-panel').count()).toBe(0);
    // Discarded for good: a reload brings nothing back.
    await page.reload();
    await page.getByTestId('lane-KT-N2').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('offline-panel').count()).toBe(0);
  });
});
