import { describe, expect, it } from 'vitest';
import { checkCnCreditCode, cnCreditCodeCheckChar, ZCnCreditCodeSchema } from './cn-credit-code.ts';

describe('Chinese unified social credit codes', () => {
  it('computes the mod-31 check character (GB 32100-2015 example)', () => {
    expect(cnCreditCodeCheckChar('91350100M000100Y4')).toBe('3');
  });
  it('accepts a code whose check character is 0 (sum divisible by 31)', () => {
    expect(cnCreditCodeCheckChar('91350100M000100Y3')).toBe('0');
    expect(checkCnCreditCode('91350100M000100Y30')).toEqual({ ok: true, value: '91350100M000100Y30' });
    expect(checkCnCreditCode('91350100M000100Y31')).toMatchObject({ ok: false, rule: 'cn_credit_code_check' });
  });
  it('accepts and normalises', () => {
    expect(checkCnCreditCode('91350100M000100Y43')).toEqual({ ok: true, value: '91350100M000100Y43' });
    expect(ZCnCreditCodeSchema.parse('91350100-m000100y43')).toBe('91350100M000100Y43');
  });
  it.each([
    ['91350100M000100Y44', 'cn_credit_code_check'],
    ['91350100M000100Y4', 'cn_credit_code_format'],
    ['91350100I000100Y43', 'cn_credit_code_format'], // I is not in the alphabet
    ['', 'cn_credit_code_format'],
    ['X91350100M000100Y43', 'cn_credit_code_format'], // anchored at the start
    ['91350100M000100Y43X', 'cn_credit_code_format'], // anchored at the end
  ])('rejects %j (%s)', (input, rule) => {
    expect(checkCnCreditCode(input)).toMatchObject({ ok: false, rule });
  });
});
