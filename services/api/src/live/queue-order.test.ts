/**
 * The lane board never guesses the call order (issues 11 and 15): a real platform (Redis,
 * database, Socket.IO fan-out) takes random check-ins of every class (perishable, trusted,
 * ordinary, booked appointments, empty returns) and lane moves (opening, pausing with a called
 * truck, clearing a truck so its lane calls the next), and a `/live` gate subscriber applies every
 * delta the way the console does (contracts' applyQueueOrder: the server's moves, nothing else).
 * After each command its board equals the server's queue projection (GET queue), stage by stage.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { applyQueueOrder, type LiveDelta, type PriorityClass, type Stage, mulberry32 } from '@borderflow/contracts';
import type { GateScheduler } from '@borderflow/scheduler';
import { startTestApi, type TestApi } from '../testing/test-api.ts';

let t: TestApi;
let operator: string;
let socket: Socket;
let scheduler: GateScheduler;
const snapshots: Array<{ seq: number; queues: Partial<Record<Stage, Array<{ trip: { id: string } }>>> }> = [];
const deltas: LiveDelta[] = [];

beforeAll(async () => {
  t = await startTestApi();
  operator = await t.token('operator1');
  scheduler = t.platform.schedulers.get('KT')!;
  socket = await t.socket(operator);
  socket.on('snapshot', (s) => snapshots.push(s));
  socket.on('delta', (d: LiveDelta) => deltas.push(d));
  expect((await socket.emitWithAck('subscribe', { gate: 'KT' })).ok).toBe(true);
});

afterAll(async () => {
  await t?.close();
});

/** A small deterministic generator (mulberry32), so a failing seed can be replayed. */
function random(seed: number) {
  const next = mulberry32(seed);
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]! };
}

type Board = Map<Stage, string[]>;

/** The console's rule for one delta's queues (gate-board.ts applyGateEvent, order part). */
function applyDelta(board: Board, delta: LiveDelta): string | null {
  const trip = delta.event.trip;
  if (trip) for (const [stage, ids] of board) board.set(stage, ids.filter((id) => id !== trip.id));
  const joins = trip?.state === 'queued' && trip.stage ? trip.stage : null;
  if (joins && !delta.queues?.some((o) => o.stage === joins)) return `seq ${delta.seq}: ${trip!.id} joined ${joins} without its order`;
  for (const order of delta.queues ?? []) {
    const next = applyQueueOrder(board.get(order.stage) ?? [], (id) => id, order, joins === order.stage ? [trip!.id] : []);
    if (!next) return `seq ${delta.seq}: the ${order.stage} order does not fit the board`;
    board.set(order.stage, next);
  }
  return null;
}

async function serverOrder(): Promise<Record<string, string[]>> {
  const r = await t.call('GET', '/v1/gates/KT/queue', { token: operator });
  expect(r.status).toBe(200);
  const out: Record<string, string[]> = {};
  for (const [stage, entries] of Object.entries(r.body.queues as Record<string, Array<{ trip: { id: string } }>>)) {
    if (entries.length) out[stage] = entries.map((e) => e.trip.id);
  }
  return out;
}

const boardOrder = (board: Board) => Object.fromEntries([...board].filter(([, ids]) => ids.length));

describe('live deltas carry the server queue order', () => {
  it('keeps a board equal to the queue projection through random check-ins and lane calls', { timeout: 600_000 }, async () => {
    await expect.poll(() => snapshots.length, { timeout: 20_000 }).toBe(1);
    const lanes = (await scheduler.snapshot()).lanes.map((l) => l.id);
    const ok = (r: { ok: boolean; code?: string; message?: string }, what: string) => {
      if (!r.ok) throw new Error(`${what}: ${r.code} ${r.message}`);
    };
    // Every lane paused: trucks wait, and the test decides when a lane calls.
    for (const laneId of lanes) ok(await scheduler.setLaneStatus({ laneId, status: 'paused', reason: 'test', actor: 'user:op' }), `pause ${laneId}`);

    const first = snapshots[0]!;
    const board: Board = new Map(Object.entries(first.queues).map(([stage, entries]) => [stage as Stage, entries!.map((e) => e.trip.id)]));
    let applied = first.seq;
    let used = 0;
    const catchUp = async () => {
      const seq = (await scheduler.seq()) ?? 0;
      await expect.poll(() => deltas.filter((d) => d.seq > applied && d.seq <= seq).length, { timeout: 20_000 }).toBe(seq - applied);
      for (const delta of deltas.filter((d) => d.seq > applied && d.seq <= seq).sort((a, b) => a.seq - b.seq)) {
        expect(delta.seq).toBe(applied + 1);
        const problem = applyDelta(board, delta);
        expect(problem).toBeNull();
        applied = delta.seq;
        used += delta.queues?.reduce((n, o) => n + o.moves.length, 0) ?? 0;
      }
    };
    await catchUp();

    const classes: PriorityClass[] = ['perishable', 'trusted', 'ordinary', 'ordinary', 'empty_return'];
    const stageLists: Stage[][] = [['documents', 'gate'], ['gate'], ['documents', 'xray', 'gate'], ['quarantine', 'documents', 'gate']];
    let steps = 0;
    for (const seed of [11, 42, 2026]) {
      const rnd = random(seed);
      for (let step = 0; step < 45; step++) {
        const roll = rnd.next();
        if (roll < 0.6) {
          const now = Date.now();
          // A booked slot within its grace takes the slot's place; one past it does not.
          const appointmentAt = rnd.next() < 0.3 ? now - rnd.int(40) * 60_000 : null;
          ok(await scheduler.checkIn({
            tripId: `q${seed}-${step}-${rnd.int(1e6)}`, plate: `24C${String(rnd.int(1e5)).padStart(5, '0')}`,
            direction: rnd.next() < 0.75 ? 'exit' : 'entry', priorityClass: rnd.pick(classes), stages: rnd.pick(stageLists),
            appointmentAt, actor: 'user:op',
          }), 'check-in');
        } else {
          const laneId = rnd.pick(lanes);
          const lane = (await scheduler.snapshot()).lanes.find((l) => l.id === laneId)!;
          if (lane.status !== 'open') {
            // Opening a lane calls the best truck it serves.
            ok(await scheduler.setLaneStatus({ laneId, status: 'open', reason: '', actor: 'user:op' }), 'open');
          } else if (lane.trip && roll < 0.85) {
            // Clearing its truck moves that one to its next stage and frees the lane for the next call.
            const tripId = lane.trip.id;
            if (lane.occupancy === 'called') ok(await scheduler.arriveAtLane({ laneId, tripId, actor: 'user:op' }), 'arrive');
            if (lane.occupancy !== 'inspecting') ok(await scheduler.startInspection({ laneId, tripId, actor: 'user:op' }), 'start');
            ok(await scheduler.complete({ laneId, tripId, outcome: 'cleared', actor: 'user:op' }), 'complete');
          } else {
            // Pausing a lane sends a truck it called back to the queue.
            ok(await scheduler.setLaneStatus({ laneId, status: 'paused', reason: 'test', actor: 'user:op' }), 'pause');
          }
        }
        await catchUp();
        steps++;
        expect(boardOrder(board), `seed ${seed} step ${step}`).toEqual(await serverOrder());
      }
    }
    // The deltas name only trucks that moved, never whole queues each time.
    const waiting = [...board.values()].reduce((n, ids) => n + ids.length, 0);
    expect(waiting).toBeGreaterThan(10);
    expect(used).toBeLessThan(steps * 6);
    // The board never needed a resync.
    expect(snapshots).toHaveLength(1);
  });
});
