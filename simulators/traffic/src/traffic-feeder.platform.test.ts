/**
 * The feeder against the real platform: HTTP API, scheduler on real Redis,
 * a real database (PGlite, or PostgreSQL with DATABASE_URL). At speed 300 a
 * simulated minute lasts 0.2 s, so trucks are registered, decided, checked in
 * and worked through lanes within seconds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFeederTestPlatform, waitForStats as waitFor, type FeederTestPlatform } from './feeder-test-platform.ts';
import { ApiClient, startTrafficFeeder, type FeederStats } from './index.ts';
import { ROUTES } from '@borderflow/client';
import { DEFAULT_POLICY } from '@borderflow/contracts';
import { everyHourPlan } from '@borderflow/api/src/testing/booking-fixtures.ts';
import { DEMO_FLEET_ACCOUNTS } from './traffic-feeder.ts';


let t: FeederTestPlatform;

// Slots every hour from the start: on the default plan (07–22 gate time) every trip of the first
// test tried hour after hour at night, and the fleet's accounts reached their booking rate limit,
// so the second test's bookings were refused (429) and its trucks walked in (CI at 22:40 gate time).
const EVERY_HOUR = { ordinary: 30, perishable: 20, emptyReturn: 20 };

beforeAll(async () => {
  t = await startFeederTestPlatform();
  const manager = new ApiClient({ baseUrl: t.platform.url, username: 'manager1', password: 'demo' });
  await (await manager.signedIn()).call(ROUTES.publishCapacityPlan, { params: { gate: 'KT' }, body: everyHourPlan(EVERY_HOUR, { entry: EVERY_HOUR }) });
}, 120_000);

afterAll(() => t?.close());

describe('traffic feeder', () => {
  it('registers, decides, checks in and works trucks through the lanes', async () => {
    const feeder = startTrafficFeeder({ baseUrl: t.platform.url, speed: 120, tripsPerHour: 120, seed: 7, maxInGate: 15, requestTimeoutMs: 60_000 });
    let stats: FeederStats;
    try {
      stats = await waitFor(feeder, (s) => s.checkedIn >= 5 && s.completed >= 3 && s.decisions >= 3, 80_000);
    } finally {
      await feeder.stop();
    }
    expect(stats.lastError, JSON.stringify(stats)).toBeNull();
    expect(stats.errors).toBe(0);
    expect(stats.registered).toBeGreaterThanOrEqual(5);
    expect(stats.checkedIn).toBeGreaterThanOrEqual(5);
    expect(stats.decisions).toBeGreaterThanOrEqual(3);
    expect(stats.completed).toBeGreaterThanOrEqual(3);

    // What the feeder did is what the platform shows.
    const operator = new ApiClient({ baseUrl: t.platform.url, username: 'operator1', password: 'demo' });
    const { trips } = await (await operator.signedIn()).call(ROUTES.listTrips, { query: { gate: 'KT', limit: 200 } });
    // At least what it counted: on a loaded machine a request can time out at the client after the server registered it.
    expect(trips.length).toBeGreaterThanOrEqual(stats.registered);
    expect(trips.filter((t) => t.state !== 'registered').length).toBeGreaterThanOrEqual(stats.checkedIn);

    // stop() means stopped: no request after it.
    const after = feeder.stats();
    await new Promise((r) => setTimeout(r, 300));
    expect(feeder.stats()).toEqual(after);
  }, 120_000);

  it('books a slot for its trips as any driver does, plans each truck inside its window, walks in only without one, and gives unused slots back on stop', async () => {
    // The every-hour plan of beforeAll, with enough slots that the first hour a trip asks for is never
    // full: booked there, its registered arrival is inside the window (a trip booked an hour later keeps
    // the arrival it registered with, which the check below would read).
    const feeder = startTrafficFeeder({ baseUrl: t.platform.url, speed: 120, tripsPerHour: 240, seed: 11, maxInGate: 30, requestTimeoutMs: 60_000 });
    const fleet = await t.db.prisma.user.findMany({ where: { username: { in: [...DEMO_FLEET_ACCOUNTS.drivers] } }, select: { id: true } });
    const fleetBookings = () => t.db.prisma.slotBooking.findMany({ where: { state: 'active', accountId: { in: fleet.map((u) => u.id) } } });
    let stats: FeederStats;
    let during: Awaited<ReturnType<typeof fleetBookings>>;
    try {
      stats = await waitFor(feeder, (s) => s.booked >= 4 && s.walkIns >= 2, 80_000);
      during = await fleetBookings();
    } finally {
      await feeder.stop();
    }
    expect(stats.errors, JSON.stringify(stats)).toBe(0);
    expect(stats.booked).toBeGreaterThanOrEqual(4);
    expect(stats.walkIns).toBeGreaterThanOrEqual(2);
    // Booked through the API as the fleet's own drivers: within each account's quota, each truck planned inside its window.
    expect(during.length).toBeGreaterThanOrEqual(4);
    const perAccount = new Map<string, number>();
    for (const b of during) perAccount.set(b.accountId, (perAccount.get(b.accountId) ?? 0) + 1);
    expect([...perAccount.keys()].every((id) => fleet.some((u) => u.id === id))).toBe(true);
    expect(Math.max(...perAccount.values())).toBeLessThanOrEqual(4);
    const trips = await t.db.prisma.trip.findMany({ where: { id: { in: during.map((b) => b.tripId) } }, select: { id: true, expectedArrival: true } });
    for (const b of during) {
      const planned = trips.find((x) => x.id === b.tripId)!.expectedArrival.getTime();
      expect(Math.abs(planned - b.slotStart.getTime())).toBeLessThanOrEqual(DEFAULT_POLICY.appointmentGraceMs);
    }
    // Its trucks that will not come now free their slots at once.
    expect(await fleetBookings()).toEqual([]);
  }, 120_000);
});
