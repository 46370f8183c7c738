import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/api-error.ts';
import {
  OFFLINE_MAX_AGE_MS,
  OfflineQueue,
  OfflineQueueFullError,
  classifyFailure,
  conflicts,
  offlineQueueKey,
  pendingCount,
  replayQueue,
  type PendingAction,
  type SendResult,
} from './offline-queue.ts';
import type { LaneAction } from './lane-actions.ts';

// Relative to the clock: replayQueue expires actions older than OFFLINE_MAX_AGE_MS by Date.now() unless a test passes `now`.
const T0 = Date.now();
let seq = 0;

function action(laneId: string, act: LaneAction, extra: Partial<PendingAction> = {}): Omit<PendingAction, 'conflict'> {
  const commandId = `cmd-${++seq}`;
  return {
    commandId,
    gate: 'KT',
    laneId,
    tripId: null,
    action: act,
    input: { commandId, ...(act === 'pause' ? { reason: 'lunch' } : {}) },
    at: T0 + seq,
    seen: { status: 'open', occupancy: 'idle', plate: null },
    ...extra,
  };
}

/** A server stand-in for the queue's side: answers per commandId, records the order it was called in. */
function server(answers: Record<string, SendResult> = {}) {
  const sent: string[] = [];
  return {
    sent,
    send: async (item: PendingAction): Promise<SendResult> => {
      sent.push(item.commandId);
      return answers[item.commandId] ?? { kind: 'applied' };
    },
  };
}

const refused: SendResult = { kind: 'refused', status: 409, code: 'LANE_WRONG_STATE', message: 'lane KT-N2 is already paused', field: null };

beforeEach(() => localStorage.clear());

describe('offline lane action queue', () => {
  it('replays in the order the operator acted, one at a time, and empties the queue', async () => {
    const q = new OfflineQueue(localStorage, offlineQueueKey('u1', 'KT'));
    const a = action('KT-N1', 'pause');
    const b = action('KT-N2', 'close');
    const c = action('KT-N1', 'open');
    [a, b, c].forEach((x) => q.add(x));
    let inFlight = 0;
    const order: string[] = [];
    const outcome = await replayQueue(q, async (item) => {
      inFlight++;
      expect(inFlight).toBe(1);
      await new Promise((r) => setTimeout(r, 1));
      order.push(item.commandId);
      inFlight--;
      return { kind: 'applied' };
    });
    expect(order).toEqual([a.commandId, b.commandId, c.commandId]);
    expect(outcome).toEqual({ applied: 3, refused: 0, stoppedUnreachable: false });
    expect(q.getItems()).toEqual([]);
    expect(localStorage.getItem(q.key)).toBeNull();
  });

  it('survives a reload: a new queue on the same key reads the recorded actions', () => {
    const q = new OfflineQueue(localStorage, offlineQueueKey('u1', 'KT'));
    const a = action('KT-N1', 'pause');
    q.add(a);
    const again = new OfflineQueue(localStorage, offlineQueueKey('u1', 'KT'));
    expect(again.getItems().map((i) => i.commandId)).toEqual([a.commandId]);
    expect(again.getItems()[0]!.input).toEqual({ commandId: a.commandId, reason: 'lunch' });
  });

  it('a refusal stops the actions of that lane and that truck, keeps them as conflicts, and other lanes go on', async () => {
    const q = new OfflineQueue(localStorage, offlineQueueKey('u1', 'KT'));
    const pause = action('KT-N2', 'pause');
    const other = action('KT-N3', 'pause');
    const maintenance = action('KT-N2', 'maintenance');
    const start = action('KT-X1', 'start', { tripId: 'trip-A' });
    const sameTruck = action('KT-X2', 'no_show', { tripId: 'trip-A' });
    const afterOther = action('KT-N3', 'open');
    [pause, other, maintenance, start, sameTruck, afterOther].forEach((x) => q.add(x));
    const s = server({ [pause.commandId]: refused, [start.commandId]: { ...refused, code: 'TRIP_WRONG_STATE' } });
    const outcome = await replayQueue(q, s.send, { now: () => T0 + 1000 });
    expect(s.sent).toEqual([pause.commandId, other.commandId, start.commandId, afterOther.commandId]);
    expect(outcome).toEqual({ applied: 2, refused: 2, stoppedUnreachable: false });
    expect(q.getItems().map((i) => [i.commandId, i.conflict?.kind, i.conflict?.after])).toEqual([
      [pause.commandId, 'refused', undefined],
      [maintenance.commandId, 'blocked', pause.commandId],
      [start.commandId, 'refused', undefined],
      [sameTruck.commandId, 'blocked', start.commandId],
    ]);
    expect(q.getItems()[0]!.conflict).toMatchObject({ status: 409, code: 'LANE_WRONG_STATE', message: 'lane KT-N2 is already paused' });
    // Conflicts are never replayed by themselves: a second replay sends nothing.
    const again = server();
    await replayQueue(q, again.send);
    expect(again.sent).toEqual([]);
    // The operator discards them one by one.
    q.discard(pause.commandId);
    expect(conflicts(q.getItems())).toHaveLength(3);
  });

  it('stops at an unreachable server and keeps the rest, in order, for the next try (same commandIds)', async () => {
    const q = new OfflineQueue(localStorage, offlineQueueKey('u1', 'KT'));
    const a = action('KT-N1', 'pause');
    const b = action('KT-N2', 'pause');
    q.add(a);
    q.add(b);
    const down = server({ [a.commandId]: { kind: 'unreachable', message: 'Failed to fetch' } });
    expect(await replayQueue(q, down.send)).toEqual({ applied: 0, refused: 0, stoppedUnreachable: true });
    expect(down.sent).toEqual([a.commandId]);
    expect(pendingCount(q.getItems())).toBe(2);
    const up = server();
    await replayQueue(q, up.send);
    expect(up.sent).toEqual([a.commandId, b.commandId]);
  });

  it('does not replay actions older than the limit: they (and their lane\'s later ones) are "too old" conflicts', async () => {
    const q = new OfflineQueue(localStorage, offlineQueueKey('u1', 'KT'));
    const old = action('KT-N1', 'pause', { at: T0 });
    const later = action('KT-N1', 'open', { at: T0 + OFFLINE_MAX_AGE_MS - 1000 });
    const fresh = action('KT-N2', 'pause', { at: T0 + OFFLINE_MAX_AGE_MS });
    [old, later, fresh].forEach((x) => q.add(x));
    const s = server();
    await replayQueue(q, s.send, { now: () => T0 + OFFLINE_MAX_AGE_MS + 1 });
    expect(s.sent).toEqual([fresh.commandId]);
    expect(q.getItems().map((i) => [i.commandId, i.conflict?.kind])).toEqual([
      [old.commandId, 'too_old'],
      [later.commandId, 'blocked'],
    ]);
  });

  it('two tabs of the same user never overwrite each other\'s recorded actions', () => {
    const key = offlineQueueKey('u1', 'KT');
    const tab1 = new OfflineQueue(localStorage, key);
    const tab2 = new OfflineQueue(localStorage, key);
    const a = action('KT-N1', 'pause');
    const b = action('KT-N2', 'pause');
    tab1.add(a);
    tab2.add(b);
    expect(new OfflineQueue(localStorage, key).getItems().map((i) => i.commandId)).toEqual([a.commandId, b.commandId]);
    tab1.reload();
    expect(tab1.getItems().map((i) => i.commandId)).toEqual([a.commandId, b.commandId]);
    tab2.discard(a.commandId);
    tab1.settle(b.commandId, { kind: 'applied' }, T0);
    expect(new OfflineQueue(localStorage, key).getItems()).toEqual([]);
  });

  it('is bounded: past the limit an action is refused, not recorded', () => {
    const q = new OfflineQueue(localStorage, offlineQueueKey('u1', 'KT'), 3);
    for (let i = 0; i < 3; i++) q.add(action(`KT-N${i}`, 'pause'));
    expect(() => q.add(action('KT-X1', 'pause'))).toThrow(OfflineQueueFullError);
    expect(q.getItems()).toHaveLength(3);
  });

  it('belongs to one user and gate: another user on the same browser has an empty queue', () => {
    const mine = new OfflineQueue(localStorage, offlineQueueKey('u1', 'KT'));
    mine.add(action('KT-N1', 'pause'));
    expect(new OfflineQueue(localStorage, offlineQueueKey('u2', 'KT')).getItems()).toEqual([]);
    expect(new OfflineQueue(localStorage, offlineQueueKey('u1', 'HK')).getItems()).toEqual([]);
  });

  it('stops replaying as soon as the user is no longer the owner (signed out mid-replay)', async () => {
    const q = new OfflineQueue(localStorage, offlineQueueKey('u1', 'KT'));
    q.add(action('KT-N1', 'pause'));
    q.add(action('KT-N2', 'pause'));
    let owner = true;
    const s = server();
    await replayQueue(q, async (item) => {
      owner = false;
      return s.send(item);
    }, { shouldContinue: () => owner });
    expect(s.sent).toHaveLength(1);
    expect(pendingCount(q.getItems())).toBe(1);
  });

  it('drops tampered or malformed stored entries instead of sending them', () => {
    const key = offlineQueueKey('u1', 'KT');
    const good = { ...action('KT-N1', 'pause') };
    localStorage.setItem(key, JSON.stringify([good, { commandId: 'x', action: 'delete_everything' }, 42]));
    expect(new OfflineQueue(localStorage, key).getItems().map((i) => i.commandId)).toEqual([good.commandId]);
    localStorage.setItem(key, '{not json');
    expect(new OfflineQueue(localStorage, key).getItems()).toEqual([]);
  });

  it('counts only a refusal of the request as a conflict: network, timeouts, 5xx, 429 and 401 are retried', () => {
    expect(classifyFailure(new ApiError(409, 'LANE_WRONG_STATE', 'already paused')).kind).toBe('refused');
    expect(classifyFailure(new ApiError(403, 'FORBIDDEN', 'no')).kind).toBe('refused');
    expect(classifyFailure(new ApiError(0, 'NETWORK', 'Failed to fetch')).kind).toBe('unreachable');
    expect(classifyFailure(new ApiError(503, 'UNAVAILABLE' as never, 'down')).kind).toBe('unreachable');
    expect(classifyFailure(new ApiError(429, 'RATE_LIMITED', 'slow down')).kind).toBe('unreachable');
    expect(classifyFailure(new ApiError(401, 'UNAUTHENTICATED', 'expired')).kind).toBe('unreachable');
    expect(classifyFailure(new DOMException('timed out', 'TimeoutError')).kind).toBe('unreachable');
  });
});
