/**
 * Priority only from facts (issue 10): a driver's appointmentAt and perishable
 * flag no longer move a truck up; perishable cargo counts once its HS heading is
 * on the published list AND an operator (or quarantine) confirmed it, and every
 * call-up says where the class came from. driver2's company is not a trusted
 * trader, so its trips start ordinary.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { GateEvent } from '@borderflow/contracts';
import { useTestApi } from '../testing/use-test-api.ts';
import { tripRequest } from '../testing/trip-fixtures.ts';

const DRAGON_FRUIT = { description: 'Thanh long ruột đỏ', hsCode: '0810.90.10', packages: 900, grossKg: 15000, plantOrAnimal: true };

const t = useTestApi();
let driver: string, operator: string;
beforeAll(async () => {
  [driver, operator] = await t.tokens('driver2', 'operator1');
});

async function register(overrides: Parameters<typeof tripRequest>[0] = {}) {
  const r = await t.call('POST', '/v1/trips', { token: driver, body: tripRequest(overrides) });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

async function checkIn(plate: string, extra: Record<string, unknown> = {}) {
  const r = await t.call('POST', '/v1/gates/KT/check-ins', { token: operator, body: { plate, ...extra } });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.trip;
}

async function callUpsOf(tripId: string): Promise<GateEvent[]> {
  const events = await t.platform.schedulers.get('KT')!.reader.readEvents();
  return events.filter((e) => e.type === 'trip_called' && e.trip?.id === tripId);
}

describe("a driver's appointmentAt", () => {
  it('is kept but changes neither the class nor the queue score', async () => {
    const appointmentAt = new Date(Date.now() - 20 * 60_000).toISOString();
    const trip = await register({ appointmentAt });
    expect(trip.appointmentAt).toBe(appointmentAt);
    expect(trip.priority).toEqual({ class: 'ordinary', source: 'default', claimed: false, perishable: 'none' });

    const before = Date.now();
    await checkIn(trip.vehicle.plate);
    const status = await t.platform.schedulers.get('KT')!.tripStatus(trip.id);
    expect(status?.trip?.priorityClass).toBe('ordinary');
    // On main the score was the claimed slot (20 minutes ago), ahead of every truck that arrived since.
    expect(status!.trip!.score).toBeGreaterThanOrEqual(before - 1000);
  });
});

describe("a driver's perishable flag", () => {
  it('without a perishable HS heading is ordinary and shown as claimed, unconfirmed', async () => {
    const trip = await register({
      cargo: [{ description: 'Gạch men', hsCode: '6907.21.10', packages: 40, grossKg: 12000, perishable: true }],
    });
    expect(trip.priorityClass).toBe('ordinary');
    expect(trip.priority).toEqual({ class: 'ordinary', source: 'default', claimed: true, perishable: 'claimed-unconfirmed' });

    // An operator cannot confirm tiles as perishable either.
    const refused = await t.call('POST', '/v1/gates/KT/check-ins', {
      token: operator, body: { plate: trip.vehicle.plate, confirmPerishable: true },
    });
    expect(refused.status, JSON.stringify(refused.body)).toBe(409);
    expect(refused.body.error.field).toBe('confirmPerishable');

    const checkedIn = await checkIn(trip.vehicle.plate);
    expect(checkedIn.priority).toMatchObject({ class: 'ordinary', source: 'default', perishable: 'claimed-unconfirmed' });
  });
});

describe('dragon fruit (HS 0810.90)', () => {
  it('is not perishable priority until confirmed: unconfirmed at check-in it stays ordinary', async () => {
    const trip = await register({ cargo: [{ ...DRAGON_FRUIT, perishable: true }] });
    expect(trip.priority).toEqual({ class: 'ordinary', source: 'default', claimed: true, perishable: 'claimed-unconfirmed' });
    const checkedIn = await checkIn(trip.vehicle.plate);
    expect(checkedIn.priorityClass).toBe('ordinary');
    expect((await t.platform.schedulers.get('KT')!.tripStatus(trip.id))?.trip?.priorityClass).toBe('ordinary');
  });

  it("becomes perishable on the operator's confirmation at check-in, audited, and the call-up says why", async () => {
    const trip = await register({ cargo: [DRAGON_FRUIT] });
    expect(trip.priority).toMatchObject({ class: 'ordinary', perishable: 'hs-listed-unconfirmed' });

    const commandId = `confirm-${trip.id}`;
    const checkedIn = await checkIn(trip.vehicle.plate, { confirmPerishable: true, commandId });
    expect(checkedIn.priorityClass).toBe('perishable');
    expect(checkedIn.priority).toEqual({ class: 'perishable', source: 'hs-list+operator', claimed: false, perishable: 'confirmed' });
    expect(checkedIn.state).toBe('called');

    const [call] = await callUpsOf(trip.id);
    expect(call?.reason).toMatchObject({ priorityClass: 'perishable', classSource: 'hs-list+operator' });

    const audit = await t.db.prisma.auditEntry.findMany({ where: { action: 'trip.class-confirm', targetId: trip.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorName: 'operator1', gateCode: 'KT' });
    expect(audit[0]!.detail).toMatchObject({ priorityClass: 'perishable', classSource: 'hs-list+operator' });

    // A replayed check-in confirms nothing twice.
    await checkIn(trip.vehicle.plate, { confirmPerishable: true, commandId });
    expect(await t.db.prisma.auditEntry.count({ where: { action: 'trip.class-confirm', targetId: trip.id } })).toBe(1);
  });

  it("counts quarantine's decision as the confirmation", async () => {
    const trip = await register({ cargo: [DRAGON_FRUIT] });
    const key = (trip.declarations[0] as string).slice(0, 11);
    await t.db.prisma.agencyDecision.create({
      data: { declarationKey: key, amendment: 0, agency: 'quarantine', tripId: trip.id, status: 'released' },
    });
    const checkedIn = await checkIn(trip.vehicle.plate);
    expect(checkedIn.priority).toMatchObject({ class: 'perishable', source: 'hs-list+quarantine', perishable: 'confirmed' });
  });
});
