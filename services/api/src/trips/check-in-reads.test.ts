/**
 * A check-in's look-ups before the scheduler go out together (check-in-trip.ts): the route's
 * agency decisions and the slot booking are read in the same turn of the event loop, so under
 * load a checked-in truck waits one database round trip (a loop turn) before its command, not
 * one per read, and no read sits between the check-in's clock (its event's time) and the command.
 * Seen at the driver adapter: a statement issued after another's answer came back is issued in
 * a later loop turn. That holds with PostgreSQL (DATABASE_URL), where the reads one after the other
 * fail this test; PGlite answers in-process and can answer within the turn, so there it passes
 * either way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/test-api.ts';
import { tripRequest } from '../testing/trip-fixtures.ts';

let t: TestApi;
let driver: string;
let operator: string;
/** The loop turn (one per `setImmediate`) each statement was issued in, while counting. */
let seen: Array<{ sql: string; turn: number }> = [];
let turn = 0;
let counting = false;
const tick = () => {
  turn++;
  if (counting) setImmediate(tick);
};

beforeAll(async () => {
  t = await startTestApi({ role: 'api' }, { onStatement: (sql) => { if (counting) seen.push({ sql, turn }); } });
  driver = await t.token('driver1');
  operator = await t.token('operator1');
});
afterAll(() => t?.close());

describe('check-in reads', () => {
  it('reads the route decisions and the slot booking in one loop turn', async () => {
    const created = await t.call('POST', '/v1/trips', { token: driver, body: tripRequest() });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const plate = (created.body as { vehicle: { plate: string } }).vehicle.plate;
    seen = [];
    counting = true;
    setImmediate(tick);
    const answer = await t.call('POST', '/v1/gates/KT/check-ins', { token: operator, body: { plate } });
    counting = false;
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const decisions = seen.find((s) => /FROM "public"\."agency_decisions"/i.test(s.sql));
    const booking = seen.find((s) => /FROM "public"\."slot_bookings"/i.test(s.sql));
    expect(decisions, seen.map((s) => s.sql.slice(0, 400)).join('\n')).toBeDefined();
    expect(booking, seen.map((s) => s.sql.slice(0, 400)).join('\n')).toBeDefined();
    expect(booking!.turn).toBe(decisions!.turn);
  });
});
