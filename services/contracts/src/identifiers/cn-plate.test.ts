import { describe, expect, it } from 'vitest';
import { CN_PROVINCES, checkCnPlate, checkCnTrailerPlate, checkCnTruckPlate, ZCnPlateSchema } from './cn-plate.ts';

// Rules: GA 36-2018 机动车号牌 (Ministry of Public Security): province + office letter + 5;
// new-energy plates 6 with D/F first (small) or last (large); 粤Z…港/澳 for Hong Kong/Macau
// cross-border vehicles; trailers end in 挂; no I or O.

describe('checkCnTruckPlate', () => {
  it.each([
    ['云G12345', '云G12345'],
    ['云g·1234a', '云G1234A'],
    ['云G 12345', '云G12345'],
    ['粤BD12345', '粤BD12345'], // new-energy small vehicle, D first
    ['粤BF12345', '粤BF12345'], // new-energy, F first
    ['云G12345D', '云G12345D'], // new-energy large vehicle, D last
    ['云G12345F', '云G12345F'],
    ['粤Z1234港', '粤Z1234港'], // Guangdong plate of a Hong Kong vehicle
    ['粤Z·A123澳', '粤ZA123澳'], // … of a Macau vehicle
    ['云Ｇ１２３４５', '云G12345'], // full width
    ['京A-ABC12', '京AABC12'],
  ])('accepts %s', (input, value) => {
    expect(checkCnTruckPlate(input)).toEqual({ ok: true, value });
  });

  it('knows the 31 provinces', () => {
    expect([...CN_PROVINCES]).toHaveLength(31);
    for (const p of CN_PROVINCES) expect(checkCnTruckPlate(`${p}A12345`).ok).toBe(true);
  });

  it.each([
    ['', 'cn_plate_province'],
    ['港A12345', 'cn_plate_province'], // Hong Kong is not a mainland province prefix
    ['A12345', 'cn_plate_province'],
    ['云I12345', 'cn_plate_no_i_o'],
    ['云G1O345', 'cn_plate_no_i_o'],
    ['云G1234', 'cn_plate_format'], // too short
    ['云G1234567', 'cn_plate_format'], // too long
    ['云112345', 'cn_plate_format'], // office must be a letter
    ['云G1234挂', 'cn_truck_is_trailer'],
    ['云G123456', 'cn_plate_new_energy'], // 6 characters without D/F
    ['粤BA12345', 'cn_plate_new_energy'],
    ['云G1D2345', 'cn_plate_new_energy'], // D in the middle is not a new-energy mark
    ['粤Z12345港', 'cn_plate_format'], // 港 plates have 4 characters before it
    ['云Z1234港', 'cn_plate_format'], // only Guangdong issues them
    ['x云G12345', 'cn_plate_province'], // anchored at the start
    ['云G12345港', 'cn_plate_format'], // anchored at the end
  ])('rejects %j (%s)', (input, rule) => {
    const r = checkCnTruckPlate(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.rule).toBe(rule);
  });
});

describe('trailers', () => {
  it('end in 挂 with 4 characters before it', () => {
    expect(checkCnTrailerPlate('云G·1234挂')).toEqual({ ok: true, value: '云G1234挂' });
    const r = checkCnTrailerPlate('云G12345挂');
    expect(!r.ok && r.rule).toBe('cn_trailer_format');
    expect(checkCnTrailerPlate('云G12345').ok).toBe(false);
  });
  it('checkCnPlate accepts both', () => {
    expect(checkCnPlate('云G12345').ok).toBe(true);
    expect(checkCnPlate('云G1234挂').ok).toBe(true);
    expect(ZCnPlateSchema.parse('云g 1234 挂')).toBe('云G1234挂');
  });
});
