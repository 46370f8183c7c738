/**
 * GateEventMessage (outbound, kind `gate_event`): BorderFlow's side of
 * customs' gate-in / gate-out supervision ("giám sát"): the truck entered the
 * control area, was sent to a lane, weighed, inspected, re-sealed, left, crossed
 * the border or was turned back. `exception` reports a sensor read that does
 * not match the trip (see `checkEvidence`): the truck is stopped, not let through.
 */
import { z } from 'zod';
import { ZLaneIdSchema, ZTripIdSchema } from '../common.ts';
import { ZInspectionOutcomeSchema, ZStageSchema } from '../domain.ts';
import { ZEnvelopeSchema, ZVnDateTimeSchema } from './envelope.ts';
import { ZDeclarationKeySchema } from './agency-decision-message.ts';
import { ZEvidenceMismatchSchema, ZGateEvidenceSchema, ZWeightReadingSchema } from './gate-evidence.ts';

export const GATE_EVENT_MESSAGE_TYPES = [
  'gate_in',
  'lane_assigned',
  'weighed',
  'inspection_started',
  'inspection_done',
  'seal_changed',
  'gate_out',
  'border_crossed',
  'turned_back',
  'exception',
] as const;
export const ZGateEventMessageTypeSchema = z.enum(GATE_EVENT_MESSAGE_TYPES);
export type GateEventMessageType = z.infer<typeof ZGateEventMessageTypeSchema>;

const baseShape = {
  /** BorderFlow's id of the event, stable across re-sends: `<gate>:<seq>` for scheduler events. */
  eventId: z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, 'eventId must be 1–64 letters, digits, ., _, : or -'),
  tripId: ZTripIdSchema,
  occurredAt: ZVnDateTimeSchema,
  /** The trip's truck plate (normalised), so the receiver can match without our trip id. */
  plate: z.string().min(1).max(16),
  trailerPlate: z.string().min(1).max(16).nullable(),
  laneId: ZLaneIdSchema.nullable(),
  declarationKeys: z.array(ZDeclarationKeySchema).max(20),
  evidence: ZGateEvidenceSchema.optional(),
};

const ZGateEventBaseSchema = z.object(baseShape);
// `.extend` (not a spread) so a variant can narrow a base field, e.g. lane_assigned's non-null laneId.
const variant = <T extends GateEventMessageType, S extends z.ZodRawShape>(type: T, shape: S) =>
  ZGateEventBaseSchema.extend({ type: z.literal(type) }).extend(shape).strict();

export const ZSealChangeSchema = z
  .object({
    containerNumber: z.string().min(1).max(16),
    removed: z.array(z.string().trim().min(1).max(32)).max(10),
    added: z.array(z.string().trim().min(1).max(32)).max(10),
    reason: z.string().trim().min(1, 'reason is required').max(200),
  })
  .strict();
export type SealChange = z.infer<typeof ZSealChangeSchema>;

/**
 * One gate event, discriminated by `type`.
 *
 * @example
 * ZGateEventMessageSchema.parse({
 *   type: 'inspection_done', eventId: 'KT:812', tripId: 'trip_1', occurredAt: '2025-06-01T09:10:00+07:00',
 *   plate: '24C12345', trailerPlate: '24R01234', laneId: 'KT-X1', declarationKeys: ['30512345678'],
 *   stage: 'xray', result: 'cleared',
 * });
 */
export const ZGateEventMessageSchema = z.discriminatedUnion('type', [
  variant('gate_in', {}),
  variant('lane_assigned', { laneId: ZLaneIdSchema, stage: ZStageSchema }),
  variant('weighed', { weight: ZWeightReadingSchema }),
  variant('inspection_started', { stage: ZStageSchema }),
  variant('inspection_done', {
    stage: ZStageSchema,
    result: ZInspectionOutcomeSchema,
    note: z.string().trim().max(500).optional(),
  }),
  variant('seal_changed', { changes: z.array(ZSealChangeSchema).min(1, 'changes must list at least one container').max(10) }),
  variant('gate_out', {}),
  variant('border_crossed', {}),
  variant('turned_back', { reason: z.string().trim().min(1, 'reason is required').max(200) }),
  variant('exception', {
    /** The event the truck was attempting when the evidence did not match (gate_in, gate_out…). */
    attempted: ZGateEventMessageTypeSchema.exclude(['exception']),
    mismatches: z.array(ZEvidenceMismatchSchema).min(1, 'mismatches must list at least one mismatch').max(40),
  }),
], { error: (issue) => (issue.code === 'invalid_union' ? `type must be one of: ${GATE_EVENT_MESSAGE_TYPES.join(', ')}` : undefined) });
export type GateEventMessage = z.infer<typeof ZGateEventMessageSchema>;
export type GateEventMessageInput = z.input<typeof ZGateEventMessageSchema>;
/** The message of one type, e.g. `GateEventMessageOf<'inspection_done'>`. */
export type GateEventMessageOf<T extends GateEventMessageType> = Extract<GateEventMessage, { type: T }>;

export const ZGateEventEnvelopeSchema = ZEnvelopeSchema(ZGateEventMessageSchema, 'gate_event');
export type GateEventEnvelope = z.infer<typeof ZGateEventEnvelopeSchema>;
