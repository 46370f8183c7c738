import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GATE_EVENT_MESSAGE_TYPES, ZGateEventEnvelopeSchema, ZGateEventMessageSchema } from './gate-event-message.ts';
import { exampleGateIn, exampleHeader } from './test-fixtures.ts';
import { expectFailure } from './test-failure.ts';

const failure = (input: unknown, schema: z.ZodType = ZGateEventMessageSchema) => expectFailure(schema, input);

const base = exampleGateIn;
const mismatch = { rule: 'plate_mismatch', field: 'plateReads.0', expected: '24C12345', read: '24C12346', confidence: 0.97, message: 'plate read 24C12346 does not match' };
const valid: Record<(typeof GATE_EVENT_MESSAGE_TYPES)[number], object> = {
  gate_in: base(),
  lane_assigned: { ...base(), type: 'lane_assigned', laneId: 'KT-X1', stage: 'xray' },
  weighed: { ...base(), type: 'weighed', weight: { grossKg: 38_500, source: 'wb-1' } },
  inspection_started: { ...base(), type: 'inspection_started', laneId: 'KT-X1', stage: 'physical' },
  inspection_done: { ...base(), type: 'inspection_done', laneId: 'KT-X1', stage: 'xray', result: 'cleared', note: 'image clean' },
  seal_changed: { ...base(), type: 'seal_changed', changes: [{ containerNumber: 'CSQU3054383', removed: ['VN123456'], added: ['HQ000001'], reason: 'opened for physical' }] },
  gate_out: base(),
  border_crossed: { ...base(), type: 'border_crossed' },
  turned_back: { ...base(), type: 'turned_back', reason: 'refused by far side' },
  exception: { ...base(), type: 'exception', attempted: 'gate_in', mismatches: [mismatch] },
};

describe('ZGateEventMessageSchema', () => {
  it.each(GATE_EVENT_MESSAGE_TYPES)('accepts a %s event', (type) => {
    const input = { ...valid[type], type };
    expect(ZGateEventMessageSchema.parse(input)).toMatchObject({ type });
  });

  it('accepts evidence and travels in its envelope', () => {
    const evidence = {
      plateReads: [{ target: 'truck', plate: '24C-123.45', confidence: 0.98, source: 'cam-in-1' }],
      containerReads: [{ number: 'CSQU3054383', confidence: 0.91 }],
    };
    const env = ZGateEventEnvelopeSchema.parse({ ...exampleHeader('gate_event'), payload: { ...base(), evidence } });
    // Defaults fill what a gate did not measure.
    expect(env.payload.evidence).toEqual({ ...evidence, sealReads: [], weight: null });
  });

  it.each<[string, object, string, RegExp]>([
    ['type', { ...base(), type: 'teleported' }, 'type', /must be one of: gate_in/],
    ['lane of lane_assigned', { ...valid.lane_assigned, laneId: null }, 'laneId', /must be string/],
    ['result', { ...valid.inspection_done, result: 'ok' }, 'result', /must be one of: cleared, held, turned_back/],
    ['stage', { ...valid.inspection_started, stage: 'sauna' }, 'stage', /must be one of/],
    ['weight', { ...valid.weighed, weight: { grossKg: 0 } }, 'weight.grossKg', /more than 0/],
    ['seal changes', { ...valid.seal_changed, changes: [] }, 'changes', /at least one container/],
    ['exception without mismatches', { ...valid.exception, mismatches: [] }, 'mismatches', /at least one mismatch/],
    ['exception attempting exception', { ...valid.exception, attempted: 'exception' }, 'attempted', /must be one of/],
    ['mismatch rule', { ...valid.exception, mismatches: [{ ...mismatch, rule: 'vibes' }] }, 'mismatches.0.rule', /must be one of/],
    ['confidence', { ...base(), evidence: { plateReads: [{ target: 'truck', plate: '24C12345', confidence: 1.2 }] } }, 'evidence.plateReads.0.confidence', /between 0 and 1/],
    ['occurredAt', { ...base(), occurredAt: '2025-06-01T01:31:12Z' }, 'occurredAt', /\+07:00/],
    ['declaration key', { ...base(), declarationKeys: ['305123456780'] }, 'declarationKeys.0', /first 11 digits/],
    ['unknown field', { ...base(), stage: 'xray' }, 'stage', /unknown field/],
  ])('rejects a bad %s, naming the field', (_what, input, field, message) => {
    const f = failure(input);
    expect(f.field).toBe(field);
    expect(f.message).toMatch(message);
  });
});
