/**
 * Issue 10, "holds and controls stick": against the real server, a driver
 * cannot cancel a trip under a control; an operator can, with a reason that is
 * audited; an operator cannot lift an agency's hold; a truck that is cancelled
 * and registered again inherits its open hold and red channel; quarantine
 * follows the HS code, not the driver's checkbox.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CreateTripRequestInput } from '@borderflow/contracts';
import { useTestApi } from '../testing/use-test-api.ts';
import { tripRequest } from '../testing/trip-fixtures.ts';

const t = useTestApi();
let driver: string, operator: string, customs: string, quarantine: string;
beforeAll(async () => {
  [driver, operator, customs, quarantine] = await t.tokens('driver1', 'operator1', 'customs1', 'quarantine1');
});

async function register(overrides: Partial<CreateTripRequestInput> = {}) {
  const req = tripRequest(overrides);
  const r = await t.call('POST', '/v1/trips', { token: driver, body: req });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return { ...r.body, number: req.declarations![0]! } as { id: string; number: string; vehicle: { plate: string }; stages: string[] };
}

const decide = async (token: string, body: Record<string, unknown>) => {
  const r = await t.call('POST', '/v1/internal/agency-decisions', { token, body });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
};
const cancel = (token: string, tripId: string, body: Record<string, unknown> = {}) =>
  t.call('POST', `/v1/trips/${tripId}/cancel`, { token, body });
const view = async (tripId: string) => (await t.call('GET', `/v1/trips/${tripId}`, { token: operator })).body;
const op = async (path: string, body: Record<string, unknown>) => {
  const r = await t.call('POST', `/v1/gates/KT${path}`, { token: operator, body });
  expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBe(200);
  return r.body;
};

async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const v = await read();
    if (ok(v)) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function expectRefused(r: { status: number; body: { error: { code: string; field: string; message: string } } }, why: string) {
  expect(r.status, JSON.stringify(r.body)).toBe(409);
  expect(r.body.error).toMatchObject({ code: 'TRIP_WRONG_STATE', field: 'state' });
  expect(r.body.error.message).toContain(why);
}

describe('a driver cannot cancel a trip under a control', () => {
  it('refuses a trip on a red channel or held by an agency, and still cancels a clean one', async () => {
    const red = await register();
    await decide(customs, { declarationNumber: red.number, channelCode: '3', inspectionModes: ['xray'] });
    expectRefused(await cancel(driver, red.id), 'red channel');

    const held = await register();
    await decide(quarantine, { declarationNumber: held.number, hold: { action: 'place', reason: 'sampling' } });
    expectRefused(await cancel(driver, held.id), 'hold');
    expect((await view(red.id)).state).toBe('registered');
    expect((await view(held.id)).state).toBe('registered');
    // Released before arrival: the driver may cancel again.
    await decide(quarantine, { declarationNumber: held.number, hold: { action: 'release', reason: 'papers in order' } });
    expect((await cancel(driver, held.id)).status).toBe(200);

    const clean = await register();
    expect((await cancel(driver, clean.id)).status).toBe(200);
  });

  it('refuses a trip called to a lane, at it or being inspected; an operator cancels it with a reason, audited', async () => {
    const trip = await register({ direction: 'entry' });
    await op('/check-ins', { plate: trip.vehicle.plate });
    const called = await until('the call-up', () => view(trip.id), (v) => v.state === 'called');
    expectRefused(await cancel(driver, trip.id), 'called to a lane');
    // The scheduler checks again, atomically (a call-up racing the API's check cannot slip through).
    const scheduler = t.platform.schedulers.get('KT')!;
    const raced = await scheduler.cancel({ tripId: trip.id, actor: 'user:race', commandId: `race-${trip.id}`, onlyIfFree: true });
    expect(raced).toMatchObject({ ok: false, code: 'TRIP_WRONG_STATE' });
    await op(`/lanes/${called.laneId}/arrive`, { tripId: trip.id });
    expectRefused(await cancel(driver, trip.id), 'at a lane');
    await op(`/lanes/${called.laneId}/start`, { tripId: trip.id });
    expectRefused(await cancel(driver, trip.id), 'being inspected');

    const silent = await cancel(operator, trip.id);
    expect(silent.status, JSON.stringify(silent.body)).toBe(400);
    expect(silent.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'reason' });
    expect((await view(trip.id)).state).toBe('inspecting');

    const done = await cancel(operator, trip.id, { reason: 'truck broke down at the X-ray lane' });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.state).toBe('cancelled');
    const audit = await t.db.prisma.auditEntry.findMany({ where: { action: 'trip.operator-cancel', targetId: trip.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorName: 'operator1', reason: 'truck broke down at the X-ray lane', gateCode: 'KT' });
    expect(audit[0]!.detail).toMatchObject({ state: 'inspecting', plate: trip.vehicle.plate });
  });
});

describe('holds stick', () => {
  it('lets an operator release a hold placed at a lane, never one an agency placed', async () => {
    const trip = await register({ direction: 'entry' });
    await op('/check-ins', { plate: trip.vehicle.plate });
    await decide(customs, { declarationNumber: trip.number, hold: { action: 'place', reason: 'seal mismatch' } });
    const scheduler = t.platform.schedulers.get('KT')!;
    expect((await scheduler.tripStatus(trip.id))?.trip.hold).toBe(true);
    const release = await t.call('POST', `/v1/gates/KT/trips/${trip.id}/release-hold`, { token: operator, body: {} });
    expect(release.status, JSON.stringify(release.body)).toBe(403);
    expect(release.body.error).toMatchObject({ code: 'FORBIDDEN', field: 'tripId' });
    expect(release.body.error.message).toContain('only customs can release');
    expect((await scheduler.tripStatus(trip.id))?.trip.hold).toBe(true);

    // A hold from a lane's outcome is the operators' own.
    await decide(customs, { declarationNumber: trip.number, hold: { action: 'release', reason: 'seals checked' } });
    const called = await until('the call-up', () => view(trip.id), (v) => v.state === 'called');
    await op(`/lanes/${called.laneId}/arrive`, { tripId: trip.id });
    await op(`/lanes/${called.laneId}/start`, { tripId: trip.id });
    await op(`/lanes/${called.laneId}/complete`, { tripId: trip.id, outcome: 'held', note: 'papers missing' });
    const lifted = await t.call('POST', `/v1/gates/KT/trips/${trip.id}/release-hold`, { token: operator, body: {} });
    expect(lifted.status, JSON.stringify(lifted.body)).toBe(200);
    expect(await t.db.prisma.auditEntry.count({ where: { action: 'hold.release', targetId: trip.id } })).toBe(1);
  });

  it('gives a truck registered again after a cancel its open hold', async () => {
    const first = await register();
    await decide(quarantine, { declarationNumber: first.number, hold: { action: 'place', reason: 'pests found in the last load' } });
    expect((await cancel(operator, first.id, { reason: 'driver asked to leave the yard' })).status).toBe(200);

    const again = await register({ vehicle: { plate: first.vehicle.plate } });
    const row = await t.db.prisma.trip.findUniqueOrThrow({ where: { id: again.id }, include: { declarations: true } });
    expect(row.hold).toBe(true);
    expect(row.declarations.find((d) => d.inheritedFromTripId === first.id)?.number).toBe(first.number);
    expect((await view(again.id)).declarations).not.toContain(first.number);
    expectRefused(await cancel(driver, again.id), 'hold');

    await op('/check-ins', { plate: first.vehicle.plate });
    expect((await t.platform.schedulers.get('KT')!.tripStatus(again.id))?.trip.hold).toBe(true);
    // Quarantine lifts it, on the declaration it held: the new trip is released.
    const lifted = await decide(quarantine, { declarationNumber: first.number, hold: { action: 'release', reason: 'fumigated' } });
    expect(lifted.trips).toEqual([expect.objectContaining({ tripId: again.id, hold: 'released' })]);
  });

  it('gives a truck registered again after a cancel its red channel', async () => {
    const first = await register();
    await decide(customs, { declarationNumber: first.number, channelCode: '3', inspectionModes: ['physical'] });
    expect((await cancel(operator, first.id, { reason: 'wrong gate' })).status).toBe(200);
    const again = await register({ vehicle: { plate: first.vehicle.plate } });
    expect(await view(again.id)).toMatchObject({ channel: 'red', stages: ['documents', 'physical', 'gate'] });
  });
});

describe('quarantine follows the HS code', () => {
  it('keeps the quarantine stage for fresh dragon fruit declared "not plant or animal goods"', async () => {
    const trip = await register({
      cargo: [{ description: 'Thanh long tươi', hsCode: '0810.90.10', packages: 1200, grossKg: 18000, plantOrAnimal: false }],
    });
    expect(trip.stages).toEqual(['documents', 'quarantine', 'gate']);
    const fixed = await t.call('PATCH', `/v1/trips/${trip.id}`, {
      token: driver,
      body: { cargo: [{ description: 'Thanh long', hsCode: '0810.90.10', packages: 1200, grossKg: 18000, plantOrAnimal: false }] },
    });
    expect(fixed.body.stages).toContain('quarantine');
  });
});
