/**
 * From the scheduler's stream events (`GateEvent`) to the outbound gate
 * events customs supervises. Only some internal events have a customs
 * counterpart; queue bookkeeping (queued, requeued, policy…) stays inside.
 * `weighed`, `seal_changed`, `border_crossed` and `exception` come from
 * sensors, operators or the far side, not from the scheduler stream.
 */
import { ZInspectionOutcomeSchema, ZStageSchema } from '../domain.ts';
import type { GateEvent, GateEventType } from '../gate-event.ts';
import { formatVnDateTime } from './envelope.ts';
import type { GateEventMessage, GateEventMessageType } from './gate-event-message.ts';

/** Internal event type → outbound type; absent = not reported to agencies. */
export const GATE_EVENT_MESSAGE_TYPE_OF: Partial<Record<GateEventType, GateEventMessageType>> = {
  trip_arrived: 'gate_in',
  trip_called: 'lane_assigned',
  inspection_started: 'inspection_started',
  stage_completed: 'inspection_done',
  trip_turned_back: 'turned_back',
  // Crossing the barrier out of the control area is customs' "gate out".
  trip_crossed: 'gate_out',
};

/**
 * The outbound type for an internal event, or null when agencies need not hear of it.
 *
 * @example
 * gateEventMessageType({ type: 'trip_arrived', ... }); // 'gate_in'
 * gateEventMessageType({ type: 'trip_queued', ... });  // null
 */
export function gateEventMessageType(event: Pick<GateEvent, 'type'>): GateEventMessageType | null {
  return GATE_EVENT_MESSAGE_TYPE_OF[event.type] ?? null;
}

/** What the stream event does not carry: the trip's registration details. */
export interface GateEventContext {
  /** First 11 digits of each declaration the trip carries. */
  declarationKeys: string[];
  trailerPlate: string | null;
}

/**
 * Builds the outbound message for a scheduler event, or null when it has no
 * counterpart (or no trip). `eventId` is `<gate>:<seq>`, stable across
 * re-reads of the stream, so a re-send after a crash is recognisably the same.
 *
 * @example
 * const msg = toGateEventMessage(event, { declarationKeys: ['30512345678'], trailerPlate: '24R01234' });
 * if (msg) await queue.add('gate-event', msg);
 */
export function toGateEventMessage(event: GateEvent, context: GateEventContext): GateEventMessage | null {
  const type = gateEventMessageType(event);
  const trip = event.trip;
  if (type === null || trip === null) return null;
  const base = {
    eventId: `${event.gate}:${event.seq}`,
    tripId: trip.id,
    occurredAt: formatVnDateTime(event.at),
    plate: trip.plate,
    trailerPlate: context.trailerPlate,
    laneId: event.lane?.id ?? trip.laneId,
    declarationKeys: context.declarationKeys,
  };
  // Read defensively: the outbound message type is chosen from several event types.
  const detail: Readonly<Record<string, unknown>> = event.detail;
  const stage = ZStageSchema.safeParse(detail.stage ?? trip.stage);
  switch (type) {
    case 'lane_assigned': {
      const laneId = base.laneId;
      if (laneId === null || !stage.success) return null;
      return { ...base, type, laneId, stage: stage.data };
    }
    case 'inspection_started':
      return stage.success ? { ...base, type, stage: stage.data } : null;
    case 'inspection_done': {
      const result = ZInspectionOutcomeSchema.safeParse(detail.outcome);
      if (!stage.success || !result.success) return null;
      const note = typeof detail.note === 'string' && detail.note.trim() !== '' ? detail.note.trim() : undefined;
      return { ...base, type, stage: stage.data, result: result.data, ...(note ? { note } : {}) };
    }
    case 'turned_back': {
      const reason = typeof detail.reason === 'string' && detail.reason.trim() !== '' ? detail.reason.trim() : 'turned back';
      return { ...base, type, reason };
    }
    case 'gate_in':
    case 'gate_out':
      return { ...base, type };
    default:
      return null;
  }
}
