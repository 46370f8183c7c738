/**
 * An honest demo (issue 12, item 8): the feeder used to act as operator1 on every lane, so it
 * marked a real user's truck as a no-show twice and dropped it. Now it uses the demo fleet's own
 * accounts and acts only on trips it registered. Here a person's truck is called to a lane next
 * to a feeder that no-shows half of its own trucks: no event of the person's trip comes from a
 * feeder account, and every trip the feeder registered is the demo fleet's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFeederTestPlatform, type FeederTestPlatform } from './feeder-test-platform.ts';
import { ApiClient, DEMO_FLEET_ACCOUNTS, startTrafficFeeder, type FeederStats } from './index.ts';
import { randomTripRequest } from './random-trip.ts';
import { createRandom } from './random.ts';

let t: FeederTestPlatform;

beforeAll(async () => {
  t = await startFeederTestPlatform();
}, 120_000);

afterAll(() => t?.close());

describe('the demo feeder next to a person', () => {
  it("never touches a human driver's truck, and registers only as the demo fleet", async () => {
    const person = new ApiClient({ baseUrl: t.platform.url, username: 'driver1', password: 'demo' });
    const gateOperator = new ApiClient({ baseUrl: t.platform.url, username: 'operator1', password: 'demo' });
    const mine = await person.createTrip({ ...randomTripRequest(createRandom(), { gateCode: 'KT', direction: 'exit', expectedArrival: Date.now() }), driver: { fullName: 'Nguyễn Văn An', phone: `+84 9${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}` } });
    await gateOperator.checkIn('KT', mine.vehicle.plate, 'journey-human-checkin-1');

    const feeder = startTrafficFeeder({ baseUrl: t.platform.url, speed: 120, tripsPerHour: 60, seed: 12, maxInGate: 8, noShowRate: 0.5, requestTimeoutMs: 60_000 });
    let stats: FeederStats = feeder.stats();
    try {
      const until = Date.now() + 90_000;
      while (Date.now() < until && !(stats.called >= 3 && stats.noShows >= 1)) {
        await new Promise((r) => setTimeout(r, 200));
        stats = feeder.stats();
      }
    } finally {
      await feeder.stop();
    }
    expect(stats.called, JSON.stringify(stats)).toBeGreaterThanOrEqual(3);
    expect(stats.noShows).toBeGreaterThanOrEqual(1);

    const feederUsers = await t.db.prisma.user.findMany({
      where: { username: { in: [...DEMO_FLEET_ACCOUNTS.drivers, DEMO_FLEET_ACCOUNTS.operator] } },
      select: { id: true, companyId: true },
    });
    expect(feederUsers).toHaveLength(3);
    const feederActors = new Set(feederUsers.map((u) => `user:${u.id}`));

    // The person's truck was on a lane while the feeder worked (so the old feeder would have acted on it).
    const persisted = async () => t.db.prisma.gateEvent.findMany({ where: { tripId: mine.id }, select: { type: true, actor: true } });
    let events = await persisted();
    for (let i = 0; i < 50 && !events.some((e) => /called/.test(e.type)); i++) {
      await new Promise((r) => setTimeout(r, 200));
      events = await persisted();
    }
    expect(events.map((e) => e.type).some((t) => /called/.test(t))).toBe(true);
    expect(events.filter((e) => feederActors.has(e.actor))).toEqual([]);
    const row = await t.db.prisma.trip.findUniqueOrThrow({ where: { id: mine.id }, select: { state: true } });
    expect(['cancelled', 'no_show', 'turned_back', 'crossed']).not.toContain(row.state);

    // Every trip the feeder registered belongs to the demo fleet's company.
    const fleetCompany = feederUsers[0]!.companyId;
    const feederTrips = await t.db.prisma.trip.count({ where: { createdBy: { username: { in: [...DEMO_FLEET_ACCOUNTS.drivers] } } } });
    // At least what it counted: under load a request can time out at the client after the server registered it.
    expect(feederTrips).toBeGreaterThanOrEqual(stats.registered);
    expect(new Set(feederUsers.map((u) => u.companyId))).toEqual(new Set([fleetCompany]));
  }, 180_000);
});
