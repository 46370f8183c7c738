import { describe, expect, it } from 'vitest';
import { liveWire, orderDigest, type GateEvent, type GateSnapshotMessage, type QueueOrder, type Stage, type TripPlacement } from '@borderflow/contracts';
import { applyGateEvent, boardFromSnapshot, classifyDelta, nextInLine, queueLengths, reuseUnchanged, sortLanes } from './gate-board.ts';
import { isGateSnapshot } from './projectors.ts';

const T0 = 1_750_000_000_000;

function trip(id: string, over: Partial<TripPlacement> = {}): TripPlacement {
  return {
    id,
    state: 'queued',
    stages: ['documents', 'gate'],
    stageIndex: 0,
    stage: 'documents',
    priorityClass: 'ordinary',
    direction: 'exit',
    score: T0,
    laneId: null,
    noShows: 0,
    deadline: null,
    plate: `24C${id.padStart(5, '0')}`,
    hold: false,
    queuedAt: null,
    ...over,
  };
}

function entry(t: TripPlacement, position: number, waitMs = 60_000) {
  return {
    trip: t,
    position,
    waitMs,
    eta: { expectedMs: position * 120_000, lowMs: 0, highMs: position * 240_000 },
    reason: { rule: 'interleave' as const, priorityClass: t.priorityClass, policyVersion: 1 },
  };
}

function snapshot(): GateSnapshotMessage {
  const inspected = trip('10', { state: 'inspecting', laneId: 'KT-X1', stage: 'documents' });
  return {
    gate: 'KT',
    seq: 41,
    policyVersion: 1,
    lanes: [
      {
        id: 'KT-X1', name: 'Xuất 1', direction: 'exit', capabilities: ['gate', 'documents', 'weighbridge'], classes: [],
        status: 'open', occupancy: 'inspecting', trip: inspected, since: T0 - 90_000, expectedServiceMs: 180_000,
      },
      {
        id: 'KT-P1', name: 'Tươi sống', direction: 'exit', capabilities: ['gate', 'documents', 'quarantine'],
        classes: ['perishable'], status: 'open', occupancy: 'idle', trip: null, since: null, expectedServiceMs: null,
      },
      {
        id: 'KT-N1', name: 'Nhập 1', direction: 'entry', capabilities: ['gate', 'documents'], classes: [],
        status: 'paused', occupancy: 'idle', trip: null, since: null, expectedServiceMs: null,
      },
    ],
    queues: {
      documents: [
        entry(trip('1', { score: T0 - 50_000 }), 1),
        entry(trip('2', { priorityClass: 'perishable', score: T0 - 40_000 }), 2),
        entry(trip('3', { direction: 'entry', score: T0 - 30_000 }), 3),
      ],
      gate: [entry(trip('4', { stage: 'gate', stageIndex: 1, score: T0 - 20_000 }), 1)],
    },
    held: [],
    exitQueue: [trip('9', { state: 'exit_queue', stage: null, stageIndex: 2 })],
  };
}

function event(seq: number, over: Partial<GateEvent>): GateEvent {
  return {
    seq, gate: 'KT', type: 'trip_queued', at: T0 + seq, actor: 'user:op', commandId: null,
    trip: null, lane: null, reason: null, detail: {}, ...over,
  } as GateEvent;
}

/** The order the server sends: `ids` is the stage queue after the event, `moved` the ids it names. */
function order(stage: Stage, ids: string[], moved: string[]): QueueOrder {
  return { stage, length: ids.length, moves: moved.map((id) => ({ id, index: ids.indexOf(id) })), digest: orderDigest(ids) };
}

describe('classifyDelta', () => {
  it('applies the next seq, drops repeats, flags gaps', () => {
    expect(classifyDelta(41, 42)).toBe('apply');
    expect(classifyDelta(41, 41)).toBe('stale');
    expect(classifyDelta(41, 12)).toBe('stale');
    expect(classifyDelta(41, 43)).toBe('gap');
  });
});

describe('fromSnapshot', () => {
  it('knows since when each truck waits', () => {
    const snap = snapshot();
    const second = snap.queues.documents?.[1];
    if (second) second.trip.queuedAt = T0 - 5_000;
    const state = boardFromSnapshot(snap, T0);
    expect(state.seq).toBe(41);
    // From the wait when the trip does not say when it joined, else from the trip.
    expect(state.queues.documents?.[0]).toMatchObject({ since: T0 - 60_000, etaAt: T0 + 120_000 });
    expect(state.queues.documents?.[1]).toMatchObject({ since: T0 - 5_000, etaAt: T0 + 240_000 });
    expect(queueLengths(state, ['gate', 'documents', 'xray'])).toEqual({ gate: 1, documents: 3, xray: 0 });
  });
});

describe('nextInLine', () => {
  it('lists trucks of the lane direction for the stages it serves', () => {
    const state = boardFromSnapshot(snapshot(), T0);
    expect(nextInLine(state, 'KT-X1').map((e) => [e.trip.id, e.stage])).toEqual([
      ['4', 'gate'],
      ['1', 'documents'],
      ['2', 'documents'],
    ]);
    expect(nextInLine(state, 'KT-N1').map((e) => e.trip.id)).toEqual(['3']);
  });

  it('respects a lane restricted to some classes', () => {
    const state = boardFromSnapshot(snapshot(), T0);
    expect(nextInLine(state, 'KT-P1').map((e) => e.trip.id)).toEqual(['2']);
    expect(nextInLine(state, 'nope')).toEqual([]);
  });
});

describe('applyEvent', () => {
  it('moves a called truck from its queue to the lane', () => {
    const state = boardFromSnapshot(snapshot(), T0);
    const called = trip('2', { state: 'called', priorityClass: 'perishable', laneId: 'KT-P1', deadline: T0 + 600_000 });
    const { board: next, needsResync } = applyGateEvent(state, event(42, {
      type: 'trip_called', trip: called, lane: { id: 'KT-P1', status: 'open', occupancy: 'called', tripId: '2' },
    }));
    expect(needsResync).toBe(false);
    expect(next.seq).toBe(42);
    expect(next.queues.documents?.map((e) => e.trip.id)).toEqual(['1', '3']);
    const lane = next.lanes.find((l) => l.id === 'KT-P1');
    expect(lane).toMatchObject({ occupancy: 'called', since: T0 + 42, trip: { id: '2', state: 'called' } });
    // The input state is untouched (the board swaps whole states).
    expect(state.queues.documents).toHaveLength(3);
  });

  it('frees the lane and queues the truck for its next stage when a stage completes', () => {
    const state = boardFromSnapshot(snapshot(), T0);
    const moved = trip('10', { stage: 'gate', stageIndex: 1, score: T0 - 10_000 });
    const { board: next, needsResync } = applyGateEvent(state, event(42, {
      type: 'stage_completed', trip: moved, lane: { id: 'KT-X1', status: 'open', occupancy: 'idle', tripId: null },
    }), [order('gate', ['4', '10'], ['10'])]);
    expect(needsResync).toBe(false);
    const lane = next.lanes.find((l) => l.id === 'KT-X1');
    expect(lane).toMatchObject({ occupancy: 'idle', trip: null, since: T0 + 42 });
    expect(next.queues.gate?.map((e) => e.trip.id)).toEqual(['4', '10']);
    expect(next.queues.gate?.[1]).toMatchObject({ since: T0 + 42, etaAt: null });
  });

  it('places a queued truck at the index the server gives, never by its own guess', () => {
    const state = boardFromSnapshot(snapshot(), T0);
    // An ordinary truck with the lowest score: a guess by class and score would put it first.
    const booked = trip('11', { score: T0 - 99_000 });
    const { board: next, needsResync } = applyGateEvent(state, event(42, { trip: booked }), [order('documents', ['1', '2', '3', '11'], ['11'])]);
    expect(needsResync).toBe(false);
    expect(next.queues.documents?.map((e) => e.trip.id)).toEqual(['1', '2', '3', '11']);
    expect(next.queues.documents?.[0]).toBe(state.queues.documents?.[0]);
    expect(next.queues.documents?.[3]).toMatchObject({ trip: { id: '11' }, etaAt: null, reason: null });
  });

  it('takes the ETAs the delta carries: the placed truck\'s and those that moved, nothing recomputed', () => {
    const state = boardFromSnapshot(snapshot(), T0);
    const booked = trip('11', { score: T0 - 99_000 });
    const etas = [{ id: '11', expectedAt: T0 + 900_000, lowAt: T0 + 600_000, highAt: T0 + 1_200_000 }, { id: '2', expectedAt: T0 + 300_000, lowAt: T0, highAt: T0 + 400_000 }];
    const { board: next, needsResync } = applyGateEvent(state, event(42, { trip: booked }), [order('documents', ['1', '2', '3', '11'], ['11'])], etas);
    expect(needsResync).toBe(false);
    expect(next.queues.documents?.map((e) => e.etaAt)).toEqual([T0 + 120_000, T0 + 300_000, state.queues.documents?.[2]?.etaAt, T0 + 900_000]);
    // Entries the delta does not name keep their objects (their cards do not re-render).
    expect(next.queues.documents?.[0]).toBe(state.queues.documents?.[0]);
    expect(next.queues.gate).toBe(state.queues.gate);
    // An ETA for a truck the board does not hold changes nothing and asks for no snapshot.
    const other = applyGateEvent(next, event(43, { type: 'lane_status_changed', trip: null }), [], [{ id: 'nobody', expectedAt: T0, lowAt: T0, highAt: T0 }]);
    expect(other.needsResync).toBe(false);
    expect(other.board.queues).toBe(next.queues);
  });

  it('moves the other trucks the server moved (the interleave shifted) and keeps the rest in their order', () => {
    const state = boardFromSnapshot(snapshot(), T0);
    const perishable = trip('12', { priorityClass: 'perishable', score: T0 - 60_000 });
    // The new perishable truck goes first and pushes truck 2 behind truck 3.
    const { board: next, needsResync } = applyGateEvent(state, event(42, { trip: perishable }), [order('documents', ['12', '1', '3', '2'], ['12', '2'])]);
    expect(needsResync).toBe(false);
    expect(next.queues.documents?.map((e) => e.trip.id)).toEqual(['12', '1', '3', '2']);
    // A call-up that reorders the rest of its queue.
    const called = trip('1', { state: 'called', laneId: 'KT-X1' });
    const after = applyGateEvent(next, event(43, { type: 'trip_called', trip: called }), [order('documents', ['2', '12', '3'], ['2'])]);
    expect(after.needsResync).toBe(false);
    expect(after.board.queues.documents?.map((e) => e.trip.id)).toEqual(['2', '12', '3']);
  });

  it('resyncs when the server order does not fit the board (missed something), not guessing', () => {
    const state = boardFromSnapshot(snapshot(), T0);
    const newcomer = trip('11', { score: T0 });
    const place = (orders: QueueOrder[]) => applyGateEvent(state, event(42, { trip: newcomer }), orders);
    // No order for the queue it joined.
    expect(place([]).needsResync).toBe(true);
    expect(place([]).board.queues.documents).toBe(state.queues.documents);
    // An index out of range.
    expect(place([{ ...order('documents', ['1', '2', '3', '11'], ['11']), moves: [{ id: '11', index: 4 }] }]).needsResync).toBe(true);
    // A length that differs from what the board holds (it missed a truck).
    expect(place([order('documents', ['1', '2', '3', '7', '11'], ['7', '11'])]).needsResync).toBe(true);
    // The same length but another order than the server's.
    expect(place([{ ...order('documents', ['1', '2', '3', '11'], ['11']), digest: orderDigest(['2', '1', '3', '11']) }]).needsResync).toBe(true);
    // A truck placed twice at one index.
    expect(place([{ ...order('documents', ['1', '2', '3', '11'], ['11']), moves: [{ id: '11', index: 0 }, { id: '2', index: 0 }] }]).needsResync).toBe(true);
    expect(place([order('documents', ['1', '2', '3', '11'], ['11'])]).needsResync).toBe(false);
  });

  it('tracks held trucks, the exit queue and trucks that leave', () => {
    let state = boardFromSnapshot(snapshot(), T0);
    state = applyGateEvent(state, event(42, { type: 'trip_held', trip: trip('1', { state: 'held' }) })).board;
    expect(state.held.map((t) => t.id)).toEqual(['1']);
    expect(state.queues.documents?.map((e) => e.trip.id)).toEqual(['2', '3']);
    state = applyGateEvent(state, event(43, { type: 'hold_released', trip: trip('1', { state: 'exit_queue', stage: null, score: T0 - 99 }) })).board;
    expect(state.held).toEqual([]);
    expect(state.exitQueue.map((t) => t.id)).toEqual(['1', '9']);
    state = applyGateEvent(state, event(44, { type: 'trip_crossed', trip: trip('9', { state: 'crossed', stage: null }) })).board;
    expect(state.exitQueue.map((t) => t.id)).toEqual(['1']);
  });

  it('updates lane status without touching its truck', () => {
    const state = boardFromSnapshot(snapshot(), T0);
    const { board: next, needsResync } = applyGateEvent(state, event(42, {
      type: 'lane_status_changed', lane: { id: 'KT-X1', status: 'paused', occupancy: 'inspecting', tripId: '10' },
      detail: { from: 'open', to: 'paused', reason: 'Nghỉ trưa' },
    }));
    expect(needsResync).toBe(false);
    expect(next.lanes[0]).toMatchObject({ status: 'paused', statusReason: 'Nghỉ trưa', since: T0 - 90_000, trip: { id: '10' } });
    const reopened = applyGateEvent(next, event(43, {
      type: 'lane_status_changed', lane: { id: 'KT-X1', status: 'open', occupancy: 'inspecting', tripId: '10' },
      detail: { from: 'paused', to: 'open', reason: 'back' },
    })).board;
    expect(reopened.lanes[0]).toMatchObject({ status: 'open', statusReason: null });
  });

  it('asks for a resync when it cannot place what the event describes', () => {
    const state = boardFromSnapshot(snapshot(), T0);
    expect(applyGateEvent(state, event(42, {
      type: 'lane_configured', lane: { id: 'KT-X9', status: 'open', occupancy: 'idle', tripId: null },
    })).needsResync).toBe(true);
    expect(applyGateEvent(state, event(42, {
      type: 'trip_called', lane: { id: 'KT-P1', status: 'open', occupancy: 'called', tripId: 'unknown' },
    })).needsResync).toBe(true);
  });
});

describe('structural sharing', () => {
  it('keeps untouched lanes and queues identical, so their cards do not re-render', () => {
    const state = boardFromSnapshot(snapshot(), T0);
    const { board: next } = applyGateEvent(state, event(42, {
      type: 'lane_status_changed', lane: { id: 'KT-N1', status: 'open', occupancy: 'idle', tripId: null },
    }));
    expect(next.lanes[0]).toBe(state.lanes[0]);
    expect(next.lanes[1]).toBe(state.lanes[1]);
    expect(next.lanes[2]).not.toBe(state.lanes[2]);
    expect(next.queues.documents).toBe(state.queues.documents);
    expect(next.queues.gate).toBe(state.queues.gate);
  });

  it('keeps the whole lane list when no lane changed', () => {
    const state = boardFromSnapshot(snapshot(), T0);
    const { board: next } = applyGateEvent(state, event(42, { trip: trip('11', { score: T0 }) }), [order('documents', ['1', '2', '3', '11'], ['11'])]);
    expect(next.lanes).toBe(state.lanes);
    expect(next.queues.gate).toBe(state.queues.gate);
    expect(next.queues.documents).not.toBe(state.queues.documents);
  });
});

describe('sortLanes', () => {
  it('puts exit lanes first, then entry, by id', () => {
    expect(sortLanes(snapshot().lanes).map((l) => l.id)).toEqual(['KT-P1', 'KT-X1', 'KT-N1']);
  });
});

describe('reuseUnchanged', () => {
  it('keeps the objects of lanes and waiting trucks a resync did not change', () => {
    const before = boardFromSnapshot(snapshot(), T0);
    const changed = snapshot();
    changed.lanes[2] = { ...changed.lanes[2]!, status: 'open' };
    changed.queues.gate = [...changed.queues.gate!, { ...changed.queues.gate![0]!, trip: trip('20', { stage: 'gate' }) }];
    const after = reuseUnchanged(before, boardFromSnapshot(changed, T0));
    expect(after.lanes[0]).toBe(before.lanes[0]);
    expect(after.lanes[2]).not.toBe(before.lanes[2]);
    expect(after.queues.documents).toBe(before.queues.documents);
    expect(after.queues.gate).not.toBe(before.queues.gate);
    expect(after.queues.gate?.[0]).toBe(before.queues.gate?.[0]);
    expect(reuseUnchanged(null, before)).toBe(before);
  });
});

describe('isGateSnapshot', () => {
  it('accepts a snapshot as it travels (RFC 3339 times) and refuses what is not one', () => {
    const wire = () => liveWire.gateSnapshot({ ...snapshot(), at: T0 });
    expect(isGateSnapshot(wire())).toBe(true);
    // The in-process shape (epoch ms) is not what the server sends.
    expect(isGateSnapshot({ ...wire(), at: T0 })).toBe(false);
    expect(isGateSnapshot({ ...wire(), lanes: [{ ...wire().lanes[0], since: T0 }] })).toBe(false);
    expect(isGateSnapshot({ ...wire(), lanes: [{ id: 'KT-X1' }] })).toBe(false);
    expect(isGateSnapshot({ ...wire(), queues: { documents: [{ trip: { id: 1 } }] } })).toBe(false);
    expect(isGateSnapshot(null)).toBe(false);
  });
});
