/**
 * A draft capacity plan run as a what-if job before it is published, as the manager's console
 * runs it: the API stores both plans and counts the bookings the draft would leave over capacity,
 * the worker simulates a day of each, and the answer compares them hour by hour. The plan in force
 * does not change; only managers may run one; the run is read under its own gate only; a draft
 * that names no template or offers no slot is refused with the field named in the caller's
 * language; the run leaves no Redis keys behind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZPlanWhatIfStatusSchema, type CapacityPlan, type PlanWhatIfStatus } from '@borderflow/contracts';
import type { TestApi } from '@borderflow/api/src/testing/test-api.ts';
import { everyHourPlan, startBookingTestApi } from '@borderflow/api/src/testing/booking-fixtures.ts';
import { tripRequest, uniquePhone } from '@borderflow/api/src/testing/trip-fixtures.ts';
import { startSimulationWorker, type SimulationWorker } from './simulation-worker.ts';
import { simKeysLeft } from './feeder-test-platform.ts';

const HOUR = 3_600_000;
/** The gate's local time is UTC+7 (Asia/Ho_Chi_Minh, no daylight saving). */
const LOCAL = 7 * HOUR;

let t: TestApi;
let close: () => Promise<void>;
let worker: SimulationWorker;
let manager: string;

beforeAll(async () => {
  ({ t, close } = await startBookingTestApi(everyHourPlan(4)));
  worker = await startSimulationWorker({ redis: t.platform.redis, prisma: t.db.prisma, prefix: t.prefix });
  manager = await t.token('manager1');
}, 120_000);
afterAll(async () => {
  await worker?.close();
  await close?.();
});

async function until(path: string): Promise<PlanWhatIfStatus> {
  for (let i = 0; i < 900; i++) {
    const r = await t.call('GET', path, { token: manager });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const status = ZPlanWhatIfStatusSchema.parse(r.body);
    if (status.status !== 'running') return status;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${path} did not finish`);
}

describe('a capacity plan what-if job', () => {
  it('runs the draft beside the plan in force, per hour, with the bookings the draft would leave over capacity, and publishes nothing', async () => {
    // A driver's booking about 30 hours ahead; the draft closes that very hour for its class.
    const trip = await t.call('POST', '/v1/trips', { token: await t.token('driver1'), body: tripRequest({ driver: { fullName: 'Lò Văn Sáng', phone: uniquePhone() } }) });
    expect(trip.status, JSON.stringify(trip.body)).toBe(201);
    const slotStart = new Date(Math.floor(Date.now() / HOUR) * HOUR + 30 * HOUR).toISOString();
    const booking = await t.call('POST', '/v1/bookings', { token: await t.token('driver1'), body: { tripId: trip.body.id, slotStart } });
    expect(booking.status, JSON.stringify(booking.body)).toBe(201);
    const local = new Date(Date.parse(slotStart) + LOCAL);
    const date = local.toISOString().slice(0, 10);
    const hour = local.getUTCHours();
    const draft: CapacityPlan = {
      ...everyHourPlan(4),
      closures: [{ date, fromHour: hour, toHour: hour + 1, direction: booking.body.direction, slotClass: booking.body.slotClass, slots: 4, reason: 'X-ray lane maintenance' }],
    };

    const started = await t.call('POST', '/v1/gates/KT/capacity-plan/what-if', { token: manager, body: { plan: draft, date, share: 0.6, seed: 3 } });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const id = started.body.id as string;
    // One simulation at a time, what-if or scenario.
    const busy = await t.call('POST', '/v1/gates/KT/capacity-plan/what-if', { token: manager, body: { plan: draft, date } });
    expect(busy.status).toBe(409);

    const done = await until(`/v1/gates/KT/capacity-plan/what-if/${id}`);
    expect(done.error).toBeNull();
    expect(done).toMatchObject({ status: 'done', progress: 1, gate: 'KT', date });
    const report = done.report!;
    expect(report).toMatchObject({ gate: 'KT', date, share: 0.6, seed: 3, publishedVersion: 1 });
    expect(report.published.plannedSlots).toBe(24 * 4 * 2);
    expect(report.draft.plannedSlots).toBe(report.published.plannedSlots - 4);
    expect(report.draft.perHour[hour]!.slots).toBe(report.published.perHour[hour]!.slots - 4);
    expect(report.draft.bookingsAffected).toBe(1);
    expect(report.published.bookingsAffected).toBe(0);
    for (const side of [report.draft, report.published]) {
      expect(side.perHour).toHaveLength(24);
      expect(side.arrivals).toBeGreaterThan(50);
      expect(side.utilisation).toBeGreaterThan(0);
      expect(side.perHour.filter((h) => h.utilisation !== null).length).toBe(24); // lanes open all day under this plan
      expect(side.firstCallUp.count).toBeGreaterThan(0);
    }

    // Nothing was published: the plan in force is still version 1, without the closure, and the booking had no notice.
    const inForce = await t.call('GET', '/v1/gates/KT/capacity-plan', { token: manager });
    expect(inForce.body).toMatchObject({ version: 1, plan: { closures: [] } });
    const mine = await t.call('GET', '/v1/bookings', { token: await t.token('driver1') });
    expect(JSON.stringify(mine.body)).not.toContain('capacity_lowered');

    // Read under its own gate and route only.
    expect((await t.call('GET', `/v1/gates/HK/capacity-plan/what-if/${id}`, { token: manager })).status).toBe(404);
    expect((await t.call('GET', `/v1/simulations/${id}`, { token: manager })).status).toBe(404);
    expect(await simKeysLeft(t.prefix, id)).toEqual([]);
  }, 240_000);

  it('is for managers and admins only, at a known gate, with a draft that names its templates and offers slots that day', async () => {
    const date = new Date(Date.now() + LOCAL + 24 * HOUR).toISOString().slice(0, 10);
    const body = { plan: everyHourPlan(2), date };
    for (const user of ['driver1', 'operator1']) {
      expect((await t.call('POST', '/v1/gates/KT/capacity-plan/what-if', { token: await t.token(user), body })).status).toBe(403);
    }
    expect((await t.call('POST', '/v1/gates/KT/capacity-plan/what-if', { body })).status).toBe(401);
    expect((await t.call('POST', '/v1/gates/ZZ/capacity-plan/what-if', { token: manager, body })).status).toBe(404);

    const unnamed: CapacityPlan = { ...everyHourPlan(2), week: ['every-hour', 'every-hour', 'every-hour', 'every-hour', 'every-hour', 'every-hour', 'holiday'] };
    const missing = await t.call('POST', '/v1/gates/KT/capacity-plan/what-if', { token: manager, body: { plan: unnamed, date }, headers: { 'accept-language': 'zh-CN' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.field).toBe('plan.templates');
    expect(JSON.stringify(missing.body)).toContain('没有名为 holiday 的模板');

    const empty = await t.call('POST', '/v1/gates/KT/capacity-plan/what-if', { token: manager, body: { plan: everyHourPlan(0), date }, headers: { 'accept-language': 'vi' } });
    expect(empty.status).toBe(400);
    expect(empty.body.error.field).toBe('date');
    expect(JSON.stringify(empty.body)).toContain('không có khung giờ nào');

    const share = await t.call('POST', '/v1/gates/KT/capacity-plan/what-if', { token: manager, body: { ...body, share: 3 } });
    expect(share.status).toBe(400);
    expect(JSON.stringify(share.body)).toContain('share');
  });
});
