/**
 * Envelopes for codec tests: the contract's example trip (a red-channel exit
 * of dragon fruit with Vietnamese and Chinese parties), wrapped and validated,
 * plus one gate event of every type.
 */
import {
  ZAgencyDecisionEnvelopeSchema,
  ZGateEventEnvelopeSchema,
  ZMovementNoticeEnvelopeSchema,
  type AgencyDecisionEnvelope,
  type AgencyDecisionMessageInput,
  type GateEventEnvelope,
  type GateEventMessageInput,
  type MovementNoticeEnvelope,
  type MovementNoticeInput,
} from '@borderflow/contracts';
import {
  exampleDecision,
  exampleGateIn,
  exampleHeader,
  exampleNotice,
} from '@borderflow/contracts/src/agency/test-fixtures.ts';

export function noticeEnvelope(over: Partial<MovementNoticeInput> = {}): MovementNoticeEnvelope {
  return ZMovementNoticeEnvelopeSchema.parse({ ...exampleHeader('movement_notice'), payload: { ...exampleNotice(), ...over } });
}

export function decisionEnvelope(over: Partial<AgencyDecisionMessageInput> = {}): AgencyDecisionEnvelope {
  return ZAgencyDecisionEnvelopeSchema.parse({
    ...exampleHeader('agency_decision', { sender: 'vn-customs.13bb', receiver: 'borderflow.kt' }),
    payload: exampleDecision(over),
  });
}

const mismatch = {
  rule: 'plate_mismatch', field: 'plateReads.0', expected: '24C12345', read: '24C12346', confidence: 0.97,
  message: 'plate read 24C12346 does not match the trip\'s 24C12345 <&>',
} as const;

/** One valid payload per gate event type, evidence and all. */
export const GATE_EVENT_SAMPLES: GateEventMessageInput[] = [
  {
    ...exampleGateIn(),
    evidence: {
      plateReads: [
        { target: 'truck', plate: '24C-123.45', confidence: 0.98, source: 'cam-in-1' },
        { target: 'trailer', plate: '24R01234', confidence: 0.6 },
      ],
      containerReads: [{ number: 'CSQU3054383', confidence: 0.91, source: 'ocr-1' }],
      sealReads: [{ containerNumber: 'CSQU3054383', seal: 'VN123456', confidence: 0.88 }],
      weight: { grossKg: 38_500.5, source: 'wb-1' },
    },
  },
  { ...exampleGateIn(), type: 'lane_assigned', eventId: 'KT:102', laneId: 'KT-X1', stage: 'xray' },
  { ...exampleGateIn(), type: 'weighed', eventId: 'KT:103', weight: { grossKg: 38_500 } },
  { ...exampleGateIn(), type: 'inspection_started', eventId: 'KT:104', laneId: 'KT-X1', stage: 'physical' },
  { ...exampleGateIn(), type: 'inspection_done', eventId: 'KT:105', laneId: 'KT-X1', stage: 'xray', result: 'held', note: 'Ảnh soi nghi vấn; 疑似' },
  {
    ...exampleGateIn(), type: 'seal_changed', eventId: 'KT:106',
    changes: [
      { containerNumber: 'CSQU3054383', removed: ['VN123456', 'VN123457'], added: ['HQ000001'], reason: 'opened for physical' },
      { containerNumber: 'MSCU1234566', removed: [], added: ['HQ000002'], reason: 'sealed after check' },
    ],
  },
  { ...exampleGateIn(), type: 'gate_out', eventId: 'KT:107', trailerPlate: null },
  { ...exampleGateIn(), type: 'border_crossed', eventId: 'KT:108', declarationKeys: [] },
  { ...exampleGateIn(), type: 'turned_back', eventId: 'KT:109', reason: "far side refused: 'full'" },
  {
    ...exampleGateIn(), type: 'exception', eventId: 'KT:110', attempted: 'gate_in',
    mismatches: [mismatch, { rule: 'container_missing', field: 'containerReads', expected: 'MSCU1234566', read: null, confidence: null, message: 'not seen' }],
  },
];

export function gateEventEnvelope(payload: GateEventMessageInput): GateEventEnvelope {
  return ZGateEventEnvelopeSchema.parse({ ...exampleHeader('gate_event'), payload });
}
