/**
 * The demo feeder's switch through the API, with a real platform and Redis: an admin turns it off
 * with a reason (audited) and the running feeder stops; on again, it restarts. Others may not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/test-api.ts';

let t: TestApi;
const feeder = { starts: 0, stops: 0 };
beforeAll(async () => {
  // A feeder that only counts: the switch is what is under test, not the traffic.
  t = await startTestApi({ feeder: () => { feeder.starts++; return { stop: () => { feeder.stops++; } }; } });
}, 60_000);
afterAll(() => t?.close());

describe('demo feeder switch', () => {
  it('an admin turns it off (audited) and the feeder stops; on again and it restarts; an operator cannot', async () => {
    const admin = await t.token('admin1');
    await expect.poll(() => feeder.starts).toBe(1);
    expect((await t.call('GET', '/v1/admin/demo-feeder', { token: admin })).body).toEqual({ enabled: true, configured: true });
    expect((await t.call('PUT', '/v1/admin/demo-feeder', { token: await t.token('operator1'), body: { enabled: false, reason: 'quiet please' } })).status).toBe(403);
    const noReason = await t.call('PUT', '/v1/admin/demo-feeder', { token: admin, body: { enabled: false } });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.field).toBe('reason');

    const off = await t.call('PUT', '/v1/admin/demo-feeder', { token: admin, body: { enabled: false, reason: 'Người dùng thật đang thử' } });
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    await expect.poll(() => feeder.stops, { timeout: 10_000 }).toBe(1);
    expect(await t.db.prisma.auditEntry.count({ where: { action: 'demo-feeder.off', reason: 'Người dùng thật đang thử' } })).toBe(1);

    await t.call('PUT', '/v1/admin/demo-feeder', { token: admin, body: { enabled: true, reason: 'Demo for visitors' } });
    await expect.poll(() => feeder.starts, { timeout: 10_000 }).toBe(2);
    expect(await t.db.prisma.auditEntry.count({ where: { action: 'demo-feeder.on' } })).toBe(1);
  });
});
