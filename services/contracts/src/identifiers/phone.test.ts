import { describe, expect, it } from 'vitest';
import { checkPhone } from './phone.ts';

describe('checkPhone', () => {
  it.each([
    ['0912 345 678', '0912345678'],
    ['+84 912-345-678', '+84912345678'],
    ['+86 (138) 0000.0000', '+8613800000000'],
  ])('accepts %j', (input, value) => expect(checkPhone(input)).toEqual({ ok: true, value }));
  it.each(['', '12345', '+84 abc 345 678', '0912+345678', '1234567890123456'])('rejects %j', (bad) => {
    expect(checkPhone(bad)).toMatchObject({ ok: false, rule: 'phone_format' });
  });
});
