import { describe, expect, it } from 'vitest';
import { checkPlate, checkTrailerPlate, plateCountry, ZPlateSchema, ZTrailerPlateSchema } from './plate.ts';

describe('checkPlate (trucks of either side)', () => {
  it('accepts VN and CN trucks', () => {
    expect(checkPlate('24C-123.45')).toEqual({ ok: true, value: '24C12345' });
    expect(checkPlate('云G12345')).toEqual({ ok: true, value: '云G12345' });
  });
  it('lists both forms when the shape is unknown', () => {
    for (const bad of ['', 'ABC', '24-12', '云G1']) {
      const r = checkPlate(bad);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.rule).toBe('plate_format');
        expect(r.message).toContain('24C-123.45');
        expect(r.message).toContain('云G12345');
      }
    }
  });
  it('keeps specific messages for a recognised plate with one problem', () => {
    const r = checkPlate('24R-012.34');
    expect(!r.ok && r.rule).toBe('vn_truck_series_r');
    const c = checkPlate('云G1234挂');
    expect(!c.ok && c.rule).toBe('cn_truck_is_trailer');
    const p = checkPlate('10C-123.45');
    expect(!p.ok && p.rule).toBe('vn_plate_province');
  });
  it('detects the country', () => {
    expect(plateCountry(' 24C')).toBe('VN');
    expect(plateCountry('云G')).toBe('CN');
    expect(plateCountry('X')).toBeNull();
  });
});

describe('checkTrailerPlate', () => {
  it('accepts either trailer kind and rejects trucks', () => {
    expect(checkTrailerPlate('24R-012.34')).toEqual({ ok: true, value: '24R01234' });
    expect(checkTrailerPlate('云G1234挂')).toEqual({ ok: true, value: '云G1234挂' });
    expect(checkTrailerPlate('24C-012.34').ok).toBe(false);
    const r = checkTrailerPlate('云G12345');
    expect(!r.ok && r.message).toContain('24R-012.34');
  });
  it('schemas normalise', () => {
    expect(ZPlateSchema.parse('24c 123.45')).toBe('24C12345');
    expect(ZTrailerPlateSchema.parse('24r-012.34')).toBe('24R01234');
  });
});
