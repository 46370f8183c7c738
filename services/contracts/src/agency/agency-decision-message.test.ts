import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ZAgencyDecisionEnvelopeSchema,
  ZAgencyDecisionMessageSchema,
  compareDecisionVersion,
  decisionChannel,
  decisionDeclarationNumber,
} from './agency-decision-message.ts';
import { exampleDecision, exampleHeader } from './test-fixtures.ts';
import { expectFailure } from './test-failure.ts';

const failure = (input: unknown, schema: z.ZodType = ZAgencyDecisionMessageSchema) => expectFailure(schema, input);

describe('ZAgencyDecisionMessageSchema', () => {
  it('accepts a red channel 3D and keeps the raw code', () => {
    const d = ZAgencyDecisionMessageSchema.parse(exampleDecision({ channel: { code: '3d', color: 'red' } }));
    expect(d.channel).toEqual({ code: '3D', color: 'red' });
    expect(decisionDeclarationNumber(d)).toBe('305123456780');
  });

  it('accepts a quarantine hold without a channel, and its release', () => {
    const hold = { action: 'place', holdId: 'Q-77', reason: 'sampling for fruit fly' } as const;
    for (const h of [hold, { ...hold, action: 'release' as const }]) {
      const d = exampleDecision({ agency: 'quarantine', status: 'inspection_required', channel: null, inspectionModes: ['quarantine'], holds: [h] });
      expect(ZAgencyDecisionMessageSchema.safeParse(d).success).toBe(true);
    }
  });

  it('travels in its envelope', () => {
    const env = ZAgencyDecisionEnvelopeSchema.parse({ ...exampleHeader('agency_decision', { sender: 'vn-customs.13bb', receiver: 'borderflow.kt' }), payload: exampleDecision() });
    expect(env.payload.status).toBe('channel_assigned');
  });

  it.each<[string, object, string, RegExp, string?]>([
    ['channel code', { channel: { code: '4', color: 'red' } }, 'channel.code', /1 \(green\), 2 \(yellow\) or 3 \(red\)/, 'channel_code'],
    ['channel color', { channel: { code: '1', color: 'red' } }, 'channel.color', /must be green for code 1/, 'channel_mismatch'],
    ['missing channel', { channel: null }, 'channel', /required when status is channel_assigned/, 'channel_required'],
    ['declaration key', { declarationKey: '305123456780' }, 'declarationKey', /first 11 digits/],
    ['amendment', { amendment: 10 }, 'amendment', /0–9/],
    ['status', { status: 'approved' }, 'status', /must be one of: registered/],
    ['agency', { agency: 'police' }, 'agency', /must be one of/],
    ['decidedAt', { decidedAt: '2025-06-01T08:40:00+08:00' }, 'decidedAt', /\+07:00/, 'datetime_offset'],
    ['inspection mode', { inspectionModes: ['sniffing'] }, 'inspectionModes.0', /must be one of/],
    ['repeated mode', { inspectionModes: ['xray', 'xray'] }, 'inspectionModes.1', /listed twice/, 'duplicate'],
    ['hold id', { holds: [{ action: 'place', holdId: '', reason: 'x' }] }, 'holds.0.holdId', /holdId/],
    ['hold reason', { holds: [{ action: 'place', holdId: 'H1', reason: ' ' }] }, 'holds.0.reason', /reason is required/],
  ])('rejects a bad %s, naming field and rule', (_what, over, field, message, rule) => {
    const f = failure(exampleDecision(over));
    expect(f.field).toBe(field);
    expect(f.message).toMatch(message);
    if (rule) expect(f.rule).toBe(rule);
  });
});

describe('helpers', () => {
  it('decisionChannel maps raw codes', () => {
    expect(decisionChannel(' 1 ')).toEqual({ code: '1', color: 'green' });
    expect(decisionChannel('2')).toEqual({ code: '2', color: 'yellow' });
    expect(decisionChannel('3d')).toEqual({ code: '3D', color: 'red' });
    expect(decisionChannel('5')).toBeNull();
  });
  it('compareDecisionVersion orders amendments', () => {
    expect(compareDecisionVersion({ amendment: 0 }, { amendment: 2 })).toBeLessThan(0);
    expect(compareDecisionVersion({ amendment: 2 }, { amendment: 2 })).toBe(0);
    expect(compareDecisionVersion({ amendment: 3 }, { amendment: 1 })).toBeGreaterThan(0);
  });
});
