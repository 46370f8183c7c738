import { describe, expect, it } from 'vitest';
import { stagesFor } from './stages-for.ts';

describe('stagesFor', () => {
  it.each([
    [null, [], false, ['documents', 'gate']],
    ['green', [], false, ['gate']],
    ['yellow', [], false, ['documents', 'gate']],
    ['red', [], false, ['documents', 'xray', 'gate']],
    ['red', ['xray'], false, ['documents', 'xray', 'gate']],
    ['red', ['physical'], false, ['documents', 'physical', 'gate']],
    ['red', ['xray', 'physical'], false, ['documents', 'physical', 'gate']],
    ['green', [], true, ['quarantine', 'gate']],
    [null, [], true, ['documents', 'quarantine', 'gate']],
    ['red', ['physical'], true, ['documents', 'physical', 'quarantine', 'gate']],
    ['yellow', ['quarantine'], false, ['documents', 'quarantine', 'gate']],
  ] as const)('%s %j plant/animal=%s → %j', (channel, inspectionModes, plantOrAnimal, expected) => {
    expect(stagesFor({ channel, inspectionModes, plantOrAnimal })).toEqual(expected);
  });

  it('puts fruit through quarantine even when the driver says it is not plant or animal goods', () => {
    expect(stagesFor({ channel: 'green', plantOrAnimal: false, hsCodes: ['0810.90.10'] })).toEqual(['quarantine', 'gate']);
    expect(stagesFor({ channel: 'green', plantOrAnimal: false, hsCodes: ['6907.21.10'] })).toEqual(['gate']);
  });

  it('always ends at the gate and never repeats a stage', () => {
    const s = stagesFor({ channel: 'red', inspectionModes: ['quarantine', 'physical'], plantOrAnimal: true });
    expect(s.at(-1)).toBe('gate');
    expect(new Set(s).size).toBe(s.length);
  });
});
