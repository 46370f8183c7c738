import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Trip } from '../trip.ts';
import { ZMovementNoticeEnvelopeSchema, ZMovementNoticeSchema, type MovementNoticeInput } from './movement-notice.ts';
import { movementNoticeFromTrip } from './movement-notice-from-trip.ts';
import { exampleHeader, exampleNotice } from './test-fixtures.ts';
import { expectFailure } from './test-failure.ts';

const failure = (input: unknown, schema: z.ZodType = ZMovementNoticeSchema) => expectFailure(schema, input);

describe('ZMovementNoticeSchema', () => {
  it('accepts a full notice and normalises identifiers', () => {
    const n = ZMovementNoticeSchema.parse(exampleNotice());
    expect(n.vehicle.plate).toBe('24C12345');
    expect(n.trailer?.plate).toBe('24R01234');
    expect(n.driver.phone).toBe('+84912345678');
    expect(n.declarations[1]).toEqual({ number: '305123456791', tradeType: 'E52', customsOffice: '13BB' });
    expect(n.cargo[0]?.hsCode).toBe('08109010');
    expect(n.parties[1]?.taxId).toBe('91350100M000100Y43');
  });

  it('travels in its envelope', () => {
    const env = ZMovementNoticeEnvelopeSchema.parse({ ...exampleHeader('movement_notice'), payload: exampleNotice() });
    expect(env.payload.tripId).toBe('trip_01JX2K');
    expect(failure({ ...exampleHeader('gate_event'), payload: exampleNotice() }, ZMovementNoticeEnvelopeSchema).field).toBe('kind');
  });

  it('accepts a Chinese truck without trailer, containers or parties (empty return)', () => {
    const n: MovementNoticeInput = { ...exampleNotice(), direction: 'entry', vehicle: { plate: '云G12345', nationality: 'CN' }, trailer: null, containers: [], parties: [], cargo: [], declarations: [] };
    expect(ZMovementNoticeSchema.safeParse(n).success).toBe(true);
  });

  const n = exampleNotice;
  it.each<[string, MovementNoticeInput, string, RegExp, string?]>([
    ['trade type', { ...n(), declarations: [{ number: '305123456780', tradeType: 'X11', customsOffice: '13BB' }] }, 'declarations.0.tradeType', /VNACCS type code/],
    ['customs office', { ...n(), declarations: [{ number: '305123456780', tradeType: 'B11', customsOffice: 'LAOCAI' }] }, 'declarations.0.customsOffice', /2 digits \+ 2/],
    ['declaration number', { ...n(), declarations: [{ number: '3051234', tradeType: 'B11', customsOffice: '13BB' }] }, 'declarations.0.number', /12 digits/, 'declaration_format'],
    ['duplicate declaration (same key, other amendment)', { ...n(), declarations: [{ number: '305123456780', tradeType: 'B11', customsOffice: '13BB' }, { number: '305123456781', tradeType: 'B11', customsOffice: '13BB' }], cargo: [] }, 'declarations.1.number', /listed twice/, 'duplicate'],
    ['VN tax id', { ...n(), parties: [{ role: 'exporter', country: 'VN', name: 'A', taxId: '0100109107' }] }, 'parties.0.taxId', /check digit should be 6/, 'tax_code_check_digit'],
    ['CN tax id', { ...n(), parties: [{ role: 'importer', country: 'CN', name: 'B', taxId: '91350100M000100Y44' }] }, 'parties.0.taxId', /check character should be 3/, 'cn_credit_code_check'],
    ['plate nationality', { ...n(), vehicle: { plate: '24C-123.45', nationality: 'CN' } }, 'vehicle.nationality', /does not match a VN plate/, 'plate_nationality'],
    ['truck plate', { ...n(), vehicle: { plate: 'ABC', nationality: 'VN' } }, 'vehicle.plate', /24C-123\.45/, 'plate_format'],
    ['trailer plate', { ...n(), trailer: { plate: '24C-123.45' } }, 'trailer.plate', /series R/],
    ['container', { ...n(), containers: [{ number: 'CSQU3054384', seals: [] }] }, 'containers.0.number', /check digit should be 3/, 'container_check_digit'],
    ['HS code', { ...n(), cargo: [{ description: 'x', hsCode: '0810', packages: 1, grossKg: 1 }] }, 'cargo.0.hsCode', /8 digits/, 'hs_code_length'],
    ['packages', { ...n(), cargo: [{ description: 'x', hsCode: '08109010', packages: 0, grossKg: 1 }] }, 'cargo.0.packages', /more than 0/],
    ['cargo declaration', { ...n(), cargo: [{ description: 'x', hsCode: '08109010', packages: 1, grossKg: 1, declarationNumber: '199999999990' }] }, 'cargo.0.declarationNumber', /not among/, 'unknown_declaration'],
    ['package type', { ...n(), cargo: [{ description: 'x', hsCode: '08109010', packages: 1, grossKg: 1, packageType: 'CARTON' }] }, 'cargo.0.packageType', /Rec\. 21/],
    ['arrival offset', { ...n(), expectedArrivalAt: '2025-06-01T01:30:00Z' }, 'expectedArrivalAt', /\+07:00/, 'datetime_offset'],
    ['revision', { ...n(), revision: -1 }, 'revision', /0 or more/],
  ])('rejects a bad %s, naming field and rule', (_what, input, field, message, rule) => {
    const f = failure(input);
    expect(f.field).toBe(field);
    expect(f.message).toMatch(message);
    if (rule) expect(f.rule).toBe(rule);
  });

  it('rejects unknown fields', () => {
    expect(failure({ ...exampleNotice(), colour: 'red' })).toMatchObject({ field: 'colour', message: 'unknown field' });
    expect(failure({ ...exampleNotice(), driver: { fullName: 'A', phone: '0912345678', age: 40 } })).toMatchObject({ field: 'driver.age', message: 'unknown field' });
  });
});

describe('movementNoticeFromTrip', () => {
  const trip: Parameters<typeof movementNoticeFromTrip>[0] = {
    id: 'trip_9',
    direction: 'exit',
    vehicle: { plate: '24C12345', trailerPlate: null },
    driver: { fullName: 'Trần Thị Bình', phone: '+84912345678', licenseNo: null },
    cargo: [{ description: 'Vải thiều', hsCode: '08109010', packages: 10, grossKg: 100, perishable: true, plantOrAnimal: true }],
    containers: [{ number: 'CSQU3054383', seals: ['S1'] }],
    declarations: ['305123456782', '305987654320'],
    expectedArrival: '2025-06-01T01:30:00.000Z',
    revisions: 2,
  } satisfies Partial<Trip>;

  it('fills trade type, office and times, and validates', () => {
    const n = movementNoticeFromTrip(trip, { customsOffice: '13BB', declarations: { '30598765432': { tradeType: 'G61', customsOffice: '13BC' } } });
    expect(n.purpose).toBe('replace');
    expect(n.revision).toBe(2);
    expect(n.expectedArrivalAt).toBe('2025-06-01T08:30:00.000+07:00');
    expect(n.vehicle).toEqual({ plate: '24C12345', nationality: 'VN' });
    expect(n.trailer).toBeNull();
    expect(n.driver).toEqual({ fullName: 'Trần Thị Bình', phone: '+84912345678' });
    expect(n.declarations).toEqual([
      { number: '305123456782', tradeType: 'B11', customsOffice: '13BB' },
      { number: '305987654320', tradeType: 'G61', customsOffice: '13BC' },
    ]);
  });

  it('throws naming the field when details break the contract', () => {
    expect(() => movementNoticeFromTrip(trip, { customsOffice: 'nowhere' })).toThrow(/customsOffice must be 2 digits/);
  });
});
