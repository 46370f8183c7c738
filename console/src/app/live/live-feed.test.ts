// @vitest-environment node
/**
 * LiveFeed against a real Socket.IO server on port 0: snapshot then deltas, repeats dropped,
 * a gap resynced, and after a cut either "recovered" (Socket.IO replayed the missed events)
 * or "resynced" (a fresh snapshot).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SNAPSHOT_HEAD_PER_CLASS, orderDigest, type GateEvent, type GateSnapshotMessage, type TripPlacement } from '@borderflow/contracts';
import { LiveFeed, type ConnectionState } from './live-feed.ts';
import { gateProjector } from './projectors.ts';
import { nextForLane, queueLengths, type GateBoard } from './gate-board.ts';
import { startLiveGateServer, type LiveGateServer } from '../../testing/live-gate-server.ts';

const T0 = 1_750_000_000_000;
const snapshot: GateSnapshotMessage = {
  gate: 'KT',
  seq: 10,
  policyVersion: 1,
  lanes: [{ id: 'KT-X1', name: 'X1', direction: 'exit', capabilities: ['documents'], classes: [], status: 'open', occupancy: 'idle', trip: null, since: null, expectedServiceMs: null }],
  queues: {},
  held: [],
  exitQueue: [],
};

function laneStatus(seq: number, status: 'open' | 'paused'): GateEvent {
  return { seq, gate: 'KT', type: 'lane_status_changed', at: T0 + seq, actor: 'test', commandId: null, trip: null, lane: { id: 'KT-X1', status, occupancy: 'idle', tripId: null }, reason: null, detail: { from: status === 'open' ? 'paused' : 'open', to: status, reason: 'test' } };
}

let server: LiveGateServer | null = null;
let feed: LiveFeed<GateBoard> | null = null;
afterEach(async () => {
  feed?.stop();
  await server?.close();
});

async function until(check: () => boolean, what: string) {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

async function connect(recovery = true) {
  server = await startLiveGateServer({ snapshot, recovery });
  const seen: ConnectionState[] = [];
  feed = new LiveFeed({ request: { gate: 'KT' }, token: 't', projector: gateProjector, url: server.url });
  feed.subscribe(() => {
    const c = feed!.getState().connection;
    if (seen.at(-1) !== c) seen.push(c);
  });
  feed.start();
  await until(() => feed!.getState().data !== null, 'the first snapshot');
  return { server, feed, seen };
}

describe('LiveFeed', () => {
  it('builds the board from the snapshot and applies deltas in order, dropping repeats', async () => {
    const { server, feed, seen } = await connect();
    expect(feed.getState().data?.seq).toBe(10);
    server.emitDelta(laneStatus(11, 'paused'));
    server.emitDelta(laneStatus(11, 'paused'));
    server.emitDelta(laneStatus(12, 'open'));
    await until(() => feed.getState().data?.seq === 12, 'seq 12');
    expect(feed.getState().applied).toBe(2);
    expect(feed.getState().data?.lanes[0]?.status).toBe('open');
    expect(seen).toEqual(['connecting', 'connected']);
  });

  it('applies a burst of deltas that came as one message, in order', async () => {
    const { server, feed } = await connect();
    server.emitDeltas([laneStatus(11, 'paused'), laneStatus(12, 'open'), laneStatus(13, 'paused')]);
    await until(() => feed.getState().data?.seq === 13, 'seq 13');
    expect(feed.getState().applied).toBe(3);
    expect(feed.getState().data?.lanes[0]?.status).toBe('paused');
    expect(server.counts.resync).toBe(0);
  });

  it('places a queued truck with the server\'s order and ETA from its delta, and never asks for a snapshot', async () => {
    const { server, feed } = await connect();
    const trip: TripPlacement = {
      id: 'trip-1', state: 'queued', stages: ['documents'], stageIndex: 0, stage: 'documents', priorityClass: 'ordinary', direction: 'exit',
      score: T0, laneId: null, noShows: 0, deadline: null, plate: '24C12345', hold: false, queuedAt: T0 + 11,
    };
    const arrived = { seq: 11, gate: 'KT', type: 'trip_arrived', at: T0 + 11, actor: 'test', commandId: null, trip, lane: null, reason: null, detail: {} } as unknown as GateEvent;
    server.emitDelta(arrived, [{ stage: 'documents', length: 1, moves: [{ id: 'trip-1', index: 0 }], digest: orderDigest(['trip-1']) }],
      [{ id: 'trip-1', expectedAt: T0 + 600_000, lowAt: T0 + 300_000, highAt: T0 + 900_000 }]);
    server.emitDelta(laneStatus(12, 'paused'));
    await until(() => feed.getState().data?.seq === 12, 'both deltas');
    expect(feed.getState().data?.queues.documents).toMatchObject([{ trip: { id: 'trip-1' }, etaAt: T0 + 600_000 }]);
    // No quiet periodic snapshot any more: only a gap asks for one.
    await new Promise((r) => setTimeout(r, 300));
    expect(server.counts.resync).toBe(0);
    expect(server.counts.subscribe).toBe(1);
  });

  it('asks for a fresh snapshot when a seq is missing', async () => {
    const { server, feed, seen } = await connect();
    server.snapshot = { ...server.snapshot, seq: 13, lanes: [{ ...snapshot.lanes[0]!, status: 'paused' }] };
    server.emitDelta(laneStatus(13, 'paused')); // 11 and 12 never came
    await until(() => server.counts.resync === 1 && feed.getState().data?.seq === 13, 'the resync');
    expect(feed.getState().data?.lanes[0]?.status).toBe('paused');
    expect(seen.at(-1)).toBe('resynced');
  });

  it('says "recovered" when Socket.IO replays what was missed during a cut', async () => {
    const { server, feed, seen } = await connect(true);
    server.emitDelta(laneStatus(11, 'paused')); // gives the session a recoverable offset
    await until(() => feed.getState().data?.seq === 11, 'seq 11');
    const socket = [...server.nsp.sockets.values()][0]!;
    socket.conn.close(); // the transport drops, as on a network cut
    await until(() => feed.getState().connection === 'reconnecting', 'reconnecting');
    server.emitDelta(laneStatus(12, 'open')); // sent while the client is away
    await until(() => feed.getState().connection === 'recovered' && feed.getState().data?.seq === 12, 'recovery');
    expect(server.counts.subscribe).toBe(1);
    expect(seen.slice(-2)).toEqual(['reconnecting', 'recovered']);
  });

  it('says "resynced" when the session could not be recovered', async () => {
    const { server, feed, seen } = await connect(false);
    [...server.nsp.sockets.values()][0]!.conn.close();
    await until(() => feed.getState().connection === 'resynced', 'the resync after reconnecting');
    expect(server.counts.subscribe).toBe(2);
    expect(seen.slice(-2)).toEqual(['reconnecting', 'resynced']);
  });

  it('asks again when the awaited snapshot is one it cannot use, instead of waiting forever', async () => {
    // The first answer is broken (no lanes): before, the feed kept waiting for a snapshot that never came.
    let answers = 0;
    server = await startLiveGateServer({
      snapshot: () => (answers++ === 0 ? ({ ...snapshot, lanes: undefined } as unknown as GateSnapshotMessage) : snapshot),
    });
    feed = new LiveFeed({ request: { gate: 'KT' }, token: 't', projector: gateProjector, url: server.url, snapshotWatchdogMs: 200 });
    feed.start();
    await until(() => feed!.getState().data !== null, 'a usable snapshot after the broken one');
    expect(answers).toBeGreaterThanOrEqual(2);
    expect(feed.getState().data?.lanes[0]?.id).toBe('KT-X1');
  });

  it('shows the server’s refusal of a subscription', async () => {
    server = await startLiveGateServer({ snapshot });
    feed = new LiveFeed({ request: { gate: 'XX' }, token: 't', projector: gateProjector, url: server.url });
    feed.start();
    await until(() => feed!.getState().error !== null, 'the refusal');
    expect(feed.getState().error).toEqual({ code: 'NOT_FOUND', message: 'Gate XX not found' });
  });

  it('keeps its newer board when a superseded request is answered late (the third board that missed a delta)', async () => {
    // The first subscribe takes 1.5 s to answer (a busy server); after 300 ms the watchdog asks
    // again and is answered at once. The board then applies a delta; the first request's answer,
    // read before that delta, arrives after it and must not take the board back: no later delta
    // would reveal the gap, and the board would show the old lane until the next event of the gate.
    server = await startLiveGateServer({ snapshot, answerDelayMs: (n) => (n === 1 ? 1_500 : 0) });
    const gate = server;
    feed = new LiveFeed({ request: { gate: 'KT' }, token: 't', projector: gateProjector, url: gate.url, snapshotWatchdogMs: 300 });
    const board = feed;
    board.start();
    await until(() => board.getState().data !== null, 'the watchdog\'s snapshot');
    expect(gate.counts.subscribe).toBe(2);
    gate.emitDelta(laneStatus(11, 'paused'));
    await until(() => board.getState().data?.seq === 11, 'seq 11');
    for (let i = 0; i < 100 && gate.counts.answered < 2; i++) await new Promise((r) => setTimeout(r, 50));
    expect(gate.counts.answered).toBe(2);
    await new Promise((r) => setTimeout(r, 200)); // the late snapshot's delivery
    expect(board.getState().data?.seq).toBe(11);
    expect(board.getState().data?.lanes[0]?.status).toBe('paused');
  });

  it('draws a paged snapshot\'s head first: every lane\'s next trucks exactly, then the whole queues, then deltas', async () => {
    const CLASSES = ['perishable', 'trusted', 'ordinary', 'empty_return'] as const;
    const trip = (i: number): TripPlacement => ({
      id: `t${i}`, state: 'queued', stages: ['documents'], stageIndex: 0, stage: 'documents', priorityClass: CLASSES[(i * 7) % 4]!,
      direction: i % 3 === 0 ? 'entry' : 'exit', score: T0 + i, laneId: null, noShows: 0, deadline: null, plate: `24C${10000 + i}`, hold: false, queuedAt: T0 + i,
    });
    const lane = (id: string, direction: 'exit' | 'entry', classes: Array<(typeof CLASSES)[number]>) =>
      ({ ...snapshot.lanes[0]!, id, direction, classes });
    const lanes = [lane('KT-X1', 'exit', []), lane('KT-P1', 'exit', ['perishable']), lane('KT-E1', 'entry', ['empty_return']), lane('KT-N1', 'entry', ['trusted', 'ordinary'])];
    const entries = Array.from({ length: 900 }, (_, i) => ({ trip: trip(i), position: i + 1, waitMs: 0, eta: { expectedMs: 60_000 * i, lowMs: 0, highMs: 60_000 * i }, reason: { rule: 'interleave' as const, priorityClass: trip(i).priorityClass, policyVersion: 1 } }));
    server = await startLiveGateServer({ snapshot: { ...snapshot, lanes, queues: { documents: entries } } });
    const full = new LiveFeed({ request: { gate: 'KT' }, token: 't', projector: gateProjector, url: server.url });
    const paged = new LiveFeed({ request: { gate: 'KT', paged: true }, token: 't', projector: gateProjector, url: server.url });
    const heads: GateBoard[] = [];
    paged.subscribe(() => {
      const board = paged.getState().data;
      if (board?.loading && heads.at(-1) !== board) heads.push(board);
    });
    full.start();
    paged.start();
    try {
      await until(() => full.getState().data !== null && paged.getState().data?.loading === undefined && paged.getState().data !== null, 'both snapshots');
      // The head was shown first: the queue's length, and each lane's next trucks as the whole queue gives them.
      expect(heads).toHaveLength(1);
      const head = heads[0]!;
      expect(head.queues.documents!.length).toBeLessThan(60);
      expect(queueLengths(head, ['documents'])).toEqual({ documents: 900 });
      const whole = full.getState().data!;
      for (const l of lanes) expect(nextForLane(head, l, SNAPSHOT_HEAD_PER_CLASS).map((e) => e.trip.id)).toEqual(nextForLane(whole, l, SNAPSHOT_HEAD_PER_CLASS).map((e) => e.trip.id));
      // Then the whole queues, as the plain snapshot gives them.
      expect(paged.getState().data!.queues.documents!.map((e) => e.trip.id)).toEqual(whole.queues.documents!.map((e) => e.trip.id));
      server.emitDelta(laneStatus(11, 'paused'));
      await until(() => paged.getState().data?.seq === 11, 'the delta after the pages');
      expect(paged.getState().data!.lanes[0]!.status).toBe('paused');
    } finally {
      full.stop();
      paged.stop();
    }
  });
});
