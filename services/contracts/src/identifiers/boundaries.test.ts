import { describe, expect, it } from 'vitest';
import { checkCnPlate } from './cn-plate.ts';
import { checkContainerNumber, containerCheckDigit } from './container.ts';
import { checkDeclarationNumber, declarationAmendment, declarationKey, declarationKind } from './declaration.ts';
import { checkPhone } from './phone.ts';
import { plateCountry } from './plate.ts';
import { ZCnHsCodeSchema, ZVnHsCodeSchema } from './hs-code.ts';
import { checkTaxCode } from './tax-code.ts';
import { checkVnPlate } from './vn-plate.ts';

/** The edges of each rule: the shortest and longest accepted, one past each, every separator. */
describe('phone length is 8 to 15 digits (E.164 allows at most 15)', () => {
  it.each([
    ['1234567', false],
    ['12345678', true],
    ['+12345678', true],
    ['123456789012345', true],
    ['+123456789012345', true],
    ['1234567890123456', false],
    ['++12345678', false],
  ])('%s → %s', (input, ok) => {
    expect(checkPhone(input).ok).toBe(ok);
  });
  it('strips every separator people type, and nothing else', () => {
    expect(checkPhone('(0912).345-678')).toEqual({ ok: true, value: '0912345678' });
    expect(checkPhone('0912\t345\u00a0678')).toEqual({ ok: true, value: '0912345678' });
    expect(checkPhone('0912/345/678').ok).toBe(false);
  });
});

describe('container check digit: a remainder of 10 is written 0 (ISO 6346)', () => {
  it('CSQU000007: sum 13 + 30·2 + 28·4 + 32·8 + 7·512 = 4025 ≡ 10 (mod 11) → 0', () => {
    expect(containerCheckDigit('CSQU000007')).toBe(0);
    expect(checkContainerNumber('CSQU0000070')).toEqual({ ok: true, value: 'CSQU0000070' });
    expect(checkContainerNumber('CSQU0000071')).toMatchObject({ ok: false, rule: 'container_check_digit' });
  });
});

describe('declaration numbers', () => {
  it('accept the dashes printed on forms', () => {
    expect(checkDeclarationNumber('305-123-456-780')).toEqual({ ok: true, value: '305123456780' });
    expect(declarationKind(' 305.123.456.780')).toBe('export');
    expect(declarationKey('305-123-456-781')).toBe('30512345678');
    expect(declarationAmendment('305-123-456-782')).toBe(2);
  });
});

describe('tax codes', () => {
  it('accept dots as printed, and the first and last citizen province codes', () => {
    expect(checkTaxCode('0100.109.106')).toEqual({ ok: true, value: '0100109106' });
    expect(checkTaxCode('001000000000').ok).toBe(true);
    expect(checkTaxCode('096000000000').ok).toBe(true);
    expect(checkTaxCode('095000000000').ok).toBe(true);
    expect(checkTaxCode('098000000000')).toMatchObject({ ok: false, rule: 'tax_code_citizen_id' });
    // Thông tư 59/2021/TT-BCA, Phụ lục I: 079 Hồ Chí Minh City, 048 Đà Nẵng, 092 Cần Thơ.
    for (const province of ['079', '048', '092']) expect(checkTaxCode(`${province}085012345`).ok).toBe(true);
  });
});

describe('plate country', () => {
  it('is unknown for an empty plate', () => {
    expect(plateCountry('')).toBeNull();
    expect(plateCountry('   ')).toBeNull();
  });
});

describe('HS codes per country', () => {
  it("a country's schema takes the 6-digit heading or its own length only", () => {
    expect(ZCnHsCodeSchema.safeParse('0810.90.10').success).toBe(false);
    expect(ZCnHsCodeSchema.parse('0810.90')).toBe('081090');
    expect(ZVnHsCodeSchema.parse('0810.90.10')).toBe('08109010');
  });
});

describe('Chinese plates: a plate ending in 挂 is judged as a trailer', () => {
  it('names the trailer shape for a short trailer, the truck shape for a short truck', () => {
    expect(checkCnPlate('云G123挂')).toMatchObject({ ok: false, rule: 'cn_trailer_format' });
    expect(checkCnPlate('云G1234')).toMatchObject({ ok: false, rule: 'cn_plate_format' });
    expect(checkCnPlate('挂G1234')).toMatchObject({ ok: false, rule: 'cn_plate_province' });
  });
});

describe('Vietnamese plates: separators as typed (Thông tư 24/2023/TT-BCA writes 24C-123.45)', () => {
  it.each([
    ['24C  -  123.45', '24C12345'], // several spaces around the dash
    ['24C -123.45', '24C12345'],
    ['24C- 123.45', '24C12345'],
    ['24 C 123.45', '24C12345'],
  ])('accepts %j', (input, value) => {
    expect(checkVnPlate(input)).toEqual({ ok: true, value });
  });
  it.each([
    ['24C-12 345', 'vn_plate_grouping'], // a space in the wrong place is a grouping error too
    ['24 C-123.4', 'vn_plate_grouping'],
    ['29LD-012.3', 'vn_plate_grouping'],
    ['24C123.4', 'vn_plate_grouping'],
    ['24C-123. 45', 'vn_plate_grouping'],
    ['24C/123.4', 'vn_plate_format'], // a slash is no separator
    ['24C-123.456.7', 'vn_plate_format'], // seven digits: not a grouping problem
    ['24C-1.234567', 'vn_plate_format'],
    ['24IC-123.45', 'vn_plate_series'], // I anywhere in the series
  ])('rejects %j (%s)', (input, rule) => {
    expect(checkVnPlate(input)).toMatchObject({ ok: false, rule });
  });
});
