import { describe, expect, it } from 'vitest';
import { VN_PROVINCE_CODES, checkVnPlate, checkVnTrailerPlate, checkVnTruckPlate, ZVnTruckPlateSchema } from './vn-plate.ts';

// Rules: Thông tư 24/2023/TT-BCA (vehicle registration): plate = province code + series + number,
// five digits written 123.45, four written 1234; series letters exclude I, J, O, Q, W; province
// codes from its Phụ lục 02. DESIGN.md "Identifiers": no silent repair.
describe('checkVnPlate', () => {
  it.each([
    ['24C-123.45', '24C12345'],
    ['24C-1234', '24C1234'],
    ['24C12345', '24C12345'], // the stored form comes back in unchanged
    ['24c 123 45', '24C12345'],
    [' 29LD-012.34 ', '29LD01234'],
    ['99H-999.99', '99H99999'],
    ['11A-0000', '11A0000'],
    ['80A-123.45', '80A12345'], // central agencies
    ['24C–123.45', '24C12345'], // en dash
    ['24C - 123.45', '24C12345'], // spaces around the dash
    ['２４Ｃ－１２３．４５', '24C12345'], // full width
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
    ['124C12345', 'vn_plate_format'], // anchored at the start
    ['24C123456', 'vn_plate_format'], // anchored at the end
    ['x24C-123.45', 'vn_plate_format'],
    ['24C-123.45x', 'vn_plate_format'],
    ['24C-I23.45', 'vn_plate_format'], // no silent repair of I into 1
    ['24C-123.4', 'vn_plate_grouping'],
    ['24C-12.345', 'vn_plate_grouping'],
    ['24C-1.234', 'vn_plate_grouping'],
    ['24C-12.34', 'vn_plate_grouping'], // four digits are not split
    ['24C-1234.5', 'vn_plate_grouping'],
    ['10C-123.45', 'vn_plate_province'],
    ['05C-123.45', 'vn_plate_province'],
    ['13C-123.45', 'vn_plate_province'],
    ['42C-123.45', 'vn_plate_province'],
    ['96C-123.45', 'vn_plate_province'],
    ['24I-123.45', 'vn_plate_series'],
    ['24J-123.45', 'vn_plate_series'],
    ['24O-123.45', 'vn_plate_series'],
    ['24Q-123.45', 'vn_plate_series'],
    ['24W-123.45', 'vn_plate_series'],
    ['24CI-2345', 'vn_plate_series'],
  ])('rejects %j (%s)', (input, rule) => {
    const r = checkVnPlate(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.rule).toBe(rule);
  });

  it('knows exactly the codes in use', () => {
    const unused = ['13', '42', '44', '45', '46', '87', '91', '96'];
    for (let n = 0; n <= 99; n++) {
      const code = String(n).padStart(2, '0');
      expect(VN_PROVINCE_CODES.has(code)).toBe(n >= 11 && !unused.includes(code));
    }
  });

  it('names the format, the grouping and the code in the message', () => {
    const r = checkVnPlate('xx');
    expect(!r.ok && r.message).toBe('plate must be 2-digit province code + series + 4–5 digits, e.g. 24C-123.45');
    const g = checkVnPlate('24C-123.4');
    expect(!g.ok && g.message).toMatch(/123\.45/);
    const p = checkVnPlate('13C-123.45');
    expect(!p.ok && p.message).toMatch(/got 13$/);
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
