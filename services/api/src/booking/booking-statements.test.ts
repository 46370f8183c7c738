/**
 * What a booking costs in SQL statements, pinned: the bookings that arrive together (a release
 * storm's first wave, every one of them a success) share each statement of the booking path
 * (booking-rows.ts), where each success once sent four of its own (the driver's counted bookings
 * and latest waiver as two ORM queries, the pending row, the activation). A success's pending row
 * is written by the statement that reads its driver's no-shows (a round trip fewer on the path
 * whose sequential steps make the storm's first wave). A statement added to the path, or a batch
 * broken up, fails here rather than in the storm's p99 (issue 12).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApi } from '../testing/test-api.ts';
import { testApiContext } from '../testing/test-api.ts';
import { everyHourPlan, startBookingTestApi } from '../testing/booking-fixtures.ts';
import { tripRequest, uniquePhone } from '../testing/trip-fixtures.ts';
import { bookSlot, createBookings, suspensionOf, type Bookings } from './booking-service.ts';
import { statementRecorder } from '../testing/statement-recorder.ts';

const HOUR = 3_600_000;
const slotIn = (hours: number) => new Date(Math.floor(Date.now() / HOUR) * HOUR + hours * HOUR).toISOString();
const TOGETHER = 8;

let t: TestApi;
let close: (() => Promise<void>) | undefined;
const statements = statementRecorder();
let bk: Bookings;
let who: { id: string; username: string; role: 'driver' };
beforeAll(async () => {
  // The API role only: the worker's sweeps read slot_bookings on their own clock.
  ({ t, close } = await startBookingTestApi(everyHourPlan(TOGETHER + 2), { onStatement: statements.onStatement }, { role: 'api' }));
  bk = createBookings(testApiContext(t));
  const driver1 = await t.db.prisma.user.findUniqueOrThrow({ where: { username: 'driver1' } });
  who = { id: driver1.id, username: 'driver1', role: 'driver' };
}, 60_000);
afterAll(() => close?.());

/** `n` trips of driver1's company, each of its own driver unless `phone` names one driver for all. */
async function trips(n: number, phone?: string): Promise<string[]> {
  const token = await t.token('driver1');
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await t.call('POST', '/v1/trips', { token, body: tripRequest({ driver: { fullName: 'Lò Văn Sáng', phone: phone ?? uniquePhone() } }) });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    ids.push(r.body.id);
  }
  return ids;
}

const statementsOf = statements.during;

describe('statements per booking', () => {
  it('a booking alone: its trip, its pending row written with its driver\'s no-shows and waiver read, its activation', async () => {
    const [warm, alone] = await trips(2);
    // The first booking of the process reads the gate's capacity plan (then kept for a while).
    await bookSlot(bk, who, { tripId: warm!, slotStart: slotIn(5) });
    const sql = await statementsOf(() => bookSlot(bk, who, { tripId: alone!, slotStart: slotIn(5) }));
    console.log(`a booking alone: ${sql.length} statements\n${sql.map((s) => `  ${s.replace(/\s+/g, ' ').slice(0, 140)}`).join('\n')}`);
    // 5 while the driver's counted bookings and latest waiver were two ORM queries, 4 while the
    // no-show read and the pending row's INSERT were a statement each.
    expect(sql).toHaveLength(3);
    expect(sql.filter((s) => /"booking_waivers"/.test(s))).toHaveLength(1);
    expect(sql.filter((s) => s.includes('INSERT INTO "slot_bookings"'))).toEqual(sql.filter((s) => /"booking_waivers"/.test(s)));
  });

  it('a driver with a no-show (under the limit): the no-show read writes nothing for them, their row is written after it', async () => {
    const phone = uniquePhone();
    const [missed, next] = await trips(2, phone);
    const first = await bookSlot(bk, who, { tripId: missed!, slotStart: slotIn(8) });
    // Its arrival window closed without an arrival: reading the driver's suspension marks it a no-show (one, under the limit).
    const row = await t.db.prisma.slotBooking.update({ where: { id: first.id }, data: { slotStart: new Date(Math.floor(Date.now() / HOUR) * HOUR - 4 * HOUR) } });
    expect(await suspensionOf(bk, row.driverId)).toMatchObject({ noShows: 1, suspendedUntil: null });
    let booked = '';
    const sql = await statementsOf(async () => { booked = (await bookSlot(bk, who, { tripId: next!, slotStart: slotIn(8) })).id; });
    expect((await t.db.prisma.slotBooking.findUniqueOrThrow({ where: { id: booked } })).state).toBe('active');
    const inserts = sql.filter((s) => s.includes('INSERT INTO "slot_bookings"'));
    // The statement with the no-show read wrote nothing (a booking of the driver counts); the row's own INSERT follows it.
    expect(inserts).toHaveLength(2);
    expect(inserts[0]).toContain('"booking_waivers"');
    expect(inserts[1]).not.toContain('"booking_waivers"');
    expect(sql).toHaveLength(4);
  });

  it(`${TOGETHER} bookings arriving together share each statement, each booked with its carrier event`, async () => {
    const ids = await trips(TOGETHER);
    const slot = slotIn(6);
    // The company has an endpoint for booking events: each activation writes its own message (its trip, its plate).
    const driver1 = await t.db.prisma.user.findUniqueOrThrow({ where: { username: 'driver1' } });
    await t.db.prisma.webhookEndpoint.create({
      data: { companyId: driver1.companyId!, url: 'http://127.0.0.1:9/hook', events: ['booking'], secret: 'x'.repeat(32), createdById: driver1.id },
    });
    let booked: Array<{ id: string }> = [];
    const sql = await statementsOf(async () => {
      booked = await Promise.all(ids.map((tripId) => bookSlot(bk, who, { tripId, slotStart: slot })));
    });
    console.log(`${TOGETHER} bookings together: ${sql.length} statements\n${sql.map((s) => `  ${s.replace(/\s+/g, ' ').slice(0, 140)}`).join('\n')}`);
    expect(await t.db.prisma.slotBooking.count({ where: { id: { in: booked.map((b) => b.id) }, state: 'active' } })).toBe(TOGETHER);
    const messages = await t.db.prisma.outboxMessage.findMany({ where: { topic: 'company_webhook', key: { in: ids } } });
    const plates = await t.db.prisma.trip.findMany({ where: { id: { in: ids } }, select: { id: true, vehicle: { select: { plateDisplay: true } } } });
    expect(messages.map((m) => m.payload as { data: { tripId: string; plate: string; reason: string; slotStart: string } }).map((p) => p.data)
      .sort((a, b) => a.tripId.localeCompare(b.tripId)).map(({ tripId, plate, reason, slotStart }) => ({ tripId, plate, reason, slotStart })))
      .toEqual(plates.sort((a, b) => a.id.localeCompare(b.id)).map((p) => ({ tripId: p.id, plate: p.vehicle.plateDisplay, reason: 'booked', slotStart: slot })));
    // 1 + 4 × 8 = 33 while each success sent its own (8 of each kind). 4 here; a busy machine may split a
    // stage's batch where the ledger's replies come in apart (the next batch gathers all that came meanwhile).
    expect(sql.length).toBeLessThanOrEqual(10);
    for (const table of ['"booking_waivers"', 'INSERT INTO "slot_bookings"', 'UPDATE "slot_bookings"']) {
      expect(sql.filter((s) => s.includes(table)).length, table).toBeLessThanOrEqual(3);
    }
  });

  it('the bookings that pass the ledger\'s check together and lose at its step share the DELETE of their pending rows', async () => {
    // The hour holds TOGETHER + 2; these all find it empty at the early check, and the last ones to the
    // ledger's step are refused "full": each one's pending row goes again.
    const ids = await trips(TOGETHER + 6);
    const slot = slotIn(7);
    let answers: string[] = [];
    const sql = await statementsOf(async () => {
      answers = await Promise.all(ids.map((tripId) => bookSlot(bk, who, { tripId, slotStart: slot }).then(() => 'booked', (e: Error) => e.message)));
    });
    expect(answers.filter((a) => a === 'booked')).toHaveLength(TOGETHER + 2);
    expect(answers.filter((a) => a !== 'booked').map((a) => a.split(';')[0])).toEqual(Array.from({ length: 4 }, () => 'This slot is full'));
    expect(await t.db.prisma.slotBooking.count({ where: { tripId: { in: ids } } })).toBe(TOGETHER + 2);
    // 4 while each refused booking sent its own; a busy machine may split the losers where the ledger's replies come in apart.
    expect(sql.filter((s) => /DELETE FROM (?:"public"\.)?"slot_bookings"/.test(s)).length).toBeLessThanOrEqual(2);
  });
});
