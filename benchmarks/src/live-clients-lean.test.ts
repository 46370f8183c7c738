/**
 * The fan-out bench's lean `/live` client (live-clients-lean.ts) against a real platform (its own
 * process, as the bench runs it: Socket.IO with the streams adapter and connection-state
 * recovery, PGlite unless DATABASE_URL): for the same commands it receives exactly the deltas
 * socket.io-client receives, in the same messages, and the bench's two client kinds see the same
 * call-up with the same counts.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { ApiClient } from '@borderflow/traffic';
import { LIVE_EVENTS, LIVE_NAMESPACE } from '@borderflow/contracts';
import { startBenchPlatform, type BenchPlatform } from './bench-platform.ts';
import { fillQueue, SEEDED_PLATES } from './fill-queue.ts';
import { uniqueTripFactory } from './unique-trips.ts';
import { connectLeanLiveClient, deltasIn, frameHas, parseDeltas, type LeanLiveClient } from './live-clients-lean.ts';
import { connectLiveClients, type LiveClients } from './live-clients.ts';

const GATE = 'KT';
type Delta = { seq: number; event: { type: string; commandId?: string } };

/** What one client received: every delta in order, and how many messages carried them. */
interface Received {
  deltas: Delta[];
  messages: number;
  /** Lean clients: the deltas counted without parsing (deltasIn). */
  counted: number;
}
const fresh = (): Received => ({ deltas: [], messages: 0, counted: 0 });

let platform: BenchPlatform;
let token: string;
const sockets: Socket[] = [];
const leans: LeanLiveClient[] = [];
const viaSocketIo: Received[] = [fresh(), fresh()];
const viaLean: Received[] = [fresh(), fresh()];
let driver: ApiClient;
let operator: ApiClient;
const nextTrip = uniqueTripFactory({ gateCode: GATE, seed: 23, taken: SEEDED_PLATES });

beforeAll(async () => {
  platform = await startBenchPlatform('lean-client-test');
  token = await platform.login('manager1');
  driver = new ApiClient({ baseUrl: platform.url, username: 'driver1', password: 'demo', timeoutMs: 60_000 });
  operator = new ApiClient({ baseUrl: platform.url, username: 'operator1', password: 'demo', timeoutMs: 60_000 });
  await fillQueue(platform.url, GATE, 12, { nextTrip });
  for (const into of viaSocketIo) {
    const socket = io(`${platform.url}${LIVE_NAMESPACE}`, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
    sockets.push(socket);
    socket.on(LIVE_EVENTS.delta, (d: Delta) => {
      into.messages++;
      into.deltas.push(d);
    });
    socket.on(LIVE_EVENTS.deltas, (ds: Delta[]) => {
      into.messages++;
      into.deltas.push(...ds);
    });
    expect((await socket.emitWithAck(LIVE_EVENTS.subscribe, { gate: GATE, batch: true })).ok).toBe(true);
  }
  for (const into of viaLean) {
    leans.push(await connectLeanLiveClient(platform.url, token, GATE, (frame, kind) => {
      into.messages++;
      into.counted += deltasIn(frame, kind);
      into.deltas.push(...parseDeltas(frame, kind));
    }));
  }
}, 180_000);

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  for (const l of leans) l.close();
  await platform?.stop();
});

/** An operator's round as the bench runs it: the called truck in, inspected, completed; the complete's commandId. */
async function completeOne(round: number): Promise<string> {
  const board = await operator.lanes(GATE);
  const called = board.lanes.filter((l) => l.occupancy === 'called' && l.trip);
  const lane = called[round % called.length]!;
  await operator.arrive(GATE, lane.id, lane.trip!.id, `t-${randomUUID()}`);
  await operator.start(GATE, lane.id, lane.trip!.id, `t-${randomUUID()}`);
  const commandId = `t-${randomUUID()}`;
  await operator.complete(GATE, lane.id, lane.trip!.id, 'cleared', commandId);
  return commandId;
}

/** Registrations and check-ins alongside: bursts of events that leave as `deltas` messages. */
async function checkInSome(n: number): Promise<void> {
  await Promise.all(Array.from({ length: n }, async () => {
    const trip = await driver.createTrip(nextTrip());
    await operator.checkIn(GATE, trip.vehicle.plate, `t-${randomUUID()}`);
  }));
}

describe('the lean /live client', () => {
  it('receives exactly the deltas socket.io-client receives, in the same messages', { timeout: 180_000 }, async () => {
    for (const r of [...viaSocketIo, ...viaLean]) Object.assign(r, fresh());
    for (let round = 0; round < 4; round++) await Promise.all([completeOne(round), checkInSome(6)]);
    const last = () => viaSocketIo[0]!.deltas.at(-1)?.seq;
    // Every client has the newest delta, and nothing more came for a while.
    await expect.poll(async () => {
      const seq = last();
      await new Promise((r) => setTimeout(r, 300));
      return seq !== undefined && seq === last() && [...viaSocketIo, ...viaLean].every((r) => r.deltas.at(-1)?.seq === seq);
    }, { timeout: 30_000, interval: 100 }).toBe(true);

    const reference = viaSocketIo[0]!;
    expect(reference.deltas.length).toBeGreaterThan(20);
    // A burst came as one `deltas` message (so both frame kinds were read).
    expect(reference.messages).toBeLessThan(reference.deltas.length);
    for (const r of [...viaSocketIo, ...viaLean]) {
      expect(r.deltas).toEqual(reference.deltas);
      expect(r.messages).toBe(reference.messages);
    }
    for (const r of viaLean) expect(r.counted).toBe(reference.deltas.length);
  });

  it('finds the call-up by its commandId as socket.io-client does, with the same counts (the bench\'s two kinds)', { timeout: 180_000 }, async () => {
    const kinds: LiveClients[] = [];
    try {
      kinds.push(await connectLiveClients(platform.url, token, GATE, 3, 1, 'lean'));
      kinds.push(await connectLiveClients(platform.url, token, GATE, 3, 1, 'socket.io'));
      for (let round = 0; round < 3; round++) {
        // The bench's round: the call-up's commandId is the complete's, armed before it is sent.
        await checkInSome(3);
        const board = await operator.lanes(GATE);
        const lane = board.lanes.filter((l) => l.occupancy === 'called' && l.trip)[0]!;
        await operator.arrive(GATE, lane.id, lane.trip!.id, `t-${randomUUID()}`);
        await operator.start(GATE, lane.id, lane.trip!.id, `t-${randomUUID()}`);
        await new Promise((r) => setTimeout(r, 300));
        const commandId = `t-${randomUUID()}`;
        const collects = await Promise.all(kinds.map((k) => k.arm({ type: 'trip_called', commandId }, 20_000)));
        await operator.complete(GATE, lane.id, lane.trip!.id, 'cleared', commandId);
        const [lean, socketIo] = await Promise.all(collects.map((c) => c()));
        expect(lean!.times.every((t) => t !== null)).toBe(true);
        expect(socketIo!.times.every((t) => t !== null)).toBe(true);
        expect(lean!.deltaBytes).toBeGreaterThan(0);
        // Nothing else happens while armed, so every client's count ends at the same message.
        expect(lean!.deltas).toBe(socketIo!.deltas);
        expect(lean!.messages).toBe(socketIo!.messages);
        expect(lean!.deltaBytes).toBe(socketIo!.deltaBytes);
      }
    } finally {
      for (const k of kinds) await k.close();
    }
  });

  it('tells a frame with the watched call-up from one that only mentions its commandId', () => {
    const id = 'cmd-1';
    const frame = (event: string, payload: unknown) => Buffer.from(`42${LIVE_NAMESPACE},${JSON.stringify([event, payload, '1-0'])}`);
    const completed = { seq: 7, event: { seq: 7, type: 'stage_completed', commandId: id } };
    const called = { seq: 8, event: { seq: 8, type: 'trip_called', commandId: id } };
    expect(frameHas(frame('delta', completed), 'delta', 'trip_called', Buffer.from(id))).toBe(false);
    expect(frameHas(frame('deltas', [completed, called]), 'deltas', 'trip_called', Buffer.from(id))).toBe(true);
    expect(frameHas(frame('deltas', [completed, called]), 'deltas', 'trip_called', Buffer.from('cmd-2'))).toBe(false);
    expect(deltasIn(frame('deltas', [completed, called]), 'deltas')).toBe(2);
  });
});
