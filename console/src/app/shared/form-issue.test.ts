import { describe, expect, it } from 'vitest';
import { ZCheckInRequestSchema, ZCreateTripRequestSchema, ZLaneStatusActionRequestSchema } from '@borderflow/contracts';
import { formIssue } from './form-issue.ts';

/** English words that must not appear in a Vietnamese or Chinese line (labels and examples aside). */
const ENGLISH = /\b(is|are|must|should|required|digits?|characters?|plate|number|invalid|format|expected|received|got|with|not)\b/i;

describe('a form\'s own check in the UI\'s language', () => {
  it.each([
    ['vi', 'Lý do là bắt buộc'],
    ['en', 'Reason is required'],
    ['zh', '原因 为必填项'],
  ] as const)('the lane dialog\'s empty reason in %s', (locale, message) => {
    const error = ZLaneStatusActionRequestSchema.safeParse({ reason: '   ' }).error!;
    const label = { vi: 'Lý do', en: 'Reason', zh: '原因' }[locale];
    expect(formIssue(error, locale, { reason: label })).toEqual({ message, field: 'reason' });
  });

  it('names a field by its path when no label is given, and words identifier rules with their specifics', () => {
    const body = {
      gateCode: 'KT', direction: 'exit', vehicle: { plate: '24W-123.45' }, driver: { fullName: 'An', phone: '+84 912 345 678' },
      cargo: [{ description: 'x', hsCode: '0810.90.10', packages: 1, grossKg: 1 }], containers: [], declarations: ['305123456780'],
      expectedArrival: '2026-06-15T08:30:00+07:00',
    };
    const error = ZCreateTripRequestSchema.safeParse(body).error!;
    expect(formIssue(error, 'vi').message).toBe('Vehicle.plate: seri biển số không dùng các chữ I, J, O, Q, W (đang là W)');
    expect(formIssue(error, 'zh', { 'vehicle.plate': '车牌' }).message).toBe('车牌: 越南车牌系列字母不使用 I、J、O、Q、W（当前为 W）');
  });

  it('leaves no English in a vi or zh line for the check-in plate', () => {
    const error = ZCheckInRequestSchema.safeParse({ plate: '13C-123.45' }).error!;
    for (const locale of ['vi', 'zh'] as const) {
      const { message } = formIssue(error, locale, { plate: locale === 'vi' ? 'Biển số' : '车牌' });
      expect(message).not.toMatch(ENGLISH);
      expect(message).toMatch(/13/);
    }
  });
});
