/**
 * Vehicles belong to companies (issue 10): another company's driver cannot put
 * a truck on a trip (and so block its owner) unless the owner authorises it;
 * an administrator resolves a disputed plate, and that is audited.
 * Seed: driver1 drives for Kim Thành Xanh (5300246814, owns 24C-123.45 and
 * trailer 24R-012.34); driver2 for Nông sản Bắc Hà (5300987650, owns 24C-678.90).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApi } from '../testing/use-test-api.ts';
import { tripRequest, uniquePlate } from '../testing/trip-fixtures.ts';

const XANH = '5300246814';
const BAC_HA = '5300987650';

const t = useTestApi();
let driver1: string, driver2: string, admin: string;
beforeAll(async () => {
  [driver1, driver2, admin] = await t.tokens('driver1', 'driver2', 'admin1');
});

const register = (token: string, vehicle: { plate: string; trailerPlate?: string }) =>
  t.call('POST', '/v1/trips', { token, body: tripRequest({ vehicle }) });
const cancel = (token: string, tripId: string) => t.call('POST', `/v1/trips/${tripId}/cancel`, { token, body: {} });

describe('a plate belongs to the company that registered it first', () => {
  it("refuses another company's driver with 403 naming vehicle.plate, and the owner can still register it", async () => {
    const theirs = await register(driver2, { plate: '24C-123.45' });
    expect(theirs.status, JSON.stringify(theirs.body)).toBe(403);
    expect(theirs.body.error).toMatchObject({ code: 'FORBIDDEN', field: 'vehicle.plate' });

    const owner = await register(driver1, { plate: '24C-123.45' });
    expect(owner.status, JSON.stringify(owner.body)).toBe(201);
    expect((await cancel(driver1, owner.body.id)).status).toBe(200);
  });

  it("refuses another company's trailer with 403 naming vehicle.trailerPlate, and writes nothing", async () => {
    const plate = uniquePlate();
    const r = await register(driver2, { plate, trailerPlate: '24R-012.34' });
    expect(r.status, JSON.stringify(r.body)).toBe(403);
    expect(r.body.error).toMatchObject({ code: 'FORBIDDEN', field: 'vehicle.trailerPlate' });
    // Nothing half-applied: the new truck plate was not claimed by the refused registration.
    expect(await t.db.prisma.vehicle.findUnique({ where: { plate: plate.replace(/[-.]/g, '') } })).toBeNull();
  });

  it('a new plate is owned by the first company to register it', async () => {
    const plate = uniquePlate();
    const first = await register(driver2, { plate });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const v = await t.call('GET', `/v1/vehicles/${encodeURIComponent(plate)}`, { token: driver2 });
    expect(v.body).toMatchObject({ ownerTaxCode: BAC_HA, authorised: [] });
    expect((await register(driver1, { plate })).status).toBe(403);
    // A driver of another company cannot even look it up.
    expect((await t.call('GET', `/v1/vehicles/${encodeURIComponent(plate)}`, { token: driver1 })).status).toBe(404);
  });

  it("a correction cannot move a trip onto another company's truck", async () => {
    const own = await register(driver2, { plate: uniquePlate() });
    expect(own.status).toBe(201);
    const r = await t.call('PATCH', `/v1/trips/${own.body.id}`, { token: driver2, body: { vehicle: { plate: '24C-123.45' } } });
    expect(r.status, JSON.stringify(r.body)).toBe(403);
    expect(r.body.error.field).toBe('vehicle.plate');
  });
});

describe('the owner authorises another company', () => {
  it('lets it register trips with the truck until the owner revokes it; both are audited', async () => {
    const plate = uniquePlate();
    const first = await register(driver1, { plate });
    expect(first.status).toBe(201);
    expect((await cancel(driver1, first.body.id)).status).toBe(200);
    const path = `/v1/vehicles/${encodeURIComponent(plate)}/authorisations`;

    // Only the owner's side may grant.
    const stranger = await t.call('POST', path, { token: driver2, body: { companyTaxCode: BAC_HA } });
    expect(stranger.status).toBe(403);
    expect(stranger.body.error.field).toBe('plate');

    const grant = await t.call('POST', path, { token: driver1, body: { companyTaxCode: BAC_HA } });
    expect(grant.status, JSON.stringify(grant.body)).toBe(200);
    expect(grant.body).toMatchObject({ ownerTaxCode: XANH, authorised: [BAC_HA] });

    const borrowed = await register(driver2, { plate });
    expect(borrowed.status, JSON.stringify(borrowed.body)).toBe(201);
    expect((await cancel(driver2, borrowed.body.id)).status).toBe(200);

    const revoke = await t.call('DELETE', `${path}/${BAC_HA}`, { token: driver1 });
    expect(revoke.status, JSON.stringify(revoke.body)).toBe(200);
    expect(revoke.body.authorised).toEqual([]);
    expect((await register(driver2, { plate })).status).toBe(403);

    const vehicleId = (await t.db.prisma.vehicle.findUniqueOrThrow({ where: { plate: plate.replace(/[-.]/g, '') } })).id;
    const audit = await t.db.prisma.auditEntry.findMany({ where: { action: 'vehicle.authorise', targetId: vehicleId }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => [a.actorName, (a.detail as { granted: boolean }).granted])).toEqual([['driver1', true], ['driver1', false]]);
  });

  it('rejects an unknown company and a malformed tax code, naming the field', async () => {
    const path = `/v1/vehicles/24C-123.45/authorisations`;
    const unknown = await t.call('POST', path, { token: driver1, body: { companyTaxCode: '0100109106' } });
    expect(unknown.status, JSON.stringify(unknown.body)).toBe(404);
    expect(unknown.body.error.field).toBe('companyTaxCode');
    const bad = await t.call('POST', path, { token: driver1, body: { companyTaxCode: '123' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('companyTaxCode');
  });
});

describe('an administrator resolves a disputed plate', () => {
  it('reassigns the vehicle, audited with the reason; only an administrator may', async () => {
    // A squatter registered the plate first; the real owner disputes it.
    const plate = uniquePlate();
    const squat = await register(driver2, { plate });
    expect(squat.status).toBe(201);
    expect((await cancel(driver2, squat.body.id)).status).toBe(200);
    expect((await register(driver1, { plate })).status).toBe(403);

    const path = `/v1/vehicles/${encodeURIComponent(plate)}/owner`;
    const body = { companyTaxCode: XANH, reason: 'registration certificate checked at the gate office' };
    expect((await t.call('POST', path, { token: driver1, body })).status).toBe(403);
    const missingReason = await t.call('POST', path, { token: admin, body: { companyTaxCode: XANH } });
    expect(missingReason.status).toBe(400);
    expect(missingReason.body.error.field).toBe('reason');

    const resolved = await t.call('POST', path, { token: admin, body });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    expect(resolved.body.ownerTaxCode).toBe(XANH);

    expect((await register(driver1, { plate })).status).toBe(201);
    expect((await register(driver2, { plate: plate })).status).toBe(403);

    const audit = await t.db.prisma.auditEntry.findFirst({ where: { action: 'vehicle.dispute-resolve' }, orderBy: { id: 'desc' } });
    expect(audit).toMatchObject({ actorName: 'admin1', actorRole: 'admin', reason: body.reason, targetType: 'vehicle' });
    expect(audit!.detail).toMatchObject({ from: BAC_HA, to: XANH });
  });
});
