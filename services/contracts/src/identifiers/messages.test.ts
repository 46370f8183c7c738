import { describe, expect, it } from 'vitest';
import type { CheckResult } from './check-result.ts';
import { zodFromCheck } from './check-result.ts';
import { checkCnCreditCode, ZCnCreditCodeSchema } from './cn-credit-code.ts';
import { checkCnPlate, checkCnTrailerPlate, checkCnTruckPlate, ZCnPlateSchema, ZCnTrailerPlateSchema, ZCnTruckPlateSchema } from './cn-plate.ts';
import { checkContainerNumber, ZContainerNumberSchema } from './container.ts';
import { checkDeclarationNumber, ZDeclarationNumberSchema } from './declaration.ts';
import { checkHsCode, ZCnHsCodeSchema, ZHsCodeSchema, ZVnHsCodeSchema } from './hs-code.ts';
import { checkPhone, ZPhoneSchema } from './phone.ts';
import { checkTrailerPlate, ZPlateSchema, ZTrailerPlateSchema } from './plate.ts';
import { checkTaxCode, ZTaxCodeSchema } from './tax-code.ts';
import { checkVnPlate, checkVnTrailerPlate, checkVnTruckPlate, ZVnPlateSchema, ZVnTrailerPlateSchema, ZVnTruckPlateSchema } from './vn-plate.ts';

/**
 * docs/api-conventions.md: bad input gets a message that names the rule and shows a valid example,
 * and the OpenAPI document describes each identifier field. These check each rule's message says
 * what the rule is (not its exact wording), and that every schema carries its description.
 */
function message(r: CheckResult): string {
  if (r.ok) throw new Error(`expected a failure, got ${r.value}`);
  return r.message;
}

describe('every rule says what is wrong and how it should look', () => {
  it('HS codes', () => {
    expect(message(checkHsCode('08A1'))).toMatch(/digits only.*0810\.90\.10/);
    expect(message(checkHsCode('0810901'))).toMatch(/6 digits.*8 digits \(Vietnam\).*10 digits \(China\)/);
    expect(checkHsCode('0810901000', 'VN')).toEqual({
      ok: false, rule: 'hs_code_length_vn', message: expect.stringMatching(/6 digits.* or 8 digits for Vietnam, e\.g\. 0810\.90\.10$/),
    });
    expect(checkHsCode('08109010', 'CN')).toEqual({
      ok: false, rule: 'hs_code_length_cn', message: expect.stringMatching(/6 digits.* or 10 digits for China, e\.g\. 0810\.9010\.00$/),
    });
    expect(message(checkHsCode('98109010'))).toMatch(/chapter must be 01–97.*77.*got 98$/);
  });

  it('container numbers', () => {
    expect(message(checkContainerNumber('CSQ3054383'))).toMatch(/owner code.*U, J or Z.*CSQU3054383/);
  });

  it('tax codes', () => {
    expect(message(checkTaxCode('12345'))).toMatch(/10 digits.*13 for a branch.*0101234567-001.*12-digit citizen ID/);
    expect(message(checkTaxCode('0000000000'))).toMatch(/first 9 digits give no possible check digit/);
    expect(message(checkTaxCode('0100109106-000'))).toMatch(/branch number must be 001–999/);
    expect(message(checkTaxCode('097085012345'))).toMatch(/citizen ID.*province code.*got 097$/);
  });

  it('credit codes', () => {
    expect(message(checkCnCreditCode('123'))).toMatch(/18 digits\/letters.*91350100M000100Y43/);
    expect(message(checkCnCreditCode('91350100M000100Y44'))).toMatch(/check character should be 3$/);
  });

  it('declaration numbers', () => {
    expect(message(checkDeclarationNumber('505123456780'))).toMatch(/start with 1 \(import\) or 3 \(export\), got 5$/);
  });

  it('phones', () => {
    expect(message(checkPhone('12'))).toMatch(/8–15 digits.*\+.*\+84 912 345 678/);
  });

  it('Vietnamese plates', () => {
    expect(message(checkVnPlate('24I-123.45'))).toMatch(/never include I, J, O, Q or W, got I$/);
    expect(message(checkVnTrailerPlate('24C-012.34'))).toMatch(/series R, e\.g\. 24R-012\.34/);
    expect(checkVnTrailerPlate('xx')).toEqual({
      ok: false, rule: 'vn_plate_format', message: expect.stringMatching(/^trailer plate must be .*series R.*24R-012\.34/),
    });
    // A trailer plate with another problem keeps that problem's rule.
    expect(checkVnTrailerPlate('10R-012.34')).toMatchObject({ ok: false, rule: 'vn_plate_province' });
    expect(checkVnTrailerPlate('24R-012.3')).toMatchObject({ ok: false, rule: 'vn_plate_grouping' });
    expect(message(checkVnTruckPlate('24R-012.34'))).toMatch(/trailer plate, not the truck plate/);
  });

  it('Chinese plates', () => {
    expect(message(checkCnPlate('A12345'))).toMatch(/province character \(京.*琼\), e\.g\. 云G12345/);
    expect(message(checkCnPlate('云GI2345'))).toMatch(/never use the letters I or O/);
    expect(message(checkCnTruckPlate('云G123456'))).toMatch(/new-energy plate.*D or F.*粤BD12345/);
    expect(message(checkCnTruckPlate('云G1234'))).toMatch(/^plate must be province character \+ letter \+ 5/);
    expect(message(checkCnTruckPlate('云G1234挂'))).toMatch(/trailers: enter it as the trailer plate/);
    expect(checkCnTrailerPlate('云G123挂')).toEqual({
      ok: false, rule: 'cn_trailer_format', message: expect.stringMatching(/^trailer plate must be .*4 letters\/digits \+ 挂, e\.g\. 云G1234挂$/),
    });
    // A 6-character trailer is a trailer shape problem, not a new-energy one.
    expect(checkCnTrailerPlate('云G123456')).toMatchObject({ ok: false, rule: 'cn_trailer_format' });
  });

  it('plates of either side', () => {
    expect(checkTrailerPlate('X')).toEqual({
      ok: false, rule: 'trailer_plate_format',
      message: expect.stringMatching(/Vietnamese trailer plate .*24R-012\.34.*Chinese trailer plate .*云G1234挂/),
    });
    // An unknown first character and an empty plate get the two-country message.
    expect(checkTrailerPlate('')).toMatchObject({ ok: false, rule: 'trailer_plate_format' });
    expect(checkTrailerPlate('24C-12')).toMatchObject({ ok: false, rule: 'trailer_plate_format' });
    expect(checkTrailerPlate('云G12')).toMatchObject({ ok: false, rule: 'trailer_plate_format' });
  });
});

describe('schemas', () => {
  it('carry the rule name and zod\'s custom code on the issue', () => {
    const issue = ZContainerNumberSchema.safeParse('CSQU3054384').error?.issues[0];
    expect(issue).toMatchObject({ code: 'custom', params: { rule: 'container_check_digit' } });
  });

  it('keep the input as typed when it is invalid, and the normalised form when valid', () => {
    const schema = zodFromCheck(checkPhone);
    expect(schema.description).toBeUndefined();
    expect(schema.parse(' +84 912 345 678 ')).toBe('+84912345678');
    expect(schema.safeParse('x').success).toBe(false);
  });

  it.each([
    [ZCnCreditCodeSchema, /unified social credit code/],
    [ZCnPlateSchema, /^Chinese plate: province character/],
    [ZCnTruckPlateSchema, /^Chinese truck plate: /],
    [ZCnTrailerPlateSchema, /^Chinese trailer plate: .*挂/],
    [ZContainerNumberSchema, /ISO 6346 container number/],
    [ZDeclarationNumberSchema, /VNACCS declaration number, 12 digits/],
    [ZHsCodeSchema, /6 digits.*8 \(Vietnam\).*10 \(China\)/],
    [ZVnHsCodeSchema, /Vietnamese HS code, 8 digits/],
    [ZCnHsCodeSchema, /Chinese HS code, 10 digits/],
    [ZPhoneSchema, /Phone number/],
    [ZPlateSchema, /^Truck plate: a Vietnamese plate .* or a Chinese plate/],
    [ZTrailerPlateSchema, /^Trailer plate: a Vietnamese trailer plate/],
    [ZTaxCodeSchema, /Vietnamese tax code \(MST\)/],
    [ZVnPlateSchema, /^Vietnamese plate: 2-digit province code/],
    [ZVnTruckPlateSchema, /^Vietnamese truck plate: /],
    [ZVnTrailerPlateSchema, /^Vietnamese trailer plate, series R/],
  ])('describe the field for /openapi.json (%#)', (schema, description) => {
    expect(schema.description).toMatch(description);
  });
});
