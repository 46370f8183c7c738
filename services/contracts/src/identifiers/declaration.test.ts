import { describe, expect, it } from 'vitest';
import { checkDeclarationNumber, declarationAmendment, declarationKey, declarationKind, ZDeclarationNumberSchema } from './declaration.ts';

// Rules: VNACCS "Số tờ khai", 12 digits, the 12th counting amendments; the first digit is the kind
// (1 = import, 3 = export) per Tổng cục Hải quan's VNACCS data-entry guide (Thông tư 39/2018/TT-BTC, Phụ lục II).

describe('VNACCS declaration numbers', () => {
  it('accepts 12 digits, normalising separators', () => {
    expect(checkDeclarationNumber('305123456780')).toEqual({ ok: true, value: '305123456780' });
    expect(checkDeclarationNumber(' 3051 2345 6780 ')).toEqual({ ok: true, value: '305123456780' });
    expect(ZDeclarationNumberSchema.parse('305.123.456.781')).toBe('305123456781');
  });
  it.each(['', '30512345678', '3051234567801', '30512345678A', '-'])('rejects %j', (bad) => {
    const r = checkDeclarationNumber(bad);
    expect(!r.ok && r.rule).toBe('declaration_format');
    expect(!r.ok && r.message).toMatch(/12 digits/);
  });
  it('reads the kind from the first digit', () => {
    expect(checkDeclarationNumber('105123456780')).toEqual({ ok: true, value: '105123456780' });
    expect(declarationKind('105123456780')).toBe('import');
    expect(declarationKind('305123456780')).toBe('export');
    expect(declarationKind('505123456780')).toBeNull();
  });
  it.each(['005123456780', '205123456780', '405123456780', '905123456780'])('rejects the kind of %s', (bad) => {
    const r = checkDeclarationNumber(bad);
    expect(!r.ok && r.rule).toBe('declaration_kind');
    expect(!r.ok && r.message).toMatch(new RegExp(`got ${bad.charAt(0)}$`));
  });
  it.each(['X305123456780', '3051234567800', '1305123456780'])('is anchored: rejects %s', (bad) => {
    expect(checkDeclarationNumber(bad)).toMatchObject({ ok: false, rule: 'declaration_format' });
  });
  it('splits key and amendment count', () => {
    expect(declarationKey('305123456781')).toBe('30512345678');
    expect(declarationAmendment('305123456781')).toBe(1);
    expect(declarationAmendment('305123456780')).toBe(0);
    expect(declarationKey('305123456780')).toBe(declarationKey('305123456789'));
  });
});
