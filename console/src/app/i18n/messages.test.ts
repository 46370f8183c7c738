import { describe, expect, it } from 'vitest';
import { PRIORITY_CLASSES, STAGES, ZDirectionSchema, ZLaneOccupancySchema, ZLaneStatusSchema, ZRoleSchema, ZTripStateSchema, ERROR_CODES } from '@borderflow/contracts';
import { FEATURE_MESSAGES, DICTIONARY } from './messages.ts';
import { keyMismatches, untranslatedKeys } from './untranslated.ts';
import { missingKeys, translate, translateAny } from './translate.ts';
import { parseLocale } from './define-messages.ts';

describe('dictionaries', () => {
  it('never define one key in two feature files', () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const [feature, messages] of Object.entries(FEATURE_MESSAGES)) {
      for (const key of Object.keys(messages.vi)) {
        if (owner.has(key)) clashes.push(`${key}: ${owner.get(key)} and ${feature}`);
        owner.set(key, feature);
      }
    }
    expect(clashes).toEqual([]);
  });

  it('have the same keys in every language and no copied English', () => {
    expect(keyMismatches()).toEqual([]);
    expect(untranslatedKeys('zh')).toEqual([]);
    expect(untranslatedKeys('vi')).toEqual([]);
  });

  it('have a word for every stage, class, direction, lane status, occupancy, trip state, role and error code', () => {
    const keys = [
      ...STAGES.map((v) => `stage.${v}`),
      ...PRIORITY_CLASSES.map((v) => `class.${v}`),
      ...ZDirectionSchema.options.map((v) => `dir.${v}`),
      ...ZLaneStatusSchema.options.map((v) => `laneStatus.${v}`),
      ...ZLaneOccupancySchema.options.map((v) => `occ.${v}`),
      ...ZTripStateSchema.options.map((v) => `tripState.${v}`),
      ...ZRoleSchema.options.map((v) => `role.${v}`),
      ...ERROR_CODES.map((v) => `error.${v}`),
    ];
    for (const locale of ['vi', 'en', 'zh'] as const) {
      expect(keys.filter((key) => DICTIONARY[locale][key] === undefined), locale).toEqual([]);
    }
  });

  it('keep every {placeholder} of the Vietnamese text in the other languages', () => {
    const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const broken = Object.entries(DICTIONARY.vi).flatMap(([key, vi]) =>
      (['en', 'zh'] as const).filter((l) => names(DICTIONARY[l][key] ?? '').join() !== names(vi).join()).map((l) => `${l}:${key}`),
    );
    expect(broken).toEqual([]);
  });
});

describe('translate', () => {
  it('fills placeholders', () => {
    expect(translate('en', 'unit.trucks', { count: 3 })).toBe('3 trucks');
    expect(translate('zh', 'unit.trucks', { count: 3 })).toBe('3 辆车');
  });

  it('shows an unknown run-time key as its fallback and records it as missing', () => {
    expect(translateAny('zh', 'error.SOMETHING_NEW', undefined, 'SOMETHING_NEW')).toBe('SOMETHING_NEW');
    expect(missingKeys.has('zh:error.SOMETHING_NEW')).toBe(true);
    expect(translateAny('en', 'error.NOT_FOUND')).toBe('Not found');
  });

  it('reads stored languages, Vietnamese for anything else', () => {
    expect(parseLocale('zh-CN')).toBe('zh');
    expect(parseLocale('en')).toBe('en');
    expect(parseLocale('fr')).toBe('vi');
    expect(parseLocale(null)).toBe('vi');
  });
});
