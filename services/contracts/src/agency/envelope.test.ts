import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ZEnvelopeHeaderSchema, ZEnvelopeSchema, ZVnDateTimeSchema, formatVnDateTime } from './envelope.ts';
import { exampleHeader } from './test-fixtures.ts';
import { expectFailure } from './test-failure.ts';

const failure = expectFailure;

describe('Vietnam time', () => {
  it('formats an instant with +07:00 (no DST)', () => {
    expect(formatVnDateTime(new Date('2025-06-01T01:30:00Z'))).toBe('2025-06-01T08:30:00.000+07:00');
    expect(formatVnDateTime(Date.UTC(2025, 11, 31, 20, 0, 0))).toBe('2026-01-01T03:00:00.000+07:00');
    expect(() => formatVnDateTime(new Date('nope'))).toThrow(RangeError);
  });
  it('round-trips through the schema and Date', () => {
    const s = formatVnDateTime(new Date('2025-02-28T23:59:59.999Z'));
    expect(ZVnDateTimeSchema.parse(s)).toBe(s);
    expect(new Date(s).toISOString()).toBe('2025-02-28T23:59:59.999Z');
  });
  it.each([
    ['2025-06-01T08:30:00Z', 'datetime_offset'],
    ['2025-06-01T08:30:00+08:00', 'datetime_offset'],
    ['2025-06-01 08:30:00+07:00', 'datetime_format'],
    ['2025-02-30T08:30:00+07:00', 'datetime_format'],
    ['2025-06-01T24:30:00+07:00', 'datetime_format'],
    ['', 'datetime_format'],
  ])('rejects %j (%s)', (input, rule) => {
    expect(failure(ZVnDateTimeSchema, input).rule).toBe(rule);
  });
});

describe('envelope', () => {
  const Env = ZEnvelopeSchema(z.object({ n: z.number() }).strict(), 'gate_event');

  it('accepts a full message', () => {
    const env = { ...exampleHeader('gate_event'), payload: { n: 1 } };
    expect(Env.parse(env)).toEqual(env);
    expect(ZEnvelopeHeaderSchema.parse(exampleHeader('agency_decision')).kind).toBe('agency_decision');
  });

  it.each([
    [{ messageId: 'not-a-uuid' }, 'messageId', /UUID/],
    [{ schemaVersion: '2.0' }, 'schemaVersion', /schemaVersion must be 1\.0/],
    [{ kind: 'movement_notice' }, 'kind', /kind must be gate_event/],
    [{ sentAt: '2025-06-01T01:30:00Z' }, 'sentAt', /\+07:00/],
    [{ sender: 'x' }, 'sender', /2–64/],
    [{ gateCode: 'kt' }, 'gateCode', /gate code/],
    [{ correlationId: 'has space' }, 'correlationId', /correlationId/],
  ])('rejects %j naming the field', (over, field, message) => {
    const f = failure(Env, { ...exampleHeader('gate_event'), ...over, payload: { n: 1 } });
    expect(f.field).toBe(field);
    expect(f.message).toMatch(message);
  });

  it('checks the signature shape', () => {
    const sig = (s: object) => ({ ...exampleHeader('gate_event'), signature: { algorithm: 'HMAC-SHA256', keyId: 'k1', value: 'a'.repeat(64), ...s }, payload: { n: 1 } });
    expect(Env.safeParse(sig({ value: 'q5NpB1zhlnIl3y4Y1lcXbmflWt-SSBCX3Y8ZG0uvrvE' })).success).toBe(true); // base64url
    expect(failure(Env, sig({ algorithm: 'HMAC-SHA1' }))).toMatchObject({ field: 'signature.algorithm', message: 'signature.algorithm must be HMAC-SHA256' });
    expect(failure(Env, sig({ value: 'abc' })).field).toBe('signature.value');
    expect(failure(Env, sig({ keyId: '' })).field).toBe('signature.keyId');
    const { signature: _s, ...unsigned } = sig({});
    expect(failure(Env, unsigned)).toEqual({ field: 'signature', message: 'signature is required', rule: undefined });
  });

  it('validates the payload with its own schema and rejects unknown fields', () => {
    expect(failure(Env, { ...exampleHeader('gate_event'), payload: { n: '1' } }).field).toBe('payload.n');
    expect(failure(Env, { ...exampleHeader('gate_event'), payload: { n: 1 }, extra: 1 })).toMatchObject({ field: 'extra', message: 'unknown field' });
  });
});
