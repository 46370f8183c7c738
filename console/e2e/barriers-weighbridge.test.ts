/**
 * Barriers and the weighbridge with simulated devices (issue 17), in Chromium against the real platform
 * (embedded MQTT broker, database, Redis):
 *   - the simulated weighbridge weighs a truck over its legal limit: the board lists it with the reason,
 *     the driver's page says why it is held, and the operator releases it from the board;
 *   - a weighing without a device key, or malformed, is refused, kept raw, and changes nothing;
 *   - the simulated yard exit barrier never acknowledges: once the truck crosses, the board shows the
 *     unacknowledged command; the operator records it was opened by hand and the barrier shows open.
 */
import { describe, expect, it } from 'vitest';
import { createRandom, SimulatedSignal, SimulatedWeighbridge } from '@borderflow/traffic';
import { DESKTOP } from './harness.ts';
import { useE2e } from './use-e2e.ts';
import { checkIn, getTrip, registerTrip } from './gate-setup.ts';
import { formatPlate } from '../src/app/shared/plate-format.ts';

const h = useE2e({ platform: { signals: { ackTimeoutMs: 1000, attempts: 2 }, timerIntervalMs: 200 } });

async function registerDevice(admin: string, body: Record<string, unknown>): Promise<{ id: string; key: string }> {
  const r = await h.api.call('POST', '/v1/admin/devices', { token: admin, body: { gate: 'KT', ...body } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return { id: r.body.id, key: r.body.key };
}

describe('barriers and the weighbridge', () => {
  it('an overweight truck is held with its reason, released by the operator; a barrier without an ack is opened by hand', async () => {
    const [admin, operator] = [await h.api.token('admin1'), await h.api.token('operator1')];
    const policy = (await h.api.call('GET', '/v1/gates/KT/policy')).body.policy;
    // Crossing unpaced: the cleared truck crosses on the next timer tick, and the barrier is told to open.
    await h.api.call('PUT', '/v1/gates/KT/policy', { token: admin, body: { ...policy, crossCapPerHour: { exit: 0, entry: 0 } } });
    const scaleDevice = await registerDevice(admin, { name: 'Cân xe cổng vào', kind: 'weighbridge', position: 'yard-entrance' });
    const barrierDevice = await registerDevice(admin, { name: 'Barie cổng ra', kind: 'barrier', position: 'yard-exit' });
    const barrier = await SimulatedSignal.connect({ mqttUrl: h.api.platform.mqttUrl!, gate: 'KT', deviceId: barrierDevice.id, key: barrierDevice.key, rnd: createRandom(17), noAckRate: 1 });
    const scale = new SimulatedWeighbridge({ url: h.url, key: scaleDevice.key, rnd: createRandom(5) });

    const trip = await registerTrip(h.api, 'driver1');
    await checkIn(h.api, { plate: trip.vehicle.plate });

    // Refused and kept raw: no key, then a body that is not JSON. Nothing attaches to the trip.
    const rejectedBefore = await h.api.db.prisma.deviceMessage.count({ where: { status: 'rejected' } });
    const anonymous = await fetch(`${h.url}/v1/devices/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'weighbridge_reading', eventId: 'x1', capturedAt: new Date().toISOString(), plate: trip.vehicle.plate, grossKg: 60_000, axles: 2 }) });
    expect(anonymous.status).toBe(401);
    const garbled = await fetch(`${h.url}/v1/devices/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-device-key': scaleDevice.key }, body: '{"type":"weighbridge_reading",' });
    expect(garbled.status).toBe(400);
    expect(await h.api.db.prisma.deviceMessage.count({ where: { status: 'rejected' } })).toBe(rejectedBefore + 2);
    expect(await h.api.db.prisma.weighing.count({ where: { tripId: trip.id } })).toBe(0);

    const weighed = await scale.weigh(trip.vehicle.plate, 3, 'rigid', 27_400);
    expect(weighed.body).toMatchObject({ outcome: 'overweight_hold', tripId: trip.id });

    const board = await h.openAs('operator1', '/operator', { locale: 'en', viewport: DESKTOP });
    const overweight = board.page.getByTestId('overweight-list');
    await expect.poll(() => overweight.textContent(), { timeout: 20_000 }).toContain('27,400 kg, over the 24,000 kg limit (3 axles)');
    expect(await overweight.textContent()).toContain(formatPlate(trip.vehicle.plate));

    const driver = await h.openAs('driver1', `/driver/trips/${trip.id}`, { locale: 'vi' });
    await expect.poll(() => driver.page.getByTestId('trip-weighing').textContent(), { timeout: 20_000 }).toContain('vượt giới hạn 24.000 kg cho xe 3 trục');
    await h.screenshot(driver.page, 'weighbridge-driver-held');
    await h.screenshot(board.page, 'weighbridge-board-held');

    await overweight.getByRole('button', { name: 'Release' }).click();
    await expect.poll(async () => (await h.api.platform.schedulers.get('KT')!.tripStatus(trip.id))?.trip.hold, { timeout: 20_000 }).toBe(false);
    await expect.poll(() => board.page.getByTestId('overweight-list').count(), { timeout: 20_000 }).toBe(0);

    // Through its stages until it crosses; the barrier never answers.
    for (let step = 0; step < 50; step++) {
      const now = await getTrip(h.api, trip.id);
      if (now.state === 'crossed') break;
      if (now.state === 'called') {
        for (const [path, extra] of [['arrive', {}], ['start', {}], ['complete', { outcome: 'cleared' }]] as const) {
          const r = await h.api.call('POST', `/v1/gates/KT/lanes/${now.laneId}/${path}`, { token: operator, body: { tripId: trip.id, ...extra } });
          expect(r.status, JSON.stringify(r.body)).toBe(200);
        }
      } else {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    expect((await getTrip(h.api, trip.id)).state).toBe('crossed');

    const unconfirmed = board.page.getByTestId('signal-unconfirmed');
    await expect.poll(() => board.page.getByTestId('signal-panel').textContent(), { timeout: 30_000 })
      .toContain(`Barie cổng ra did not acknowledge “open the barrier” for ${formatPlate(trip.vehicle.plate)} after 2 sends`);
    expect(barrier.received.map((c) => c.attempt)).toEqual([1, 2]);
    await h.screenshot(board.page, 'barrier-no-ack');
    await unconfirmed.getByRole('button', { name: 'Done by hand: open the barrier' }).click();
    await expect.poll(() => board.page.getByTestId('signal-unconfirmed').count(), { timeout: 20_000 }).toBe(0);
    await expect.poll(() => board.page.locator(`[data-device="${barrierDevice.id}"]`).getAttribute('data-state'), { timeout: 20_000 }).toBe('open');
    await expect.poll(() => board.page.locator(`[data-device="${barrierDevice.id}"]`).textContent()).toContain('done by hand');
    await h.screenshot(board.page, 'barrier-opened-by-hand');
    const audit = await h.api.db.prisma.auditEntry.findFirst({ where: { action: 'signal.manual' } });
    expect(audit?.detail).toMatchObject({ tripId: trip.id, action: 'open' });
    await barrier.close();
  }, 240_000);
});
