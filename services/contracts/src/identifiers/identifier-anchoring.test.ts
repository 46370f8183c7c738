import { describe, expect, it } from 'vitest';
import type { CheckResult } from './check-result.ts';
import { checkCnCreditCode } from './cn-credit-code.ts';
import { checkCnPlate } from './cn-plate.ts';
import { checkContainerNumber } from './container.ts';
import { checkDeclarationNumber } from './declaration.ts';
import { checkHsCode } from './hs-code.ts';
import { checkTaxCode } from './tax-code.ts';
import { checkVnPlate } from './vn-plate.ts';

/**
 * Every identifier pattern must match the whole input: a valid identifier with one extra
 * character before or after it (a digit or letter, which survives normalisation) is an error.
 * A missing `^` or `$` in any pattern makes one of these pass. (Phone numbers and 4-digit VN
 * plates are left out: one more digit makes another valid value; their length tests cover them.)
 */
const VALID: readonly (readonly [string, (s: string) => CheckResult, string])[] = [
  ['VN plate', checkVnPlate, '24C12345'],
  ['CN plate', checkCnPlate, '云G12345'],
  ['CN new-energy plate', checkCnPlate, '粤BD12345'],
  ['CN trailer plate', checkCnPlate, '云G1234挂'],
  ['container', checkContainerNumber, 'CSQU3054383'],
  ['declaration', checkDeclarationNumber, '305123456780'],
  ['tax code', checkTaxCode, '0100109106'],
  ['tax code, branch', checkTaxCode, '0100109106001'],
  ['tax code, citizen ID', checkTaxCode, '001085012345'],
  ['credit code', checkCnCreditCode, '91350100M000100Y43'],
  ['HS code', checkHsCode, '08109010'],
];

describe('every identifier pattern is anchored', () => {
  it.each(VALID)('%s: the valid example passes', (_name, check, valid) => {
    expect(check(valid)).toEqual({ ok: true, value: valid });
  });
  it.each(VALID)('%s: a character before or after is rejected', (_name, check, valid) => {
    for (const extra of ['1', 'A', '9', 'Z']) {
      expect(check(extra + valid).ok, `${extra}${valid}`).toBe(false);
      expect(check(valid + extra).ok, `${valid}${extra}`).toBe(false);
    }
  });
});
