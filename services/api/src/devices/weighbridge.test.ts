/**
 * The weighbridge against the real platform: a weighing pushed with its device key attaches to the
 * checked-in trip; over the legal gross limit for its axles it holds the truck, with the reason on the
 * board's list and the trip's own page, until an operator releases it. A weighing without a key, a
 * malformed or out-of-range one, one from a camera's key, or one no trip matches is kept raw and changes
 * nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startTestApi, type TestApi } from '../testing/test-api.ts';
import { tripRequest, uniquePlate } from '../testing/trip-fixtures.ts';

let t: TestApi;
let admin: string;
let operator: string;
let scale: { id: string; key: string };

async function register(body: Record<string, unknown>) {
  const r = await t.call('POST', '/v1/admin/devices', { token: admin, body: { gate: 'KT', name: `dev ${randomUUID().slice(0, 6)}`, ...body } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return { id: r.body.id as string, key: r.body.key as string };
}

const weighing = (plate: string, grossKg: number, axles: number, extra: Record<string, unknown> = {}) => ({
  type: 'weighbridge_reading', eventId: randomUUID(), capturedAt: new Date().toISOString(), plate, grossKg, axles, ...extra,
});
const push = (key: string | null, body: unknown, headers: Record<string, string> = {}) =>
  t.call('POST', '/v1/devices/events', { headers: { ...(key ? { 'x-device-key': key } : {}), ...headers }, body });

async function checkedIn(): Promise<{ id: string; plate: string }> {
  const plate = uniquePlate();
  const r = await t.call('POST', '/v1/trips', { token: await t.token('driver1'), body: tripRequest({ vehicle: { plate } }) });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  expect((await t.call('POST', '/v1/gates/KT/check-ins', { token: operator, body: { plate } })).status).toBe(200);
  return { id: r.body.id, plate };
}

beforeAll(async () => {
  t = await startTestApi();
  [admin, operator] = [await t.token('admin1'), await t.token('operator1')];
  scale = await register({ kind: 'weighbridge', position: 'yard-entrance' });
}, 120_000);
afterAll(() => t?.close());

describe('the weighbridge', () => {
  it('holds an overweight truck with the reason on the board and its page, until an operator releases it', async () => {
    const light = await checkedIn();
    const fine = await push(scale.key, weighing(light.plate, 15_200, 2));
    expect(fine.status, JSON.stringify(fine.body)).toBe(200);
    expect(fine.body).toMatchObject({ outcome: 'weighed', tripId: light.id });

    const heavy = await checkedIn();
    const over = await push(scale.key, weighing(heavy.plate, 27_350, 3));
    expect(over.body).toMatchObject({ outcome: 'overweight_hold', tripId: heavy.id });
    const kt = t.platform.schedulers.get('KT')!;
    expect((await kt.tripStatus(heavy.id))?.trip.hold).toBe(true);
    const board = (await t.call('GET', '/v1/gates/KT/weighings', { token: operator })).body;
    expect(board.held).toEqual([expect.objectContaining({ tripId: heavy.id, grossKg: 27_350, axles: 3, limitKg: 24_000, overweight: true, holdOpen: true })]);
    const page = (await t.call('GET', `/v1/trips/${heavy.id}`, { token: await t.token('driver1') })).body;
    expect(page.weighing).toMatchObject({ grossKg: 27_350, limitKg: 24_000, holdOpen: true });
    // The same weighing sent again is recognised, not a second hold.
    const body = weighing(heavy.plate, 27_350, 3);
    await push(scale.key, body);
    expect((await push(scale.key, body)).body.outcome).toBe('duplicate');

    const release = await t.call('POST', `/v1/gates/KT/trips/${heavy.id}/release-hold`, { token: operator, body: { commandId: randomUUID() } });
    expect(release.status, JSON.stringify(release.body)).toBe(200);
    expect((await kt.tripStatus(heavy.id))?.trip.hold).toBe(false);
    expect((await t.call('GET', '/v1/gates/KT/weighings', { token: operator })).body.held).toEqual([]);
    expect((await t.call('GET', `/v1/trips/${heavy.id}`, { token: operator })).body.weighing).toMatchObject({ overweight: true, holdOpen: false });
  }, 60_000);

  it('a semitrailer is held to its own, higher limit', async () => {
    const trip = await checkedIn();
    expect((await push(scale.key, weighing(trip.plate, 43_800, 6, { combination: 'semitrailer' }))).body.outcome).toBe('weighed');
  }, 30_000);

  it('refuses a weighing without a key, malformed, out of range or from a camera, keeps it raw, and changes nothing', async () => {
    const trip = await checkedIn();
    const camera = await register({ kind: 'anpr', position: 'yard-entrance' });
    const before = await t.db.prisma.deviceMessage.count({ where: { status: 'rejected' } });
    const weighingsBefore = await t.db.prisma.weighing.count();

    const anonymous = await push(null, weighing(trip.plate, 40_000, 2));
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.field).toBe('X-Device-Key');
    const garbled = await t.call('POST', '/v1/devices/events', { headers: { 'x-device-key': scale.key }, raw: '{"type":"weighbridge_reading","grossKg":' });
    expect(garbled.status).toBe(400);
    const axles = await push(scale.key, weighing(trip.plate, 40_000, 1), { 'accept-language': 'zh' });
    expect(axles.status).toBe(400);
    expect(axles.body.error.field).toBe('axles');
    const fromCamera = await push(camera.key, weighing(trip.plate, 40_000, 2));
    expect(fromCamera.status).toBe(409);
    expect(fromCamera.body.error.field).toBe('type');

    expect(await t.db.prisma.deviceMessage.count({ where: { status: 'rejected' } })).toBe(before + 4);
    const reasons = (await t.db.prisma.deviceMessage.findMany({ where: { status: 'rejected' }, orderBy: { receivedAt: 'desc' }, take: 4 })).map((m) => m.reason);
    expect(reasons.sort()).toEqual(['malformed_json', 'missing_key', 'schema:axles', 'wrong_kind']);
    // A weighing no trip matches is kept, attached to nothing.
    expect((await push(scale.key, weighing(uniquePlate(), 40_000, 2))).body).toMatchObject({ outcome: 'unmatched', tripId: null });
    expect(await t.db.prisma.weighing.count()).toBe(weighingsBefore);
    expect((await t.platform.schedulers.get('KT')!.tripStatus(trip.id))?.trip.hold).toBe(false);
  }, 60_000);
});
