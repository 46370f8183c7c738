/**
 * The province feed's format is a published contract (LGSP / IOC consumers parse it): a fixed example must
 * validate, and the field names are pinned, so adding, renaming or dropping a field is a reviewed change here.
 */
import { describe, expect, it } from 'vitest';
import {
  PROVINCE_EVENT_FIELDS,
  PROVINCE_HOURLY_FIELDS,
  PROVINCE_LICENCE,
  ZDataDictionaryFieldSchema,
  ZProvinceEventPageSchema,
  ZProvinceHourlyStatsSchema,
  ZProvinceTripEventSchema,
} from './province.ts';

const REF = 'a'.repeat(64);

const EXAMPLE_EVENT = {
  id: 'KT:42',
  seq: 42,
  type: 'trip_called',
  at: '2026-12-06T08:15:00.000+07:00',
  gate: 'KT',
  direction: 'exit',
  priorityClass: 'perishable',
  state: 'called',
  stage: 'documents',
  lane: 'KT-X1',
  vehicleRef: REF,
  tripRef: 'b'.repeat(64),
} as const;

const EXAMPLE_HOURLY = {
  gate: 'KT',
  timeZone: 'Asia/Ho_Chi_Minh',
  from: '2026-12-06T00:00:00.000+07:00',
  to: '2026-12-07T00:00:00.000+07:00',
  licence: PROVINCE_LICENCE,
  hours: [
    { hour: '2026-12-06T08:00:00.000+07:00', direction: 'exit', priorityClass: 'ordinary', crossed: 12, called: 14, waitMinP50: 35, waitMinP90: 80, queueAtHourEnd: 9 },
  ],
};

describe('the province feed contract', () => {
  it('accepts the documented examples', () => {
    expect(ZProvinceHourlyStatsSchema.parse(EXAMPLE_HOURLY)).toEqual(EXAMPLE_HOURLY);
    expect(ZProvinceEventPageSchema.parse({ events: [EXAMPLE_EVENT], nextCursor: null, licence: PROVINCE_LICENCE }).events[0]).toEqual(EXAMPLE_EVENT);
  });

  it('pins the field names (a change here is a change of the published format)', () => {
    expect(Object.keys(ZProvinceTripEventSchema.shape)).toMatchInlineSnapshot(`
      [
        "id",
        "seq",
        "type",
        "at",
        "gate",
        "direction",
        "priorityClass",
        "state",
        "stage",
        "lane",
        "vehicleRef",
        "tripRef",
      ]
    `);
    expect(Object.keys(ZProvinceHourlyStatsSchema.shape)).toMatchInlineSnapshot(`
      [
        "gate",
        "timeZone",
        "from",
        "to",
        "licence",
        "hours",
      ]
    `);
    expect(Object.keys(ZProvinceHourlyStatsSchema.shape.hours.element.shape)).toMatchInlineSnapshot(`
      [
        "hour",
        "direction",
        "priorityClass",
        "crossed",
        "called",
        "waitMinP50",
        "waitMinP90",
        "queueAtHourEnd",
      ]
    `);
  });

  it('refuses personal data: an extra field, a raw plate as vehicleRef, a time without offset', () => {
    for (const extra of [{ plate: '24C12345' }, { driverName: 'Nguyễn Văn An' }, { phone: '+84912345678' }, { declaration: '300000000010' }, { companyId: 'c1' }]) {
      expect(ZProvinceTripEventSchema.safeParse({ ...EXAMPLE_EVENT, ...extra }).success, JSON.stringify(extra)).toBe(false);
    }
    expect(ZProvinceTripEventSchema.safeParse({ ...EXAMPLE_EVENT, vehicleRef: '24C-123.45' }).success).toBe(false);
    expect(ZProvinceTripEventSchema.safeParse({ ...EXAMPLE_EVENT, at: '2026-12-06T08:15:00' }).success).toBe(false);
  });

  it('describes every published field in the data dictionary, in English and Vietnamese', () => {
    const eventNames = PROVINCE_EVENT_FIELDS.map((f) => f.name);
    expect(eventNames).toEqual(Object.keys(ZProvinceTripEventSchema.shape));
    const hourNames = PROVINCE_HOURLY_FIELDS.map((f) => f.name);
    expect(hourNames).toEqual(['gate', ...Object.keys(ZProvinceHourlyStatsSchema.shape.hours.element.shape)]);
    for (const f of [...PROVINCE_EVENT_FIELDS, ...PROVINCE_HOURLY_FIELDS]) ZDataDictionaryFieldSchema.parse(f);
  });
});
