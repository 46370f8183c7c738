/**
 * The daily open-data dump, from a real database: the gate-local day's hours in CSV and JSON, its
 * anonymised events, a data dictionary describing every field in English and Vietnamese, the licence;
 * a truck still waiting from the day before counts in the queue; nothing names the plate. Also the event
 * log reader the pull API pages with (province-source.ts), on the same database.
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '@borderflow/db';
import {
  PRIORITY_CLASSES,
  PROVINCE_EVENT_FIELDS,
  PROVINCE_HOURLY_FIELDS,
  ZProvinceHourlyStatsSchema,
  ZProvinceTripEventSchema,
  type GateEvent,
  type GateEventType,
  type TripState,
} from '@borderflow/contracts';
import { gateDay, writeOpenDataDump } from './open-data.ts';
import { readEventPage, SEQ_GAP_GRACE_MS } from './province-source.ts';
import { vehicleRef } from './pseudonym.ts';

const GATE = 'ZZ';
const SECRET = 'open-data-test-secret-of-at-least-32-chars';
const PLATE = '24C12345';
let db: TestDatabase;
let out: string;
let seq = 0;

const at = (local: string) => Date.parse(`${local}+07:00`);

async function event(type: GateEventType, state: TripState, when: number, tripId = 'trip-a', plate = PLATE, gate = GATE, at?: number): Promise<void> {
  seq = at ?? seq + 1;
  const payload = {
    seq, gate, at: when, actor: 'user:secret-user-id', commandId: null, type, detail: {}, lane: null,
    reason: type === 'trip_called' ? { policyVersion: 1, rule: 'direct', slot: null, priorityClass: 'ordinary', waitMs: 30 * 60_000 } : null,
    trip: {
      id: tripId, state, stages: ['documents'], stageIndex: 0, stage: 'documents', priorityClass: 'ordinary', direction: 'exit', score: 0,
      laneId: state === 'called' ? 'ZZ-X1' : null, noShows: 0, deadline: null, plate, hold: false, queuedAt: null,
    },
  } as unknown as GateEvent;
  await db.prisma.gateEvent.create({
    data: { gateCode: gate, seq, streamId: `${when}-${seq}`, type, tripId, laneCode: null, actor: payload.actor, commandId: null, at: new Date(when), payload: payload as object },
  });
}

beforeAll(async () => {
  db = await openTestDatabase();
  out = await mkdtemp(join(tmpdir(), 'open-data-'));
  await event('trip_queued', 'queued', at('2026-12-05T23:50:00'), 'trip-b', '29C55555'); // still waiting at midnight
  await event('trip_queued', 'queued', at('2026-12-06T08:10:00'));
  await event('trip_called', 'called', at('2026-12-06T08:40:00'));
  await event('trip_crossed', 'crossed', at('2026-12-06T09:05:00'));
  await event('trip_called', 'called', at('2026-12-06T10:00:00'), 'trip-b', '29C55555');
  await event('trip_crossed', 'crossed', at('2026-12-07T00:10:00'), 'trip-b', '29C55555'); // the next day
}, 60_000);
afterAll(async () => {
  await db?.close();
  if (out) await rm(out, { recursive: true, force: true });
});

describe('the open-data dump', () => {
  it('writes the day as CSV and JSON with a data dictionary and a licence, and no plate', async () => {
    const files = await writeOpenDataDump(db.prisma, { date: '2026-12-06', outDir: out, secret: SECRET, gates: [GATE] });
    expect((await readdir(out)).sort()).toEqual(['ZZ-2026-12-06.csv', 'ZZ-2026-12-06.json', 'data-dictionary.json']);
    expect(files).toHaveLength(3);

    const csv = (await readFile(join(out, 'ZZ-2026-12-06.csv'), 'utf8')).trimEnd().split('\r\n');
    expect(csv[0]).toBe(PROVINCE_HOURLY_FIELDS.map((f) => f.name).join(','));
    expect(csv).toHaveLength(1 + 24 * 2 * PRIORITY_CLASSES.length); // every hour × direction × class, zeros included
    // At 09:00 trip-a is called (called counts as waiting: it has not crossed) and trip-b still queued.
    expect(csv).toContain('ZZ,2026-12-06T08:00:00.000+07:00,exit,ordinary,0,1,30,30,2');
    expect(csv).toContain('ZZ,2026-12-06T09:00:00.000+07:00,exit,ordinary,1,0,,,1');
    // trip-b waited since the day before: in the queue at 00:00–01:00, called at 10:00.
    expect(csv).toContain('ZZ,2026-12-06T00:00:00.000+07:00,exit,ordinary,0,0,,,1');
    expect(csv).toContain('ZZ,2026-12-06T10:00:00.000+07:00,exit,ordinary,0,1,30,30,1');

    const json = JSON.parse(await readFile(join(out, 'ZZ-2026-12-06.json'), 'utf8'));
    expect(json).toMatchObject({ gate: GATE, date: '2026-12-06', licence: { id: 'CC-BY-4.0' }, dictionary: 'data-dictionary.json' });
    const { events, date: _date, dictionary: _dictionary, ...stats } = json;
    ZProvinceHourlyStatsSchema.parse(stats);
    expect(events.map((e: unknown) => ZProvinceTripEventSchema.parse(e).type)).toEqual(['trip_queued', 'trip_called', 'trip_crossed', 'trip_called']);
    expect(events[0].vehicleRef).toBe(vehicleRef(SECRET, '24C-123.45', at('2026-12-06T08:10:00')));

    const dictionary = JSON.parse(await readFile(join(out, 'data-dictionary.json'), 'utf8'));
    expect(dictionary.licence).toMatchObject({ id: 'CC-BY-4.0', url: 'https://creativecommons.org/licenses/by/4.0/' });
    expect(dictionary.files['<gate>-<date>.json'].fields.events.map((f: { name: string }) => f.name)).toEqual(PROVINCE_EVENT_FIELDS.map((f) => f.name));
    for (const f of dictionary.files['<gate>-<date>.csv'].fields) expect(f.description.vi.length).toBeGreaterThan(0);

    for (const file of await readdir(out)) {
      const text = await readFile(join(out, file), 'utf8');
      for (const secret of [PLATE, '29C55555', 'trip-a', 'secret-user-id']) expect(text, `${file}: ${secret}`).not.toContain(secret);
    }
  });

  it('refuses a date that is not a calendar day', async () => {
    expect(gateDay('2026-02-30')).toBeNull();
    expect(gateDay('06/12/2026')).toBeNull();
    expect(gateDay('2026-12-06')).toEqual({ from: Date.parse('2026-12-05T17:00:00Z'), to: Date.parse('2026-12-06T17:00:00Z') });
    await expect(writeOpenDataDump(db.prisma, { date: '2026-13-01', outDir: out, secret: SECRET, gates: [GATE] })).rejects.toThrow(/--date/);
  });
});

describe('reading the event log by seq', () => {
  it('stops before a fresh gap (an event another worker stores late), and skips a gap that stays', async () => {
    const now = Date.now();
    await event('trip_queued', 'queued', now - 5_000, 'trip-c', '29C11111', 'ZG', 1);
    await event('trip_called', 'called', now - 4_000, 'trip-c', '29C11111', 'ZG', 2);
    await event('trip_crossed', 'crossed', now - 1_000, 'trip-c', '29C11111', 'ZG', 4); // seq 3 not stored yet
    const fresh = await readEventPage(db.prisma, 'ZG', { afterSeq: 1, since: null, limit: 10, now });
    expect(fresh.events.map((e) => e.seq)).toEqual([2]);
    expect(fresh.last?.seq).toBe(2);
    // The same gap a while later: seq 3 is never coming.
    const later = await readEventPage(db.prisma, 'ZG', { afterSeq: 2, since: null, limit: 10, now: now + SEQ_GAP_GRACE_MS });
    expect(later.events.map((e) => e.seq)).toEqual([4]);
    // A limit cuts the page; the next resumes after its last seq.
    const first = await readEventPage(db.prisma, 'ZG', { afterSeq: null, since: null, limit: 1, now });
    expect(first.events.map((e) => e.seq)).toEqual([1]);
    expect(first.last?.seq).toBe(1);
  });
});
