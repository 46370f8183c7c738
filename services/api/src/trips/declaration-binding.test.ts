/**
 * Issue 10, "declarations belong to their declarant": against the real server,
 * a declaration is bound to the tax code of the company whose trip first
 * carries it, is on one active trip at a time, and cannot be swapped away from
 * its controls; a declaration added after check-in sends the trip back to
 * screening (customs' screening hold until customs decides it).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { declarationKey } from '@borderflow/contracts';
import { useTestApi } from '../testing/use-test-api.ts';
import { tripRequest, uniqueDeclaration, uniquePlate } from '../testing/trip-fixtures.ts';

const t = useTestApi();
let driver1: string, driver2: string, operator: string, customs: string;
beforeAll(async () => {
  [driver1, driver2, operator, customs] = await t.tokens('driver1', 'driver2', 'operator1', 'customs1');
});

const register = (token: string, declarations: string[], plate = uniquePlate()) =>
  t.call('POST', '/v1/trips', { token, body: tripRequest({ declarations, vehicle: { plate } }) });
const decide = (body: Record<string, unknown>) => t.call('POST', '/v1/internal/agency-decisions', { token: customs, body });

describe('a declaration and its declarant', () => {
  it("refuses another company's declaration on a driver's trip (403 naming the declaration)", async () => {
    const number = uniqueDeclaration();
    const own = await register(driver1, [number]);
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    await decide({ declarationNumber: number, channelCode: '1' });

    const theirs = await register(driver2, [uniqueDeclaration(), number]);
    expect(theirs.status, JSON.stringify(theirs.body)).toBe(403);
    expect(theirs.body.error).toMatchObject({ code: 'FORBIDDEN', field: 'declarations[1].number' });
    // Not by a correction either, not even once the owner's trip is cancelled.
    expect((await t.call('POST', `/v1/trips/${own.body.id}/cancel`, { token: driver1, body: {} })).status).toBe(200);
    const other = await register(driver2, [uniqueDeclaration()]);
    const swap = await t.call('PATCH', `/v1/trips/${other.body.id}`, { token: driver2, body: { declarations: [number] } });
    expect(swap.status, JSON.stringify(swap.body)).toBe(403);
    expect(swap.body.error.field).toBe('declarations[0].number');
    const binding = await t.db.prisma.declarationBinding.findUniqueOrThrow({ where: { key: declarationKey(number) } });
    expect(binding.taxCode).toBe('5300246814'); // driver1's company
  });

  it('keeps a declaration on one active trip only (409), free again once that trip is cancelled', async () => {
    const number = uniqueDeclaration();
    const first = await register(driver1, [number]);
    expect(first.status).toBe(201);
    const plate = uniquePlate();
    const second = await register(driver1, [number], plate);
    expect(second.status, JSON.stringify(second.body)).toBe(409);
    expect(second.body.error).toMatchObject({ code: 'CONFLICT', field: 'declarations[0].number' });
    expect(second.body.error.message).toContain(first.body.vehicle.plate.slice(0, 3));
    // Refused by the trip's own statement, which ends the transaction on PostgreSQL: what the statements
    // before it wrote (the new truck's row) is rolled back with it.
    const trucks = (p: string) => t.db.prisma.vehicle.count({ where: { OR: [{ plate: p }, { plateDisplay: p }] } });
    expect(await trucks(first.body.vehicle.plate)).toBe(1);
    expect(await trucks(plate)).toBe(0);

    expect((await t.call('POST', `/v1/trips/${first.body.id}/cancel`, { token: driver1, body: {} })).status).toBe(200);
    expect((await register(driver1, [number])).status).toBe(201);

    // Two trucks racing for one fresh declaration: one wins, the other is refused.
    const raced = uniqueDeclaration();
    const both = await Promise.all([register(driver1, [raced]), register(driver1, [raced])]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
  });

  it('keeps the red channel of a declaration swapped out before arrival', async () => {
    const red = uniqueDeclaration();
    const trip = await register(driver1, [red]);
    await decide({ declarationNumber: red, channelCode: '3', inspectionModes: ['xray'] });
    const swap = await t.call('PATCH', `/v1/trips/${trip.body.id}`, { token: driver1, body: { declarations: [uniqueDeclaration()], reason: 'typo' } });
    expect(swap.status, JSON.stringify(swap.body)).toBe(200);
    expect(swap.body).toMatchObject({ channel: 'red', stages: ['documents', 'xray', 'gate'] });
  });
});

describe('a declaration added after check-in', () => {
  it('sends the trip back to screening: documents again and a customs hold until customs decides it', async () => {
    const first = uniqueDeclaration();
    const trip = await register(driver1, [first]);
    await decide({ declarationNumber: first, channelCode: '1' });
    const gateOnly = await t.call('GET', `/v1/trips/${trip.body.id}`, { token: driver1 });
    expect(gateOnly.body.stages).toEqual(['gate']);
    // Every exit lane busy elsewhere would call it at once; a paused gate keeps it waiting.
    const lanes = (await t.call('GET', '/v1/gates/KT/lanes', { token: operator })).body.lanes as Array<{ id: string; direction: string }>;
    for (const l of lanes.filter((x) => x.direction === 'exit')) {
      await t.call('POST', `/v1/gates/KT/lanes/${l.id}/pause`, { token: operator, body: { reason: 'test: keep trucks waiting' } });
    }
    expect((await t.call('POST', '/v1/gates/KT/check-ins', { token: operator, body: { plate: trip.body.vehicle.plate } })).status).toBe(200);

    const added = uniqueDeclaration();
    const swap = await t.call('PATCH', `/v1/trips/${trip.body.id}`, { token: driver1, body: { declarations: [first, added] } });
    expect(swap.status, JSON.stringify(swap.body)).toBe(200);
    expect(swap.body.stages).toEqual(['documents', 'gate']);
    const scheduler = t.platform.schedulers.get('KT')!;
    expect((await scheduler.tripStatus(trip.body.id))?.trip).toMatchObject({ hold: true, stages: ['documents', 'gate'] });
    const audit = await t.db.prisma.auditEntry.findMany({ where: { action: 'declaration.swap', targetId: trip.body.id } });
    expect(audit).toHaveLength(1);
    // Customs owns the screening hold: the operator cannot lift it; customs' decision does.
    const byOperator = await t.call('POST', `/v1/gates/KT/trips/${trip.body.id}/release-hold`, { token: operator, body: {} });
    expect(byOperator.status).toBe(403);
    const decided = await decide({ declarationNumber: added, channelCode: '1' });
    expect(decided.body.trips[0]).toMatchObject({ tripId: trip.body.id, hold: 'released' });
    expect((await scheduler.tripStatus(trip.body.id))?.trip.hold).toBe(false);
    // Other fields still cannot change after check-in.
    const late = await t.call('PATCH', `/v1/trips/${trip.body.id}`, { token: driver1, body: { expectedArrival: '2025-06-02T09:00:00+07:00' } });
    expect(late.status).toBe(409);
  });
});
