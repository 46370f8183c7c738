import { describe, expect, it } from 'vitest';
import {
  ZLiveDeltaWireSchema,
  ZLiveGateSnapshotSchema,
  ZLiveTripSnapshotSchema,
  liveWire,
  type Timed,
} from './live-times.ts';
import type { GateSnapshotMessage, LiveDelta, TripSnapshotMessage } from './live.ts';
import type { TripPlacement } from './gate-event.ts';

const T0 = Date.parse('2026-12-06T01:30:00.250Z');

const placement = (id: string, over: Partial<TripPlacement> = {}): TripPlacement => ({
  id, state: 'queued', stages: ['documents'], stageIndex: 0, stage: 'documents', priorityClass: 'ordinary', direction: 'exit',
  score: T0 - 60_000, laneId: null, noShows: 0, deadline: null, plate: '24C-123.45', hold: false, queuedAt: T0 - 60_000, ...over,
});
const called = placement('t-called', { state: 'called', laneId: 'KT-X1', deadline: T0 + 300_000 });
const lane = {
  id: 'KT-X1', name: 'X1', direction: 'exit' as const, capabilities: ['documents' as const], classes: [], status: 'open' as const,
  statusReason: null, occupancy: 'called' as const, trip: called, since: T0 - 5_000, expectedServiceMs: 180_000,
};

const delta: LiveDelta = {
  seq: 7,
  event: {
    seq: 7, gate: 'KT', at: T0, actor: 'operator1', commandId: 'c-1', trip: placement('t-1', { queuedAt: null }),
    lane: null, reason: null, type: 'trip_arrived', detail: { appointmentAt: T0 + 3_600_000 },
  },
  queues: [{ stage: 'documents', length: 1, moves: [{ id: 't-1', index: 0 }], digest: '0badf00d' }],
  etas: [{ id: 't-1', expectedAt: T0 + 600_000, lowAt: T0 + 300_000, highAt: T0 + 900_000 }],
};
const gateSnapshot: Timed<GateSnapshotMessage> = {
  gate: 'KT', seq: 7, policyVersion: 1, at: T0, lanes: [lane],
  queues: { documents: [{ trip: placement('t-1'), position: 1, waitMs: 60_000, eta: { expectedMs: 1, lowMs: 0, highMs: 2 }, reason: { rule: 'interleave', priorityClass: 'ordinary', policyVersion: 1 } }] },
  held: [placement('t-held', { state: 'held', hold: true })], exitQueue: [],
};
const tripSnapshot: Timed<TripSnapshotMessage> = {
  gate: 'KT', seq: 7, at: T0, tripId: 't-called', state: 'called', trip: called, position: null, eta: null, lane,
};

describe('live times on the wire', () => {
  it('sends every instant as RFC 3339 with the gate offset, and the conversion is the schema codec', () => {
    const wire = liveWire.delta(delta);
    expect(wire.event.at).toBe('2026-12-06T08:30:00.250+07:00');
    expect(wire.event.trip?.queuedAt).toBeNull();
    expect(wire.event.type === 'trip_arrived' && wire.event.detail.appointmentAt).toBe('2026-12-06T09:30:00.250+07:00');
    // ETAs in columns: durations from the earliest band start, which is itself RFC 3339.
    expect(wire.etas).toEqual({ at: '2026-12-06T08:35:00.250+07:00', ids: ['t-1'], expectedMs: [300_000], lowMs: [0], highMs: [600_000] });
    // The fast path is the codec's own encoding, and decoding gives the original back.
    expect(wire).toEqual(ZLiveDeltaWireSchema.encode(delta));
    expect(liveWire.fromDelta(wire)).toEqual(delta);
    expect(ZLiveDeltaWireSchema.decode(wire)).toEqual(delta);
  });

  it('sends a call-up\'s moved ETAs compactly: the same instants to the millisecond, a third of the text', () => {
    // A call-up moves the ETA of every truck behind it (49 on average in the fan-out bench's rounds).
    const etas = Array.from({ length: 50 }, (_, i) => ({
      id: `0f8fad5b-d9cb-469f-a165-70867728${String(i).padStart(4, '0')}`,
      expectedAt: T0 + 120_000 * (i + 1) + 37, lowAt: T0 + 90_000 * (i + 1), highAt: T0 + 150_000 * (i + 1) + 999,
    }));
    const called = { ...delta, etas };
    const wire = liveWire.delta(called);
    expect(liveWire.fromDelta(wire)).toEqual(called);
    expect(ZLiveDeltaWireSchema.decode(wire)).toEqual(called);
    expect(wire).toEqual(ZLiveDeltaWireSchema.encode(called));
    // As three RFC 3339 instants and their keys each truck took ~175 characters; an id and three numbers now.
    expect(JSON.stringify(wire.etas).length / etas.length).toBeLessThan(75);
  });

  it('refuses ETA columns of different lengths', () => {
    const wire = liveWire.delta(delta);
    const broken = { ...wire, etas: { ...wire.etas!, highMs: [] } };
    expect(ZLiveDeltaWireSchema.safeParse(broken).error?.issues[0]?.path).toEqual(['etas', 'highMs']);
  });

  it('converts gate and trip snapshots, the lanes\' and trucks\' times included', () => {
    const gate = liveWire.gateSnapshot(gateSnapshot);
    expect(gate.lanes[0]!.since).toBe('2026-12-06T08:29:55.250+07:00');
    expect(gate.lanes[0]!.trip?.deadline).toBe('2026-12-06T08:35:00.250+07:00');
    expect(gate.queues.documents![0]!.trip.queuedAt).toBe('2026-12-06T08:29:00.250+07:00');
    expect(gate).toEqual(ZLiveGateSnapshotSchema.encode(gateSnapshot));
    expect(liveWire.fromGateSnapshot(gate)).toEqual(gateSnapshot);

    const trip = liveWire.tripSnapshot(tripSnapshot);
    expect(trip.at).toBe('2026-12-06T08:30:00.250+07:00');
    expect(trip).toEqual(ZLiveTripSnapshotSchema.encode(tripSnapshot));
    expect(ZLiveTripSnapshotSchema.decode(trip)).toEqual(tripSnapshot);
  });

  it('refuses epoch milliseconds where the wire wants a time', () => {
    const wire = liveWire.delta(delta);
    expect(ZLiveDeltaWireSchema.safeParse({ ...wire, event: { ...wire.event, at: T0 } }).success).toBe(false);
    expect(ZLiveDeltaWireSchema.safeParse({ ...wire, event: { ...wire.event, at: '2026-12-06 08:30' } }).success).toBe(false);
  });
});
