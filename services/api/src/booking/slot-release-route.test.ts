/**
 * The fair-release draw over HTTP (POST /v1/gates/:gate/slot-releases/requests), on a platform
 * whose release time is this hour: fair-release.test.ts drives the draw itself on its own clock;
 * this one shows what a driver's app meets: a request is collected once per trip, only for the
 * caller's own trip, direct booking of that day waits for the draw, and the release lists the
 * caller's request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { everyHourPlan } from '../testing/booking-fixtures.ts';
import { startTestApi, type TestApi } from '../testing/test-api.ts';
import { tripRequest, uniquePhone } from '../testing/trip-fixtures.ts';
import { localDateHour } from './local-time.ts';

const TZ = 'Asia/Ho_Chi_Minh';
const HORIZON_DAYS = 14;
let t: TestApi;
const saved = { ...process.env };

beforeAll(async () => {
  // Today's release is this local hour's, collecting for two hours: the day it opens is the horizon's last.
  process.env.BOOKING_RELEASE_HOUR = String(localDateHour(Date.now(), TZ).hour);
  process.env.BOOKING_RELEASE_WINDOW_SECONDS = '7200';
  process.env.BOOKING_HORIZON_DAYS = String(HORIZON_DAYS);
  t = await startTestApi();
  expect((await t.call('PUT', '/v1/gates/KT/capacity-plan', { token: await t.token('manager1'), body: everyHourPlan(2) })).status).toBe(200);
}, 60_000);
afterAll(async () => {
  process.env = saved;
  await t?.close();
});

async function trip(username: string): Promise<string> {
  const r = await t.call('POST', '/v1/trips', { token: await t.token(username), body: tripRequest({ driver: { fullName: 'Lò Văn Sáng', phone: uniquePhone() } }) });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id;
}

describe('POST /v1/gates/:gate/slot-releases/requests', () => {
  it('collects one request per trip of the caller while the release collects, and lists it', async () => {
    const { date: today } = localDateHour(Date.now(), TZ);
    const date = new Date(Date.parse(`${today}T12:00:00Z`) + HORIZON_DAYS * 86_400_000).toISOString().slice(0, 10);
    const slotStart = `${date}T10:00:00+07:00`;
    const mine = await trip('driver1');
    const driver1 = await t.token('driver1');

    const first = await t.call('POST', '/v1/gates/KT/slot-releases/requests', { token: driver1, body: { tripId: mine, slotStart } });
    expect(first.status, JSON.stringify(first.body)).toBe(202);
    expect(first.body).toMatchObject({ tripId: mine, date, state: 'collecting' });
    // Asking again changes nothing: one request per trip, whenever in the window it came.
    const again = await t.call('POST', '/v1/gates/KT/slot-releases/requests', { token: driver1, body: { tripId: mine, slotStart } });
    expect(again.status).toBe(202);
    expect(again.body.requestId).toBe(first.body.requestId);

    // Another driver cannot enter the draw with this trip.
    const other = await t.call('POST', '/v1/gates/KT/slot-releases/requests', { token: await t.token('driver2'), body: { tripId: mine, slotStart } });
    expect(other.status).toBe(404);
    // While the release collects, booking that day directly is refused, naming the rule.
    const direct = await t.call('POST', '/v1/bookings', { token: driver1, body: { tripId: await trip('driver1'), slotStart } });
    expect(direct.status).toBe(409);
    expect(direct.body.rule ?? direct.body.code).toBeDefined();
    expect(JSON.stringify(direct.body)).toMatch(/draw|release/i);

    const view = await t.call('GET', `/v1/gates/KT/slot-releases/${date}`, { token: driver1 });
    expect(view.status).toBe(200);
    expect(view.body.requests.map((r: { requestId: string }) => r.requestId)).toEqual([first.body.requestId]);
  }, 60_000);
});
