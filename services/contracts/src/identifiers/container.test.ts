import { describe, expect, it } from 'vitest';
import { checkContainerNumber, containerCheckDigit, ZContainerNumberSchema } from './container.ts';

describe('ISO 6346 container numbers', () => {
  it.each([
    ['CSQU3054383', 'CSQU3054383'], // the standard's own example
    ['csqu 305438 3', 'CSQU3054383'],
    ['CSQU-305438-3', 'CSQU3054383'],
    ['MSCU1234566', 'MSCU1234566'],
    ['MAEU1234567', 'MAEU1234567'],
    ['HLXU1234561', 'HLXU1234561'],
    ['COSU8001236', 'COSU8001236'],
    ['ABCJ0000004', 'ABCJ0000004'], // J: detachable equipment
    ['XYZZ9999992', 'XYZZ9999992'], // Z: trailer/chassis
  ])('accepts %s', (input, value) => {
    expect(checkContainerNumber(input)).toEqual({ ok: true, value });
  });

  it('computes check digits (letters skip multiples of 11; 10 → 0)', () => {
    expect(containerCheckDigit('CSQU305438')).toBe(3);
    expect(containerCheckDigit('CMAU123456')).toBe(4);
  });

  it('names the right check digit', () => {
    expect(checkContainerNumber('CSQU3054384')).toEqual({
      ok: false,
      rule: 'container_check_digit',
      message: 'container number check digit should be 3',
      params: { expected: '3' },
    });
  });

  it.each(['', 'CSQU305438', 'CSQX3054383', 'CS1U3054383', 'CSQU30543833', 'CSQU30543A3'])('rejects shape %j', (bad) => {
    const r = checkContainerNumber(bad);
    expect(!r.ok && r.rule).toBe('container_format');
  });

  it('schema carries the message', () => {
    const r = ZContainerNumberSchema.safeParse('MSCU1234560');
    expect(r.error?.issues[0]?.message).toBe('container number check digit should be 6');
  });
});
