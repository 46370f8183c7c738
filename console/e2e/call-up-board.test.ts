/**
 * Call-up everywhere (issue 12, item 6) in Chromium. The yard's LED board at TV size: a manager
 * issues a display token on /manager/displays, the TV opens the board address it shows, and a
 * truck checked in and called to a lane appears on the board as plate → lane, live (the test waits
 * for it; no stopwatch). A company administrator registers a webhook receiver and reads its
 * delivery log.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2e, type E2eHarness } from './harness.ts';
import { checkIn, registerTrip } from './gate-setup.ts';
import { formatPlate } from '../src/app/shared/plate-format.ts';

const TV = { width: 1920, height: 1080 } as const;
const POLL = { timeout: 15_000 };
let h: E2eHarness;
// The carrier's receiver below listens on loopback, which webhooks refuse unless told otherwise.
process.env.WEBHOOK_ALLOW_PRIVATE = '1';
const receiver = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(204).end());
});
beforeAll(async () => {
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  h = await startE2e();
}, 120_000);
afterAll(async () => {
  await h?.close();
  receiver.close();
});

describe("the yard's LED board", () => {
  it('is opened with a display token a manager issued and shows a call-up live', async () => {
    const manager = await h.openAs('manager1', '/manager/displays', { locale: 'vi' });
    await manager.page.getByTestId('display-tokens').waitFor(POLL);
    await manager.page.getByLabel('Tên màn hình').fill('TV bãi chờ 1');
    await manager.page.getByRole('button', { name: 'Cấp mã' }).click();
    const issued = manager.page.getByTestId('display-token-issued');
    await issued.waitFor(POLL);
    const address = (await issued.locator('code').textContent())!;
    expect(address).toMatch(/\/board#bfd_/);
    await h.screenshot(manager.page, 'display-tokens-manager');

    const tv = await h.openAnonymous(new URL(address).pathname + new URL(address).hash, { viewport: TV, offline: true });
    await tv.page.locator('[data-testid="led-board"][data-connection="live"]').waitFor(POLL);

    const trip = await registerTrip(h.api, 'driver1', { direction: 'entry' });
    const { trip: after } = await checkIn(h.api, { plate: trip.vehicle.plate });
    const call = tv.page.locator(`[data-testid="led-board-call"][data-plate="${after.vehicle.plate}"]`);
    await call.waitFor(POLL);
    expect(await call.getAttribute('data-lane')).toMatch(/^KT-/);
    expect(await call.textContent()).toContain(formatPlate(after.vehicle.plate));
    await h.screenshot(tv.page, 'led-board-call-up');
  }, 120_000);

  it('says what is missing without a token, and refuses a wrong one', async () => {
    const bare = await h.openAnonymous('/board', { viewport: TV });
    await bare.page.getByTestId('led-board-refused').waitFor(POLL);
    expect(await bare.page.getByTestId('led-board-refused').textContent()).toContain('mã hiển thị');
    const wrong = await h.openAnonymous(`/board#bfd_0123456789abcdef_${'x'.repeat(32)}`, { viewport: TV });
    await wrong.page.getByTestId('led-board-refused').waitFor(POLL);
    await h.screenshot(wrong.page, 'led-board-refused');
  }, 60_000);

  it("shows a company administrator the webhook delivery log of its own trucks' call-ups", async () => {
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const admin = await h.openAs('fleetadmin1', '/company/webhooks', { locale: 'vi' });
    await admin.page.getByTestId('webhooks').waitFor(POLL);
    await admin.page.getByLabel('Địa chỉ nhận (URL)').fill(url);
    await admin.page.getByRole('button', { name: 'Thêm địa chỉ' }).click();
    await admin.page.getByTestId('webhook-secret').waitFor(POLL);
    const trip = await registerTrip(h.api, 'driver1', { direction: 'entry' });
    await checkIn(h.api, { plate: trip.vehicle.plate });
    await admin.page.locator('[data-testid="webhook-log"] tr[data-status="delivered"]').waitFor(POLL);
    await h.screenshot(admin.page, 'webhooks-delivery-log');
    const driver = await h.openAs('driver1', '/company/webhooks', { locale: 'vi' });
    // A driver who is not the company's administrator is refused (403), which the browser logs.
    driver.expectErrors(/status of 403/);
    await driver.page.getByTestId('webhooks-forbidden').waitFor(POLL);
  }, 120_000);
});
