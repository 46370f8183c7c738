import { describe, expect, it } from 'vitest';
import { checkVnPlate, checkVnTrailerPlate, checkVnTruckPlate, ZVnTruckPlateSchema } from './vn-plate.ts';

describe('checkVnPlate', () => {
  it.each([
    ['24C-123.45', '24C12345'],
    ['24C-1234', '24C1234'],
    ['24c 123 45', '24C12345'],
    [' 29LD-012.34 ', '29LD01234'],
    ['99H-999.99', '99H99999'],
    ['11A-0000', '11A0000'],
  ])('accepts %s as %s', (input, value) => {
    expect(checkVnPlate(input)).toEqual({ ok: true, value });
  });

  it.each([
    ['', 'vn_plate_format'],
    ['24-123.45', 'vn_plate_format'], // no series
    ['24C-123', 'vn_plate_format'], // 3 digits
    ['24C-123456', 'vn_plate_format'], // 6 digits
    ['24ABC-12345', 'vn_plate_format'], // 3-letter series
    ['2C-12345', 'vn_plate_format'],
    ['24C_12345', 'vn_plate_format'],
    ['10C-123.45', 'vn_plate_province'],
    ['05C-123.45', 'vn_plate_province'],
  ])('rejects %j (%s)', (input, rule) => {
    const r = checkVnPlate(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.rule).toBe(rule);
  });

  it('names the format in the message', () => {
    const r = checkVnPlate('xx');
    expect(!r.ok && r.message).toBe('plate must be 2-digit province code + series + 4–5 digits, e.g. 24C-123.45');
  });
});

describe('trucks and trailers', () => {
  it('trailers need series R', () => {
    expect(checkVnTrailerPlate('24R-012.34')).toEqual({ ok: true, value: '24R01234' });
    const r = checkVnTrailerPlate('24C-012.34');
    expect(!r.ok && r.rule).toBe('vn_trailer_series');
  });
  it('trucks may not use series R', () => {
    const r = checkVnTruckPlate('24R-012.34');
    expect(!r.ok && r.rule).toBe('vn_truck_series_r');
    expect(checkVnTruckPlate('24RA-012.34').ok).toBe(true);
  });
  it('schema normalises and reports the rule', () => {
    expect(ZVnTruckPlateSchema.parse('24c-123.45')).toBe('24C12345');
    const res = ZVnTruckPlateSchema.safeParse('24R-012.34');
    expect(res.success).toBe(false);
    expect(res.error?.issues[0]?.message).toMatch(/series R is for trailers/);
  });
});
