/**
 * Plate cameras at the gate (issue 17), in Chromium against the real platform with its device gateway on
 * its own port; every read is pushed to the gateway with the camera's own device key:
 *   - the simulated yard entrance camera reads a registered truck cleanly: it is checked in by itself;
 *   - a doubtful read of another truck waits in the operator's confirmation queue on the board with its
 *     candidate; the operator confirms it there, and the truck is checked in;
 *   - at the lane the first truck was called to, a lane camera reads another truck: the board shows the
 *     wrong-truck alert and the lane does not start (the called truck is still only called);
 *   - that lane camera then says nothing for longer than the silence limit: the board shows it silent
 *     with an alert.
 * (Barriers without an acknowledgement and the overweight hold: barriers-weighbridge.test.ts.)
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createRandom, SimulatedCamera } from '@borderflow/traffic';
import { DESKTOP } from './harness.ts';
import { useE2e } from './use-e2e.ts';
import { getTrip, registerTrip } from './gate-setup.ts';
import { formatPlate } from '../src/app/shared/plate-format.ts';

const POLL = { timeout: 30_000, interval: 200 };
const h = useE2e({ platform: { gatewayPort: 0, timerIntervalMs: 200 } });

async function registerDevice(admin: string, body: Record<string, unknown>): Promise<{ id: string; key: string }> {
  const r = await h.api.call('POST', '/v1/admin/devices', { token: admin, body: { gate: 'KT', kind: 'anpr', ...body } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return { id: r.body.id, key: r.body.key };
}

/** A read pushed by hand (a doubtful or a foreign plate the simulator would only make by chance). */
async function pushRead(gateway: string, key: string, plate: string, confidence: number, laneId?: string) {
  const res = await fetch(`${gateway}/v1/devices/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-device-key': key },
    body: JSON.stringify({ type: 'plate_read', eventId: randomUUID(), capturedAt: new Date().toISOString(), plate, confidence, imageRef: 'https://cam.gate.local/p/e2e.jpg', ...(laneId ? { laneId } : {}) }),
  });
  return { status: res.status, body: (await res.json()) as { outcome: string; confirmationId: string | null; tripId: string | null } };
}

describe('plate cameras at the gate', () => {
  it('checks a clean read in by itself, queues a doubtful one for the operator, alerts on a wrong truck at a lane and on a silent camera', async () => {
    const gateway = h.api.platform.gatewayUrl!;
    expect(gateway).not.toBe(h.url);
    const admin = await h.api.token('admin1');
    const entrance = await registerDevice(admin, { name: 'Camera cổng vào', position: 'yard-entrance' });
    const camera = new SimulatedCamera({ url: gateway, key: entrance.key, rnd: createRandom(17), misreadRate: 0, noReadRate: 0, name: 'e2e-cam-in' });

    // A clean read of a registered truck: the camera checks it in, nobody is asked.
    const first = await registerTrip(h.api, 'driver1');
    const { answer } = await camera.see(first.vehicle.plate);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ outcome: 'checked_in', tripId: first.id });
    expect((await getTrip(h.api, first.id)).state).not.toBe('registered');

    // A doubtful read (low confidence) of another truck, as cameras send plates (no dash, no dot):
    // it waits for a person, with its candidate.
    const second = await registerTrip(h.api, 'driver2');
    const doubtful = await pushRead(gateway, entrance.key, second.vehicle.plate.replace(/[-.]/g, ''), 0.62);
    expect(doubtful.body.outcome).toBe('confirm_queued');
    expect((await getTrip(h.api, second.id)).state).toBe('registered');

    const board = await h.openAs('operator1', '/operator', { locale: 'en', viewport: DESKTOP });
    const { page } = board;
    const queue = page.getByTestId('plate-queue');
    const confirm = queue.getByRole('button', { name: `It is ${formatPlate(second.vehicle.plate)}` });
    await confirm.waitFor(POLL);
    // The read is shown as the rest of the console shows plates (formatPlate), not as the camera sent it.
    expect(await queue.textContent()).toContain(`Read ${formatPlate(second.vehicle.plate)} (confidence 62%)`);
    await h.screenshot(page, 'device-confirm-queue');
    await confirm.click();
    await expect.poll(async () => (await getTrip(h.api, second.id)).state, POLL).not.toBe('registered');
    await expect.poll(() => queue.getByRole('listitem').count(), POLL).toBe(0);
    const decided = await h.api.db.prisma.plateConfirmation.findUniqueOrThrow({ where: { id: doubtful.body.confirmationId! } });
    expect(decided).toMatchObject({ status: 'confirmed', tripId: second.id });

    // The first truck is called to a lane; a lane camera there reads another truck.
    const kt = h.api.platform.schedulers.get('KT')!;
    let laneId = '';
    await expect.poll(async () => {
      const s = await kt.tripStatus(first.id);
      laneId = s?.trip.laneId ?? '';
      return s?.trip.state;
    }, POLL).toBe('called');
    const laneCamera = await registerDevice(admin, { name: `Camera làn ${laneId}`, position: 'lane', laneId });
    const intruder = '15C-999.88';
    const wrong = await pushRead(gateway, laneCamera.key, '15C99988', 0.97, laneId);
    expect(wrong.body.outcome).toBe('wrong_truck');
    const alerts = page.getByRole('alert', { name: 'Alerts' });
    await expect.poll(() => alerts.textContent(), POLL).toContain(`Wrong truck at lane ${laneId}: read ${intruder}, called ${formatPlate(first.vehicle.plate)}`);
    // Nothing started: the called truck is still only called, and no inspection runs at that lane.
    expect(await kt.laneOccupant(laneId)).toEqual({ occupancy: 'called', tripId: first.id });
    expect((await getTrip(h.api, first.id)).state).toBe('called');

    // The lane camera falls silent (its last message ten minutes ago; the clock is moved back, not forward).
    await h.api.db.prisma.device.update({ where: { id: laneCamera.id }, data: { lastSeenAt: new Date(Date.now() - 10 * 60_000) } });
    await expect.poll(() => alerts.textContent(), POLL).toContain(`Device Camera làn ${laneId} has gone silent`);
    const row = page.getByTestId('device-health').getByRole('row', { name: new RegExp(`Camera làn ${laneId}`) });
    await expect.poll(() => row.getAttribute('data-silent'), POLL).toBe('true');
    expect(await row.textContent()).toContain('Silent');
    await h.screenshot(page, 'device-confirm-alerts');
  }, 180_000);
});
