import { describe, expect, it } from 'vitest';
import type { GateEvent, GateEventType } from '../gate-event.ts';
import { ZGateEventMessageSchema } from './gate-event-message.ts';
import { gateEventMessageType, toGateEventMessage } from './gate-event-mapping.ts';

const at = Date.UTC(2025, 5, 1, 2, 0, 0); // 09:00 in Lào Cai

function event(type: GateEventType, detail: Record<string, unknown> = {}, laneId: string | null = 'KT-X1'): GateEvent {
  return {
    seq: 42,
    gate: 'KT',
    type,
    at,
    actor: 'operator1',
    commandId: null,
    trip: {
      id: 'trip_1', state: 'inspecting', stages: ['documents', 'xray', 'gate'], stageIndex: 1, stage: 'xray',
      priorityClass: 'perishable', direction: 'exit', score: 1, laneId, noShows: 0, deadline: null,
      plate: '24C12345', hold: false, queuedAt: null,
    },
    lane: laneId ? { id: laneId, status: 'open', occupancy: 'inspecting', tripId: 'trip_1' } : null,
    reason: null,
    detail,
  } as GateEvent;
}
const ctx = { declarationKeys: ['30512345678'], trailerPlate: '24R01234' };

describe('scheduler events → outbound gate events', () => {
  it.each<[GateEventType, Record<string, unknown>, object]>([
    ['trip_arrived', {}, { type: 'gate_in' }],
    ['trip_called', { stage: 'xray' }, { type: 'lane_assigned', laneId: 'KT-X1', stage: 'xray' }],
    ['inspection_started', {}, { type: 'inspection_started', stage: 'xray' }],
    ['stage_completed', { outcome: 'cleared', stage: 'xray', note: 'clean', next: 'trip_queued' }, { type: 'inspection_done', stage: 'xray', result: 'cleared', note: 'clean' }],
    ['stage_completed', { outcome: 'turned_back', stage: 'physical', note: null }, { type: 'inspection_done', stage: 'physical', result: 'turned_back' }],
    ['trip_turned_back', { reason: 'far side refused' }, { type: 'turned_back', reason: 'far side refused' }],
    ['trip_crossed', { direction: 'exit', capPerHour: 100 }, { type: 'gate_out' }],
  ])('%s %j', (type, detail, expected) => {
    const msg = toGateEventMessage(event(type, detail), ctx);
    expect(msg).toMatchObject({ ...expected, eventId: 'KT:42', tripId: 'trip_1', occurredAt: '2025-06-01T09:00:00.000+07:00', plate: '24C12345', trailerPlate: '24R01234', declarationKeys: ['30512345678'] });
    expect(ZGateEventMessageSchema.parse(msg)).toEqual(msg);
  });

  it('queue bookkeeping has no outbound counterpart', () => {
    for (const t of ['trip_queued', 'trip_requeued', 'policy_set', 'lane_status_changed', 'exit_queued', 'stages_changed'] as const) {
      expect(gateEventMessageType({ type: t })).toBeNull();
      expect(toGateEventMessage(event(t), ctx)).toBeNull();
    }
  });

  it('skips events it cannot describe completely', () => {
    expect(toGateEventMessage({ ...event('trip_arrived'), trip: null }, ctx)).toBeNull();
    expect(toGateEventMessage(event('trip_called', { stage: 'xray' }, null), ctx)).toBeNull(); // no lane
    expect(toGateEventMessage(event('stage_completed', { stage: 'xray' }), ctx)).toBeNull(); // no outcome
  });
});
