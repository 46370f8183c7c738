/* eslint-disable @typescript-eslint/no-explicit-any -- messages in tests are arbitrary JSON */
/**
 * The company feed against a real server, Socket.IO and Redis: a company's administrator and its
 * API key follow every truck of the company (and no other company's) on one subscription, over
 * /live and over Server-Sent Events; the seq has no gaps; a resume replays what was missed, or
 * sends a snapshot once it is gone; times are RFC 3339 with the gate's offset.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { Redis } from 'ioredis';
import { testRedisUrl } from '@borderflow/testkit/testing';
import { ZCompanyFeedMessageSchema, ZCompanyFeedSnapshotSchema } from '@borderflow/contracts';
import { startTestApi, type TestApi } from '../testing/test-api.ts';
import { createLogger } from '../logger.ts';
import { CompanyFeed, type FeedBody } from './company-feed.ts';
import { tripRequest } from '../testing/trip-fixtures.ts';

const GATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+07:00$/;
const EXIT_LANES = ['KT-X1', 'KT-X2'];

let t: TestApi;
let redis: Redis;
let operator: string;
let readKey: string;

/** What a company subscription received, in order. */
interface Follower {
  snapshots: any[];
  messages: any[];
}

function follow(socket: Socket): Follower {
  const f: Follower = { snapshots: [], messages: [] };
  socket.on('feed_snapshot', (s: any) => f.snapshots.push(s));
  socket.on('feed', (m: any) => f.messages.push(m));
  return f;
}

/** Every seq after the snapshot's, one by one. */
function expectNoGaps(start: number, messages: any[]): void {
  expect(messages.map((m) => m.seq)).toEqual(messages.map((_m, i) => start + i + 1));
}

async function register(driver: string): Promise<{ id: string; plate: string }> {
  const request = tripRequest();
  const r = await t.call('POST', '/v1/trips', { token: await t.token(driver), body: request });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return { id: r.body.id, plate: request.vehicle.plate };
}

async function checkIn(plate: string): Promise<void> {
  const r = await t.call('POST', '/v1/gates/KT/check-ins', { token: operator, body: { plate } });
  expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
}

async function lanes(action: 'pause' | 'open'): Promise<void> {
  for (const lane of EXIT_LANES) {
    const r = await t.call('POST', `/v1/gates/KT/lanes/${lane}/${action}`, { token: operator, body: { reason: 'company feed test' } });
    expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
  }
}

async function createKey(scopes: string[]): Promise<string> {
  const r = await t.call('POST', '/v1/company/api-keys', { token: await t.token('fleetadmin1'), body: { name: `feed ${scopes.join(' ')}`, scopes } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.key;
}

/** Reads an SSE response: each event as { id, event, data }. */
function readSse(res: Response): { events: Array<{ id: string; event: string; data: any }>; stop: () => void } {
  const events: Array<{ id: string; event: string; data: any }> = [];
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let stopped = false;
  void (async () => {
    while (!stopped) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields: Record<string, string> = {};
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) continue;
          const at = line.indexOf(': ');
          if (at > 0) fields[line.slice(0, at)] = line.slice(at + 2);
        }
        if (fields.data !== undefined) events.push({ id: fields.id ?? '', event: fields.event ?? 'message', data: JSON.parse(fields.data) });
      }
    }
  })();
  return { events, stop: () => { stopped = true; void reader.cancel().catch(() => undefined); } };
}

beforeAll(async () => {
  t = await startTestApi();
  redis = new Redis(testRedisUrl());
  operator = await t.token('operator1');
  readKey = await createKey(['trips:read']);
}, 120_000);
afterAll(async () => {
  // Lanes back open for whoever shares the gate's state next (the test's own prefix: nobody, but tidy).
  redis?.disconnect();
  await t?.close();
});

describe('/live {company: true}', () => {
  it("follows every truck of the caller's company, and none of another company's, with gapless seqs and gate times", async () => {
    const socket = await t.socket(await t.token('fleetadmin1'));
    const f = follow(socket);
    const ack = await socket.emitWithAck('subscribe', { company: true });
    expect(ack).toMatchObject({ ok: true });
    await expect.poll(() => f.snapshots.length).toBe(1);
    const snapshot = ZCompanyFeedSnapshotSchema.parse(f.snapshots[0]);
    expect(snapshot.seq).toBe(ack.seq);
    expect(snapshot.at).toMatch(GATE_TIME);
    expect(snapshot.recoveryWindowSeconds).toBe(600);

    // The exit lanes are paused, so our truck waits in the queue: its place and ETA are pushed.
    await lanes('pause');
    const ours = await register('driver1');
    const theirs = await register('driver2');
    await checkIn(ours.plate);
    await checkIn(theirs.plate);
    await expect.poll(() => f.messages.some((m) => m.kind === 'position' && m.tripId === ours.id), { timeout: 20_000 }).toBe(true);
    await lanes('open');
    await expect.poll(() => f.messages.some((m) => m.type === 'trip_called' && m.tripId === ours.id), { timeout: 20_000 }).toBe(true);

    for (const m of f.messages) ZCompanyFeedMessageSchema.parse(m);
    expectNoGaps(snapshot.seq, f.messages);
    expect(f.messages.every((m) => m.tripId === ours.id)).toBe(true);
    expect(JSON.stringify(f.messages)).not.toContain(theirs.id);
    const position = f.messages.find((m) => m.kind === 'position');
    expect(position.eta.expectedAt).toMatch(GATE_TIME);
    expect(Date.parse(position.eta.earliest)).toBeLessThanOrEqual(Date.parse(position.eta.expectedAt));
    expect(Date.parse(position.eta.expectedAt)).toBeLessThanOrEqual(Date.parse(position.eta.latest));
    const called = f.messages.find((m) => m.type === 'trip_called');
    expect(called).toMatchObject({ kind: 'event', gate: 'KT', state: 'called', plate: expect.any(String) });
    expect(called.at).toMatch(GATE_TIME);
    expect(called.deadline).toMatch(GATE_TIME);
    socket.disconnect();
  }, 60_000);

  it('resumes after a reconnect with exactly the missed messages, and with a snapshot once they are gone', async () => {
    const first = await t.socket(await t.token('fleetadmin1'));
    const f1 = follow(first);
    expect((await first.emitWithAck('subscribe', { company: true })).ok).toBe(true);
    await expect.poll(() => f1.snapshots.length).toBe(1);
    const before = await register('driver1');
    await checkIn(before.plate);
    await expect.poll(() => f1.messages.some((m) => m.tripId === before.id), { timeout: 20_000 }).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    const seen = f1.messages.at(-1).seq as number;
    first.disconnect();

    // Missed while away: another truck of the company checks in.
    const away = await register('driver1');
    await checkIn(away.plate);

    const second = await t.socket(await t.token('fleetadmin1'));
    const f2 = follow(second);
    const resumed = await second.emitWithAck('subscribe', { company: true, since: seen });
    expect(resumed.ok).toBe(true);
    await expect.poll(() => f2.messages.some((m) => m.tripId === away.id && m.type === 'trip_arrived'), { timeout: 20_000 }).toBe(true);
    expect(f2.snapshots).toEqual([]);
    expectNoGaps(seen, f2.messages);

    // The kept messages are gone (out of the window): a resume gets a snapshot instead of a gap.
    const streams = await redis.keys(`${t.prefix}company-feed:*:stream`);
    expect(streams.length).toBeGreaterThan(0);
    await redis.del(...streams);
    const third = await t.socket(await t.token('fleetadmin1'));
    const f3 = follow(third);
    const again = await third.emitWithAck('subscribe', { company: true, since: seen });
    expect(again.ok).toBe(true);
    await expect.poll(() => f3.snapshots.length).toBe(1);
    expect(f3.snapshots[0].seq).toBe(again.seq);
    expect(f3.snapshots[0].trips.map((x: any) => x.tripId)).toEqual(expect.arrayContaining([before.id, away.id]));
    for (const s of [second, third]) s.disconnect();
  }, 60_000);

  it('is refused to drivers, staff and keys without trips:read; the payload cannot name a company', async () => {
    for (const user of ['driver1', 'driver2', 'operator1']) {
      const socket = await t.socket(await t.token(user));
      let snapshots = 0;
      socket.on('feed_snapshot', () => snapshots++);
      expect(await socket.emitWithAck('subscribe', { company: true }), user).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(snapshots).toBe(0);
      socket.disconnect();
    }
    const admin = await t.socket(await t.token('fleetadmin1'));
    expect(await admin.emitWithAck('subscribe', { company: true, companyId: 'someone-else' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(await admin.emitWithAck('subscribe', { gate: 'KT', since: 3 })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', field: 'since' } });
    admin.disconnect();
    const writeOnly = await t.socket(await createKey(['trips:write']));
    expect(await writeOnly.emitWithAck('subscribe', { company: true })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', field: 'scopes' } });
    writeOnly.disconnect();
    await expect(t.socket('bfk_0123456789abcdef_not-a-real-secret-at-all')).rejects.toMatchObject({ message: 'UNAUTHENTICATED' });
  });

  it("lets the company's API key follow the feed over the socket", async () => {
    const socket = await t.socket(readKey);
    const f = follow(socket);
    const ack = await socket.emitWithAck('subscribe', { company: true });
    expect(ack.ok).toBe(true);
    const trip = await register('driver1');
    await checkIn(trip.plate);
    await expect.poll(() => f.messages.some((m) => m.tripId === trip.id), { timeout: 20_000 }).toBe(true);
    expectNoGaps(ack.seq, f.messages);
    // A key is no person: it follows no single trip and no gate.
    expect(await socket.emitWithAck('subscribe', { tripId: trip.id })).toMatchObject({ ok: false });
    expect(await socket.emitWithAck('subscribe', { gate: 'KT' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    socket.disconnect();
  }, 60_000);
});

describe('the feed store', () => {
  it('numbers a re-delivered gate event once (the fan-out is at-least-once), and replays in order', async () => {
    const feed = new CompanyFeed({ db: t.db.prisma, redis, prefix: `${t.prefix}store:`, logger: createLogger({ LOG_LEVEL: 'silent' }), schedulers: new Map() });
    const body = (tripId: string): FeedBody => ({
      kind: 'event', type: 'trip_arrived', gate: 'KT', gateSeq: 1, at: '2026-12-06T10:00:00.000+07:00', tripId, plate: '29C-123.45',
      state: 'queued', stage: 'documents', laneId: null, deadline: null, reason: null,
    });
    expect(await feed.append('c1', [body('a')], { gate: 'KT', gateSeq: 5 })).toBe(1);
    expect(await feed.append('c1', [body('a')], { gate: 'KT', gateSeq: 5 })).toBe(0);
    expect(await feed.append('c1', [body('b')], { gate: 'KT', gateSeq: 4 })).toBe(0);
    expect(await feed.append('c1', [body('c'), body('d')], null)).toBe(3);
    expect(await feed.append('c2', [body('x')], { gate: 'KT', gateSeq: 5 })).toBe(1);
    const after1 = await feed.since('c1', 1);
    expect(after1?.map((m) => [m.seq, JSON.parse(m.body).tripId])).toEqual([[2, 'c'], [3, 'd']]);
    expect(await feed.since('c1', 3)).toEqual([]);
    expect(await feed.since('c1', 9)).toBeNull();
    await feed.stop();
  });
});

describe('GET /v1/company/live (Server-Sent Events)', () => {
  const open = (headers: Record<string, string>, query = '') => fetch(`${t.url}/v1/company/live${query}`, { headers });

  it('streams the same feed with id = seq, and resumes from Last-Event-ID', async () => {
    const res = await open({ 'x-api-key': readKey, accept: 'text/event-stream' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(res.headers.get('cache-control')).toContain('no-store');
    const stream = readSse(res);
    await expect.poll(() => stream.events.length).toBeGreaterThan(0);
    const snapshot = stream.events[0]!;
    expect(snapshot.event).toBe('snapshot');
    expect(Number(snapshot.id)).toBe(snapshot.data.seq);
    const trip = await register('driver1');
    await checkIn(trip.plate);
    await expect.poll(() => stream.events.some((e) => e.data.tripId === trip.id), { timeout: 20_000 }).toBe(true);
    const feed = stream.events.slice(1);
    expect(feed.every((e) => e.event === 'feed' && Number(e.id) === e.data.seq)).toBe(true);
    expectNoGaps(snapshot.data.seq, feed.map((e) => e.data));
    stream.stop();

    // EventSource reconnects with the last id: everything after it comes again, no snapshot.
    const resumed = readSse(await open({ authorization: `Bearer ${await t.token('fleetadmin1')}`, accept: 'text/event-stream', 'last-event-id': snapshot.id }));
    await expect.poll(() => resumed.events.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(feed.length);
    expect(resumed.events.slice(0, feed.length).map((e) => e.id)).toEqual(feed.map((e) => e.id));
    resumed.stop();
  }, 60_000);

  it('refuses without Accept: text/event-stream, a bad Last-Event-ID, and callers outside the company roles, in their language', async () => {
    const admin = await t.token('fleetadmin1');
    const notAccepted = await t.call('GET', '/v1/company/live', { token: admin });
    expect(notAccepted.status).toBe(406);
    expect(notAccepted.body).toMatchObject({ code: 'NOT_ACCEPTABLE', error: { field: 'Accept' } });
    const badId = await t.call('GET', '/v1/company/live', { token: admin, headers: { accept: 'text/event-stream', 'last-event-id': 'abc' } });
    expect(badId.status).toBe(400);
    expect(JSON.stringify(badId.body)).toContain('Last-Event-ID');
    const driver = await t.call('GET', '/v1/company/live', { token: await t.token('driver1'), headers: { accept: 'text/event-stream', 'accept-language': 'vi' } });
    expect(driver.status).toBe(403);
    expect(driver.body).toMatchObject({ code: 'FORBIDDEN', error: { field: 'companyRole' } });
    expect(JSON.stringify(driver.body)).toContain('Chỉ quản trị viên');
    expect((await t.call('GET', '/v1/company/live', { token: operator, headers: { accept: 'text/event-stream' } })).status).toBe(403);
    expect((await t.call('GET', '/v1/company/live', { headers: { accept: 'text/event-stream' } })).status).toBe(401);
    const writeOnly = await createKey(['trips:write']);
    expect((await t.call('GET', '/v1/company/live', { headers: { 'x-api-key': writeOnly, accept: 'text/event-stream' } })).status).toBe(403);
  });
});
