/**
 * Live deltas without guessing (issue 15, item 4), on a real platform (Redis, database,
 * Socket.IO with the streams adapter):
 * - a delta carries the server's ETAs of the trucks whose ETA is new or moved, so a board that
 *   keeps the snapshot's ETAs and lays each delta's over them holds what a fresh snapshot says,
 *   without asking for one;
 * - a delta names only the ETAs that moved, not every waiting truck's;
 * - the fan-out serialises a delta once for the gate room, however many sockets follow it.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Socket } from 'socket.io-client';
import { liveWire, type LiveDelta, type LiveDeltaWire, type QueueEta } from '@borderflow/contracts';
import type { GateScheduler } from '@borderflow/scheduler';
import { startTestApi, type TestApi } from '../testing/test-api.ts';
import { ETA_NEWS_MS } from './position-push.ts';

let t: TestApi;
let operator: string;
let scheduler: GateScheduler;
const FOLLOWERS = 12;
const sockets: Socket[] = [];
const snapshots: Array<{ seq: number; queues: Record<string, Array<{ trip: { id: string }; eta: { expectedMs: number } }>> }> = [];
const deltas: LiveDelta[] = [];
/** The deltas as they came over the socket, before liveWire.fromDelta. */
const wires: LiveDeltaWire[] = [];

beforeAll(async () => {
  t = await startTestApi();
  operator = await t.token('operator1');
  scheduler = t.platform.schedulers.get('KT')!;
  for (let i = 0; i < FOLLOWERS; i++) {
    const socket = await t.socket(operator);
    if (i === 0) {
      socket.on('snapshot', (s) => snapshots.push(s));
      // Times come as RFC 3339; the board below counts in ms, as the console's does.
      socket.on('delta', (d: LiveDeltaWire) => {
        wires.push(d);
        deltas.push(liveWire.fromDelta(d));
      });
    }
    expect((await socket.emitWithAck('subscribe', { gate: 'KT' })).ok).toBe(true);
    sockets.push(socket);
  }
});

afterAll(async () => {
  await t?.close();
});

const ok = (r: { ok: boolean; code?: string; message?: string }, what: string) => {
  if (!r.ok) throw new Error(`${what}: ${r.code} ${r.message}`);
};

async function waitForSeq(): Promise<number> {
  const seq = (await scheduler.seq()) ?? 0;
  await expect.poll(() => deltas.some((d) => d.seq === seq), { timeout: 20_000 }).toBe(true);
  return seq;
}

describe('live deltas carry the server ETAs', () => {
  it('keeps every waiting truck\'s ETA within a minute of a fresh snapshot, from deltas alone', { timeout: 120_000 }, async () => {
    await expect.poll(() => snapshots.length, { timeout: 20_000 }).toBe(1);
    // Lanes paused: trucks wait, and the ETAs count from when lanes reopen.
    const lanes = (await scheduler.snapshot()).lanes;
    for (const lane of lanes) ok(await scheduler.setLaneStatus({ laneId: lane.id, status: 'paused', reason: 'test', actor: 'user:op' }), 'pause');
    const first = snapshots[0]!;
    const receivedAt = Date.now();
    const board = new Map<string, number>();
    for (const entries of Object.values(first.queues)) for (const e of entries) board.set(e.trip.id, receivedAt + e.eta.expectedMs);

    const checkedIn: string[] = [];
    for (let i = 0; i < 8; i++) {
      const tripId = `eta-${i}-${Date.now()}`;
      ok(await scheduler.checkIn({
        tripId, plate: `24C${String(10_000 + i)}`, direction: 'exit', priorityClass: i % 3 === 0 ? 'perishable' : 'ordinary',
        stages: ['documents', 'gate'], appointmentAt: null, actor: 'user:op',
      }), 'check-in');
      checkedIn.push(tripId);
      const seq = await waitForSeq();
      const delta = deltas.find((d) => d.seq === seq)!;
      // The truck that just joined has its ETA in its own delta: the board never shows a blank or a guess.
      expect(delta.etas?.map((e) => e.id)).toContain(tripId);
    }
    // Reopening a lane moves every ETA of its stages by much more than a minute.
    ok(await scheduler.setLaneStatus({ laneId: lanes[0]!.id, status: 'open', reason: '', actor: 'user:op' }), 'open');
    await waitForSeq();

    for (const delta of deltas.filter((d) => d.seq > first.seq).sort((a, b) => a.seq - b.seq)) {
      for (const eta of delta.etas ?? ([] as QueueEta[])) board.set(eta.id, eta.expectedAt);
    }
    const now = Date.now();
    const truth = await scheduler.snapshot(now);
    const waiting = Object.values(truth.queues).flatMap((entries) => entries ?? []);
    expect(waiting.length).toBeGreaterThanOrEqual(checkedIn.length - 1);
    for (const entry of waiting) {
      const held = board.get(entry.trip.id);
      expect(held, `${entry.trip.id} has an ETA`).toBeDefined();
      // The test's own delay (a few seconds at most) on top of the minute a client may be off.
      expect(Math.abs(held! - (now + entry.eta.expectedMs)), entry.trip.id).toBeLessThan(ETA_NEWS_MS + 10_000);
    }
    // Only what moved: some check-in's delta names fewer trucks than were waiting then.
    const checkInDeltas = deltas.filter((d) => d.event.type === 'trip_queued' || d.event.type === 'trip_arrived');
    expect(checkInDeltas.some((d) => (d.etas?.length ?? 0) < checkedIn.length && (d.etas?.length ?? 0) >= 1)).toBe(true);
    // Compact on the wire (every console parses each delta): ids and durations in columns, ~60 characters a truck
    // where three RFC 3339 instants took ~175.
    const withEtas = wires.filter((w) => w.etas);
    for (const wire of withEtas) expect(wire.etas!.ids.length).toBe(wire.etas!.expectedMs.length);
    const most = withEtas.reduce((a, w) => (w.etas!.ids.length > a.etas!.ids.length ? w : a));
    expect(most.etas!.ids.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(most.etas).length).toBeLessThan(110 + 70 * most.etas!.ids.length);
    // And the board never asked for a snapshot.
    expect(snapshots).toHaveLength(1);
  });
});

describe('fan-out serialisation', () => {
  it('encodes a delta once for the gate room, not once per socket', { timeout: 60_000 }, async () => {
    const received = sockets.map(() => 0);
    sockets.forEach((s, i) => s.on('delta', () => received[i]!++));
    const before = (await scheduler.seq()) ?? 0;
    const stringify = vi.spyOn(JSON, 'stringify');
    let encodes = 0;
    try {
      ok(await scheduler.setLaneStatus({ laneId: (await scheduler.snapshot()).lanes[1]!.id, status: 'open', reason: '', actor: 'user:op' }), 'open');
      const seq = await waitForSeq();
      await expect.poll(() => received.every((n) => n >= seq - before), { timeout: 20_000 }).toBe(true);
      // socket.io-parser turns ['delta', payload] into text with one JSON.stringify per encode.
      encodes = stringify.mock.calls.filter(([value]) => Array.isArray(value) && value[0] === 'delta').length;
      // One per room a delta goes to that has a socket of this process: the gate's. No driver follows these
      // trips, so their trip rooms (the stream still carries them to other processes) cost no encode here.
      const rooms = deltas.filter((d) => d.seq > before && d.seq <= seq).length;
      expect(seq - before).toBeGreaterThanOrEqual(1);
      expect(encodes).toBe(rooms);
    } finally {
      stringify.mockRestore();
    }
    expect(FOLLOWERS).toBeGreaterThan(encodes);
  });
});
