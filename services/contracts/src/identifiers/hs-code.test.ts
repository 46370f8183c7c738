import { describe, expect, it } from 'vitest';
import { checkHsCode, ZCnHsCodeSchema, ZHsCodeSchema, ZVnHsCodeSchema } from './hs-code.ts';

describe('HS codes', () => {
  it('normalises dots and spaces', () => {
    expect(checkHsCode('0810.90.10')).toEqual({ ok: true, value: '08109010' });
    expect(checkHsCode('0810 9010 00')).toEqual({ ok: true, value: '0810901000' });
  });
  it('checks the national length', () => {
    expect(checkHsCode('0810.90.10', 'VN').ok).toBe(true);
    expect(checkHsCode('0810.90.10', 'CN')).toMatchObject({ ok: false, rule: 'hs_code_length_cn' });
    expect(checkHsCode('0810901000', 'VN')).toMatchObject({ ok: false, rule: 'hs_code_length_vn' });
    expect(checkHsCode('0810901000', 'CN').ok).toBe(true);
  });
  it.each([
    ['', 'hs_code_digits'],
    ['0810.90.1A', 'hs_code_digits'],
    ['081090', 'hs_code_length'],
    ['081090100', 'hs_code_length'],
    ['00109010', 'hs_code_chapter'],
    ['98109010', 'hs_code_chapter'],
  ])('rejects %j (%s)', (input, rule) => {
    expect(checkHsCode(input)).toMatchObject({ ok: false, rule });
  });
  it('schemas', () => {
    expect(ZHsCodeSchema.parse('0810.90.10')).toBe('08109010');
    expect(ZVnHsCodeSchema.safeParse('0810901000').success).toBe(false);
    expect(ZCnHsCodeSchema.parse('0810.9010.00')).toBe('0810901000');
    expect(ZHsCodeSchema.safeParse('12').error?.issues[0]?.message).toMatch(/8 digits \(Vietnam\) or 10 digits \(China\)/);
  });
});
