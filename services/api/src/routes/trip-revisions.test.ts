import { describe, expect, it } from 'vitest';
import { ZTripRevisionListSchema } from '@borderflow/contracts';
import { useTestApi } from '../testing/use-test-api.ts';
import { tripRequest } from '../testing/trip-fixtures.ts';

const t = useTestApi();

describe('GET /v1/trips/:tripId/revisions', () => {
  it('lists each correction field by field, oldest first, to its driver and staff only', async () => {
    const driver = await t.token('driver1');
    const created = await t.call('POST', '/v1/trips', { token: driver, body: tripRequest({ containers: [{ number: 'CSQU3054383', seals: [] }] }) });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;

    const empty = await t.call('GET', `/v1/trips/${id}/revisions`, { token: driver });
    expect(empty.body).toEqual({ revisions: [] });

    const fix = await t.call('PATCH', `/v1/trips/${id}`, {
      token: driver,
      body: { containers: [{ number: 'MSCU1234566', seals: ['VN1'] }], reason: 'wrong container' },
    });
    expect(fix.status, JSON.stringify(fix.body)).toBe(200);
    await t.call('PATCH', `/v1/trips/${id}`, { token: driver, body: { expectedArrival: '2025-06-02T09:00:00+07:00' } });

    const list = ZTripRevisionListSchema.parse((await t.call('GET', `/v1/trips/${id}/revisions`, { token: driver })).body);
    expect(list.revisions).toHaveLength(2);
    expect(list.revisions[0]).toMatchObject({
      reason: 'wrong container',
      changedBy: { username: 'driver1' },
      changes: { containers: { from: [{ number: 'CSQU3054383', seals: [] }], to: [{ number: 'MSCU1234566', seals: ['VN1'] }] } },
    });
    expect(Object.keys(list.revisions[1]!.changes)).toEqual(['expectedArrival']);

    const staff = await t.call('GET', `/v1/trips/${id}/revisions`, { token: await t.token('operator1') });
    expect(staff.body.revisions).toHaveLength(2);
    const other = await t.call('GET', `/v1/trips/${id}/revisions`, { token: await t.token('driver2') });
    expect(other.status).toBe(404);
  });
});
