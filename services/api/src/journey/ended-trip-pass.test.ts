/**
 * The driver's journey (issue 12, item 7): a cancelled trip used to keep serving its QR pass, so a
 * phone still showed a pass that looked valid. An ended trip's pass is refused, naming the state;
 * an active trip's pass is served as before. The driver's cancel carries a reason, like staff's.
 */
import { describe, expect, it } from 'vitest';
import { useTestApi } from '../testing/use-test-api.ts';
import { tripRequest, uniquePhone } from '../testing/trip-fixtures.ts';

const t = useTestApi();

describe('an ended trip shows no pass', () => {
  it('serves the pass while registered and refuses it with 409 once the driver cancels with a reason', async () => {
    const token = await t.token('driver1');
    const created = await t.call('POST', '/v1/trips', { token, body: tripRequest({ driver: { fullName: 'Lò Văn Sáng', phone: uniquePhone() } }) });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await t.call('GET', `/v1/trips/${id}/pass`, { token })).status).toBe(200);

    const cancelled = await t.call('POST', `/v1/trips/${id}/cancel`, { token, body: { reason: 'truck broke down', commandId: 'journey-cancel-0001' } });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.state).toBe('cancelled');

    const pass = await t.call('GET', `/v1/trips/${id}/pass`, { token });
    expect(pass.status).toBe(409);
    expect(pass.body.error).toMatchObject({ code: 'TRIP_WRONG_STATE', field: 'state' });
    expect(pass.body.error.message).toMatch(/cancelled/);
    expect(JSON.stringify(pass.body)).not.toMatch(/svg|qrToken/);
  });
});
