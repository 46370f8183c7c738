/**
 * The trip a booking is for is read for every request that arrived together in one statement
 * (trip-to-book.ts): each request still gets its own trip as of a statement begun after it, so
 * every refusal is the one it gets alone, in the same order (404 for a trip not the caller's,
 * then the trip's state, then the ledger's "full").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApi } from '../testing/test-api.ts';
import { everyHourPlan, startBookingTestApi } from '../testing/booking-fixtures.ts';
import { tripRequest, uniquePhone } from '../testing/trip-fixtures.ts';
import { testApiContext } from '../testing/test-api.ts';
import type { AppError } from '../app-error.ts';
import type { CreateTripRequestInput } from '@borderflow/contracts';
import { bookSlot, createBookings } from './booking-service.ts';
import { tripToBook, tripToBookStats } from './trip-to-book.ts';
import { statementRecorder } from '../testing/statement-recorder.ts';

const HOUR = 3_600_000;
const slotIn = (hours: number) => new Date(Math.floor(Date.now() / HOUR) * HOUR + hours * HOUR).toISOString();

let t: TestApi;
let close: (() => Promise<void>) | undefined;
/** Statements sent on the pool itself (@borderflow/db's directQuery), not through Prisma's client. */
const direct = statementRecorder();
beforeAll(async () => {
  ({ t, close } = await startBookingTestApi(everyHourPlan({ ordinary: 1, perishable: 1, emptyReturn: 1 }), {
    onStatement: (sql, path) => { if (path === 'direct') direct.onStatement(sql); },
  }));
}, 60_000);
afterAll(() => close?.());

async function trip(username: string, cargo?: CreateTripRequestInput['cargo']): Promise<string> {
  const body = tripRequest({ driver: { fullName: 'Lò Văn Sáng', phone: uniquePhone() }, ...(cargo ? { cargo } : {}) });
  const r = await t.call('POST', '/v1/trips', { token: await t.token(username), body });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id;
}

const answerOf = async (tripId: string, slotStart: string, username: string) => {
  const r = await t.call('POST', '/v1/bookings', { token: await t.token(username), body: { tripId, slotStart } });
  return { status: r.status, message: (r.body as { error?: { message?: string } }).error?.message ?? 'booked' };
};

describe('the trip to book', () => {
  it('reads arriving together share one statement, each answered with its own trip as of then', async () => {
    const ids = [await trip('driver1'), await trip('driver2'), await trip('driver1')];
    const db = t.db.prisma;
    const statements = tripToBookStats.statements;
    const trips = await Promise.all([...ids, 'no-such-trip'].map((id) => tripToBook(db, id)));
    expect(tripToBookStats.statements).toBe(statements + 1);
    expect(trips.map((r) => r?.id ?? null)).toEqual([...ids, null]);
    expect(trips.map((r) => r?.gateCode)).toEqual(['KT', 'KT', 'KT', undefined]);
    expect(trips[1]!.createdById).not.toBe(trips[0]!.createdById);
    expect(trips[0]!.cargo.length).toBeGreaterThan(0);
    // A change committed before the next reads arrive is seen by them.
    await db.trip.update({ where: { id: ids[1] }, data: { state: 'queued' } });
    expect((await Promise.all(ids.map((id) => tripToBook(db, id)))).map((r) => r?.state)).toEqual(['registered', 'queued', 'registered']);
  });

  it('bookings sent together get the refusals each gets alone, in the same order: not found, trip state, full', async () => {
    const slot = slotIn(30);
    const [mine, others, arrived, winner, loser] = [await trip('driver1'), await trip('driver2'), await trip('driver1'), await trip('driver1'), await trip('driver1')];
    await t.db.prisma.trip.update({ where: { id: arrived }, data: { state: 'queued' } });
    // Alone first: what each request is answered on its own (the hour has one ordinary slot).
    const alone = [await answerOf(others, slot, 'driver1'), await answerOf(arrived, slot, 'driver1')];
    expect(alone.map((a) => a.status)).toEqual([404, 409]);
    expect((await answerOf(winner, slot, 'driver1')).status).toBe(201);
    const fullAlone = await answerOf(loser, slot, 'driver1');
    expect(fullAlone.status).toBe(409);
    // Together: the same answers.
    const together = await Promise.all([answerOf(others, slot, 'driver1'), answerOf(arrived, slot, 'driver1'), answerOf(loser, slot, 'driver1'), answerOf(mine, slot, 'driver2')]);
    expect(together).toEqual([...alone, fullAlone, alone[0]]);
    // The booking step itself called together (its trips in one statement): the same refusals in the same order.
    const bk = createBookings(testApiContext(t));
    const driver1 = await t.db.prisma.user.findUniqueOrThrow({ where: { username: 'driver1' } });
    const who = { id: driver1.id, username: 'driver1', role: 'driver' as const };
    const statements = tripToBookStats.statements;
    const refused = await Promise.allSettled([others, arrived, loser].map((tripId) => bookSlot(bk, who, { tripId, slotStart: slot })));
    expect(tripToBookStats.statements).toBe(statements + 1);
    expect(refused.map((r) => (r.status === 'rejected' ? (r.reason as AppError).message : 'booked'))).toEqual([...alone, fullAlone].map((a) => a.message));
    expect(await t.db.prisma.slotBooking.count({ where: { slotStart: new Date(slot), state: 'active' } })).toBe(1);
  });

  // Prisma's client around this one statement cost more CPU than pg itself in a booking storm (issue 12).
  it.skipIf(!process.env.DATABASE_URL)('on PostgreSQL goes on the pool directly and answers as Prisma\'s read does', async () => {
    const goods = [{ description: 'Gạch men', hsCode: '6907.21.10', packages: 40, grossKg: 12000 }, { description: 'Thanh long', hsCode: '0810.90.10', packages: 5, grossKg: 900 }];
    const ids = [await trip('driver1', goods), await trip('driver2', [])];
    let trips: Array<Awaited<ReturnType<typeof tripToBook>>> = [];
    const onPool = await direct.during(async () => { trips = await Promise.all([...ids, 'no-such-trip'].map((id) => tripToBook(t.db.prisma, id))); });
    expect(onPool).toHaveLength(1);
    const viaPrisma = await t.db.prisma.trip.findMany({
      where: { id: { in: ids } },
      select: { id: true, createdById: true, state: true, direction: true, vehicleId: true, driverId: true, companyId: true, gate: { select: { code: true } }, cargo: { select: { hsCode: true } } },
    });
    const expected = ids.map((id) => {
      const { gate, cargo, ...rest } = viaPrisma.find((r) => r.id === id)!;
      return { ...rest, gateCode: gate.code, cargo: [...cargo].sort((a, b) => a.hsCode.localeCompare(b.hsCode)) };
    });
    const got = trips.slice(0, 2).map((r) => ({ ...r!, cargo: [...r!.cargo].sort((a, b) => a.hsCode.localeCompare(b.hsCode)) }));
    expect(got).toEqual(expected);
    expect(got[0]!.cargo).toHaveLength(2);
    expect(got[1]!.cargo).toEqual([]);
    expect(trips[2]).toBeNull();
  });
});
