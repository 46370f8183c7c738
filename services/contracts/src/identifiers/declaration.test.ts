import { describe, expect, it } from 'vitest';
import { checkDeclarationNumber, declarationAmendment, declarationKey, ZDeclarationNumberSchema } from './declaration.ts';

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
  it('splits key and amendment count', () => {
    expect(declarationKey('305123456781')).toBe('30512345678');
    expect(declarationAmendment('305123456781')).toBe(1);
    expect(declarationAmendment('305123456780')).toBe(0);
    expect(declarationKey('305123456780')).toBe(declarationKey('305123456789'));
  });
});
