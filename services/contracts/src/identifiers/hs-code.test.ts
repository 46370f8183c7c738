import { describe, expect, it } from 'vitest';
import { checkHsCode, ZCnHsCodeSchema, ZHsCodeSchema, ZVnHsCodeSchema } from './hs-code.ts';

// Rules: WCO HS Nomenclature 2022 (6-digit subheadings, chapters 01–97, 77 reserved); AHTN 2022 as
// adopted by Thông tư 31/2022/TT-BTC (8 digits, Vietnam); China's customs tariff (10 digits).
describe('HS codes', () => {
  it('accepts the 6-digit heading level where the declaration gives only that', () => {
    expect(checkHsCode('0810.90')).toEqual({ ok: true, value: '081090' });
    expect(checkHsCode('081090', 'VN')).toEqual({ ok: true, value: '081090' });
    expect(checkHsCode('081090', 'CN')).toEqual({ ok: true, value: '081090' });
  });
  it('accepts the first and last chapters, 01 and 97', () => {
    expect(checkHsCode('0101.21.00')).toEqual({ ok: true, value: '01012100' });
    expect(checkHsCode('9706.10.00')).toEqual({ ok: true, value: '97061000' });
    expect(checkHsCode('010121')).toEqual({ ok: true, value: '010121' });
    expect(checkHsCode('9706100000', 'CN')).toEqual({ ok: true, value: '9706100000' });
  });
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
    ['08109', 'hs_code_length'],
    ['0810901', 'hs_code_length'],
    ['081090100', 'hs_code_length'],
    ['00109010', 'hs_code_chapter'],
    ['98109010', 'hs_code_chapter'],
    ['77109010', 'hs_code_chapter'], // reserved
    ['AB081090', 'hs_code_digits'], // anchored at the start
    ['08109010AB', 'hs_code_digits'], // anchored at the end
  ])('rejects %j (%s)', (input, rule) => {
    expect(checkHsCode(input)).toMatchObject({ ok: false, rule });
  });
  it('schemas', () => {
    expect(ZHsCodeSchema.parse('0810.90.10')).toBe('08109010');
    expect(ZVnHsCodeSchema.safeParse('0810901000').success).toBe(false);
    expect(ZCnHsCodeSchema.parse('0810.9010.00')).toBe('0810901000');
    expect(ZHsCodeSchema.safeParse('12').error?.issues[0]?.message).toMatch(/6 digits \(heading level\), 8 digits \(Vietnam\) or 10 digits \(China\)/);
  });
});
