/**
 * E2E 1: an operator completes an inspection with the keyboard on the lane board; the next
 * truck's driver, on their status page in a second browser, is told to go to the lane; a
 * third browser's lane board shows the new truck in the lane.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2e, DESKTOP, PHONE, type E2eHarness } from './harness.ts';
import { checkIn, getTrip, registerTrip, setLaneStatus } from './gate-setup.ts';
import { formatPlate } from '../src/app/shared/plate-format.ts';

let h: E2eHarness;
beforeAll(async () => {
  h = await startE2e();
});
afterAll(() => h?.close());

describe('operator completes an inspection', () => {
  it('calls the next truck: its driver sees "go to lane" and another board updates', async () => {
    // Only KT-X1 serves ordinary exit trucks: X2 paused (P1 takes perishables only).
    await setLaneStatus(h.api, 'KT-X2', 'pause', 'e2e: one exit lane');
    const first = await registerTrip(h.api, 'driver1', { cargo: [] });
    const next = await registerTrip(h.api, 'driver2');
    await checkIn(h.api, { plate: first.vehicle.plate });
    await checkIn(h.api, { plate: next.vehicle.plate });
    expect((await getTrip(h.api, first.id)).live?.laneId).toBe('KT-X1');
    expect((await getTrip(h.api, next.id)).state).toBe('queued');

    const operator = await h.openAs('operator1', '/operator', { viewport: DESKTOP });
    const driver = await h.openAs('driver2', `/driver/trips/${next.id}`, { viewport: PHONE });
    const watcher = await h.openAs('manager1', '/operator', { viewport: DESKTOP });

    const lane = operator.page.getByTestId('lane-KT-X1');
    await expect.poll(() => lane.getByTestId('lane-plate').textContent()).toBe(formatPlate(first.vehicle.plate));
    await expect.poll(() => lane.getByTestId('lane-next').textContent()).toContain(formatPlate(next.vehicle.plate));
    const watched = watcher.page.getByTestId('lane-KT-X1');
    await expect.poll(() => watched.getByTestId('lane-plate').textContent()).toBe(formatPlate(first.vehicle.plate));
    // The driver page is live before the call-up: no banner yet.
    await driver.page.getByTestId('connection-state').waitFor({ timeout: 10_000 });
    expect(await driver.page.getByTestId('call-up-banner').count()).toBe(0);

    // Keyboard only: focus the lane, S = start inspection, C = complete, 1 = cleared, Enter.
    await lane.focus();
    await operator.page.keyboard.press('s');
    await expect.poll(() => lane.getByTestId('lane-occupancy').textContent()).toBe('Đang kiểm tra');
    await h.screenshot(operator.page, 'operator-board-inspecting');
    await lane.focus();
    await operator.page.keyboard.press('c');
    const dialog = operator.page.getByTestId('lane-action-dialog');
    await dialog.waitFor();
    await operator.page.keyboard.press('1');
    expect(await dialog.getByRole('radio', { name: /Thông quan/ }).isChecked()).toBe(true);
    await dialog.getByLabel('Ghi chú (không bắt buộc)').fill('Hồ sơ đầy đủ');
    const banner = driver.page.getByTestId('call-up-banner');
    const bannerSeenAt = banner.waitFor({ timeout: 10_000 }).then(() => Date.now());
    bannerSeenAt.catch(() => undefined); // awaited below; do not let it reject unhandled meanwhile
    const completedAt = Date.now();
    await dialog.getByTestId('dialog-submit').click();

    await expect.poll(() => watched.getByTestId('lane-plate').textContent()).toBe(formatPlate(next.vehicle.plate));
    expect(await watched.getByTestId('lane-occupancy').textContent()).toBe('Đã gọi xe');
    await expect.poll(() => lane.getByTestId('lane-plate').textContent()).toBe(formatPlate(next.vehicle.plate));
    const seenAfterMs = (await bannerSeenAt) - completedAt;
    expect(await banner.textContent()).toContain('KT-X1');
    console.log(`[e2e] call-up banner seen ${seenAfterMs} ms after the operator submitted the outcome`);

    await operator.page.getByTestId('notice-success').first().waitFor();
    await h.screenshot(operator.page, 'operator-board');
    await h.screenshot(driver.page, 'driver-call-up-phone');
    expect([...operator.errors, ...watcher.errors, ...driver.errors]).toEqual([]);
  });
});
