import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ZAgencyDecisionRequestSchema, channelFromCode } from './agency-decision.ts';
import { ZLoginRequestSchema } from './auth.ts';
import { ZCheckInRequestSchema } from './check-in.ts';
import { ZCompleteInspectionRequestSchema, ZLaneStatusActionRequestSchema, ZLaneTripActionRequestSchema } from './lane-action.ts';
import { DEFAULT_POLICY, ZPolicyConfigSchema } from './policy.ts';
import { ErrorCode, ZErrorResponseSchema } from './error.ts';
import { ZSubscribeRequestSchema } from './live.ts';
import { zodIssueToField } from './validation-error.ts';

function fieldOf(schema: z.ZodType, input: unknown) {
  const r = schema.safeParse(input);
  expect(r.success).toBe(false);
  return zodIssueToField(r.error!);
}

describe('auth', () => {
  it('login is strict', () => {
    expect(ZLoginRequestSchema.parse({ username: ' driver1 ', password: 'demo' })).toEqual({ username: 'driver1', password: 'demo' });
    expect(fieldOf(ZLoginRequestSchema, { username: 'a', password: 'b', admin: true })).toEqual({ field: 'admin', message: 'unknown field' });
    expect(fieldOf(ZLoginRequestSchema, { username: 'a', password: 1 }).field).toBe('password');
  });
});

describe('lane actions', () => {
  it('validates commandId', () => {
    expect(ZLaneTripActionRequestSchema.safeParse({ tripId: 't1', commandId: 'cmd_0001-a' }).success).toBe(true);
    expect(fieldOf(ZLaneTripActionRequestSchema, { tripId: 't1', commandId: 'short' }).field).toBe('commandId');
    expect(fieldOf(ZLaneTripActionRequestSchema, { tripId: 't1', commandId: 'has space 123' }).field).toBe('commandId');
  });
  it('requires a reason for a lane status change', () => {
    expect(fieldOf(ZLaneStatusActionRequestSchema, { reason: '  ' }).field).toBe('reason');
    expect(fieldOf(ZLaneStatusActionRequestSchema, { reason: 'x'.repeat(201) }).field).toBe('reason');
  });
  it('checks the outcome', () => {
    expect(ZCompleteInspectionRequestSchema.parse({ tripId: 't1', outcome: 'cleared' }).outcome).toBe('cleared');
    expect(fieldOf(ZCompleteInspectionRequestSchema, { tripId: 't1', outcome: 'ok' })).toEqual({
      field: 'outcome',
      message: 'outcome must be one of: cleared, held, turned_back',
    });
  });
});

describe('check-in', () => {
  it('takes exactly one of plate or qrToken', () => {
    expect(ZCheckInRequestSchema.parse({ plate: '24C-123.45' })).toEqual({ plate: '24C12345' });
    expect(ZCheckInRequestSchema.safeParse({ qrToken: 'abc', commandId: 'checkin-0001' }).success).toBe(true);
    expect(fieldOf(ZCheckInRequestSchema, {})).toEqual({ field: 'plate', message: 'send exactly one of plate or qrToken' });
    expect(fieldOf(ZCheckInRequestSchema, { plate: '24C-123.45', qrToken: 'abc' }).field).toBe('qrToken');
  });
});

describe('agency decisions', () => {
  it('maps channel codes', () => {
    expect(channelFromCode('1')).toBe('green');
    expect(channelFromCode('2')).toBe('yellow');
    expect(channelFromCode('3')).toBe('red');
    expect(channelFromCode(' 3d ')).toBe('red');
    expect(channelFromCode('4')).toBeNull();
    expect(channelFromCode('')).toBeNull();
    expect(channelFromCode('33')).toBeNull();
  });
  it('validates a decision', () => {
    const d = ZAgencyDecisionRequestSchema.parse({
      declarationNumber: '305123456780',
      channelCode: '3d',
      inspectionModes: ['physical'],
      hold: { action: 'place', reason: 'sampling' },
      agency: 'customs',
    });
    expect(d.channelCode).toBe('3D');
    expect(fieldOf(ZAgencyDecisionRequestSchema, { declarationNumber: '305123456780', channelCode: '5', agency: 'customs' }).field).toBe('channelCode');
    expect(fieldOf(ZAgencyDecisionRequestSchema, { declarationNumber: '1', channelCode: '1', agency: 'customs' }).field).toBe('declarationNumber');
  });
});

describe('policy', () => {
  it('DEFAULT_POLICY is valid: 1 perishable, 1 trusted, 5 ordinary', () => {
    expect(ZPolicyConfigSchema.parse(DEFAULT_POLICY)).toEqual(DEFAULT_POLICY);
    expect(DEFAULT_POLICY.interleave.filter((c) => c === 'ordinary')).toHaveLength(5);
  });
  it('rejects an empty interleave', () => {
    expect(fieldOf(ZPolicyConfigSchema, { ...DEFAULT_POLICY, interleave: [] }).field).toBe('interleave');
    expect(fieldOf(ZPolicyConfigSchema, { ...DEFAULT_POLICY, crossCapPerHour: { exit: -1, entry: 0 } }).field).toBe('crossCapPerHour.exit');
  });
});

describe('errors and live', () => {
  it('error body', () => {
    const problem = {
      type: '/docs/errors#NOT_FOUND', title: 'Not found', status: 404, detail: 'no such trip', instance: '/v1/trips/x',
      code: ErrorCode.NOT_FOUND, requestId: 'r1', errors: [],
      error: { code: ErrorCode.NOT_FOUND, message: 'no such trip', field: null },
    };
    expect(ZErrorResponseSchema.safeParse(problem).success).toBe(true);
    expect(ZErrorResponseSchema.safeParse({ ...problem, code: 'NOPE' }).success).toBe(false);
  });
  it('subscribe takes a gate or a trip', () => {
    expect(ZSubscribeRequestSchema.safeParse({ gate: 'KT' }).success).toBe(true);
    expect(ZSubscribeRequestSchema.safeParse({ tripId: 'abc' }).success).toBe(true);
    expect(ZSubscribeRequestSchema.safeParse({}).success).toBe(false);
    expect(ZSubscribeRequestSchema.safeParse({ gate: 'KT', tripId: 'abc' }).success).toBe(false);
    // The company feed: the caller's own company only (nothing names it), resumable after a seq.
    expect(ZSubscribeRequestSchema.safeParse({ company: true }).success).toBe(true);
    expect(ZSubscribeRequestSchema.safeParse({ company: true, since: 41 }).success).toBe(true);
    expect(ZSubscribeRequestSchema.safeParse({ company: false }).success).toBe(false);
    expect(ZSubscribeRequestSchema.safeParse({ company: true, companyId: 'c1' }).success).toBe(false);
    expect(ZSubscribeRequestSchema.safeParse({ company: true, gate: 'KT' }).success).toBe(false);
    expect(fieldOf(ZSubscribeRequestSchema, { tripId: 'abc', since: 3 }).field).toBe('since');
    expect(ZSubscribeRequestSchema.safeParse({ company: true, since: -1 }).success).toBe(false);
  });
});
