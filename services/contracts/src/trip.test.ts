import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ZCorrectTripRequestSchema, ZCreateTripRequestSchema, ZTripSchema, type CreateTripRequestInput } from './trip.ts';
import { zodIssueToField } from './validation-error.ts';

const goodTrip = (): CreateTripRequestInput => ({
  gateCode: 'KT',
  direction: 'exit',
  vehicle: { plate: '24c-123.45', trailerPlate: '24R-012.34' },
  driver: { fullName: 'Nguyễn Văn An', phone: '+84 912 345 678', licenseNo: 'B2-123456' },
  cargo: [
    { description: 'Thanh long (dragon fruit)', hsCode: '0810.90.10', packages: 1200, grossKg: 18000, perishable: true, plantOrAnimal: true },
  ],
  containers: [{ number: 'csqu 305438 3', seals: ['VN123456'] }],
  declarations: ['305123456780'],
  expectedArrival: '2025-06-01T08:30:00+07:00',
  appointmentAt: null,
});

function fieldOf(schema: z.ZodType, input: unknown) {
  const r = schema.safeParse(input);
  expect(r.success).toBe(false);
  return zodIssueToField(r.error!);
}

describe('ZCreateTripRequestSchema', () => {
  it('accepts a good trip and normalises identifiers', () => {
    const t = ZCreateTripRequestSchema.parse(goodTrip());
    expect(t.vehicle).toEqual({ plate: '24C12345', trailerPlate: '24R01234' });
    expect(t.driver.phone).toBe('+84912345678');
    expect(t.cargo[0]?.hsCode).toBe('08109010');
    expect(t.containers[0]?.number).toBe('CSQU3054383');
  });

  it('accepts an empty return from China with a Chinese plate and no cargo', () => {
    const t = { ...goodTrip(), direction: 'entry', vehicle: { plate: '云G12345' }, cargo: [], containers: [], declarations: [] };
    expect(ZCreateTripRequestSchema.safeParse(t).success).toBe(true);
  });

  it('rejects unknown fields, naming them', () => {
    expect(fieldOf(ZCreateTripRequestSchema, { ...goodTrip(), priorityClass: 'perishable' })).toEqual({
      field: 'priorityClass',
      message: 'unknown field',
    });
    const nested = { ...goodTrip(), vehicle: { plate: '24C-123.45', colour: 'red' } };
    expect(fieldOf(ZCreateTripRequestSchema, nested)).toEqual({ field: 'vehicle.colour', message: 'unknown field' });
  });

  it('names the field of a wrong type', () => {
    const t = goodTrip();
    const bad = { ...t, cargo: [{ ...t.cargo[0], packages: '12' }] };
    expect(fieldOf(ZCreateTripRequestSchema, bad)).toEqual({ field: 'cargo.0.packages', message: 'cargo.0.packages must be number' });
  });

  it('names a missing field', () => {
    const { driver: _driver, ...rest } = goodTrip();
    expect(fieldOf(ZCreateTripRequestSchema, rest)).toEqual({ field: 'driver', message: 'driver is required' });
  });

  it('reports identifier rules with the field', () => {
    const t = goodTrip();
    expect(fieldOf(ZCreateTripRequestSchema, { ...t, containers: [{ number: 'CSQU3054384', seals: [] }] })).toEqual({
      field: 'containers.0.number',
      message: 'container number check digit should be 3',
    });
    const plate = fieldOf(ZCreateTripRequestSchema, { ...t, vehicle: { plate: 'XYZ' } });
    expect(plate.field).toBe('vehicle.plate');
    expect(plate.message).toContain('24C-123.45');
    expect(fieldOf(ZCreateTripRequestSchema, { ...t, declarations: ['12345'] }).field).toBe('declarations.0');
  });

  it('checks numbers, limits and duplicates', () => {
    const t = goodTrip();
    const item = t.cargo[0]!;
    expect(fieldOf(ZCreateTripRequestSchema, { ...t, cargo: [{ ...item, packages: 0 }] }).message).toBe('packages must be more than 0');
    expect(fieldOf(ZCreateTripRequestSchema, { ...t, cargo: [{ ...item, packages: 1.5 }] }).message).toBe('packages must be a whole number');
    expect(fieldOf(ZCreateTripRequestSchema, { ...t, cargo: [{ ...item, grossKg: -1 }] }).field).toBe('cargo.0.grossKg');
    expect(fieldOf(ZCreateTripRequestSchema, { ...t, cargo: Array(51).fill(item) }).field).toBe('cargo');
    const dup = fieldOf(ZCreateTripRequestSchema, {
      ...t,
      containers: [{ number: 'CSQU3054383', seals: [] }, { number: 'CSQU 305438 3', seals: [] }],
    });
    expect(dup).toEqual({ field: 'containers.1.number', message: 'container CSQU3054383 is listed twice' });
    expect(fieldOf(ZCreateTripRequestSchema, { ...t, declarations: ['305123456780', '305123456781'] }).field).toBe('declarations.1');
  });

  it('requires ISO date-times', () => {
    expect(fieldOf(ZCreateTripRequestSchema, { ...goodTrip(), expectedArrival: 'tomorrow' }).field).toBe('expectedArrival');
    expect(ZCreateTripRequestSchema.safeParse({ ...goodTrip(), expectedArrival: '2025-06-01T01:30:00Z' }).success).toBe(true);
  });

  it('converts to JSON Schema for OpenAPI', () => {
    const js = z.toJSONSchema(ZCreateTripRequestSchema, { io: 'input' }) as { additionalProperties?: boolean };
    expect(js.additionalProperties).toBe(false);
  });
});

describe('ZCorrectTripRequestSchema', () => {
  it('accepts one corrected field with a reason', () => {
    const r = ZCorrectTripRequestSchema.parse({ vehicle: { plate: '24C-123.46' }, reason: 'typo' });
    expect(r.vehicle?.plate).toBe('24C12346');
    expect(ZCorrectTripRequestSchema.safeParse({ appointmentAt: null }).success).toBe(true);
  });
  it('rejects an empty correction and non-correctable fields', () => {
    expect(fieldOf(ZCorrectTripRequestSchema, { reason: 'nothing' }).message).toMatch(/at least one of/);
    expect(fieldOf(ZCorrectTripRequestSchema, { gateCode: 'KT' })).toEqual({ field: 'gateCode', message: 'unknown field' });
  });
});

describe('ZTripSchema', () => {
  it('parses a response and strips internal fields', () => {
    const row = {
      id: 't1', gateCode: 'KT', direction: 'exit', state: 'queued', priorityClass: 'perishable',
      priority: { class: 'perishable', source: 'hs-list+operator', claimed: true, perishable: 'confirmed' },
      vehicle: { plate: '24C12345', trailerPlate: null },
      driver: { fullName: 'An', phone: '+84912345678', licenseNo: null },
      cargo: [{ description: 'x', hsCode: '08109010', packages: 1, grossKg: 1, perishable: true, plantOrAnimal: false }],
      containers: [], declarations: [], expectedArrival: '2025-06-01T01:30:00Z', appointmentAt: null,
      channel: null, stages: ['documents', 'gate'], stageIndex: 0, laneId: null,
      createdAt: '2025-06-01T00:00:00Z', updatedAt: '2025-06-01T00:00:00Z', revisions: 0,
      live: { position: 3, eta: { expectedMs: 1, lowMs: 0, highMs: 2 }, laneId: null, deadline: null },
      driverUserId: 'secret',
    };
    const t = ZTripSchema.parse(row);
    expect(t).not.toHaveProperty('driverUserId');
    expect(t.live?.position).toBe(3);
  });
});
