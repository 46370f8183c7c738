/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies in tests are arbitrary JSON */
/**
 * Identifiers as the real ones are, through the real API (HTTP server, Redis, database): input is
 * normalised (NFKC, any dash) and never repaired, and each rule's refusal names the field and the
 * rule. Each case here was accepted, or stored wrongly, before the rules were tightened.
 */
import { randomInt } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApi } from '../testing/use-test-api.ts';
import { tripRequest } from '../testing/trip-fixtures.ts';

const t = useTestApi();
let driver: string;
beforeAll(async () => {
  [driver] = await t.tokens('driver1');
});

const create = (overrides: Parameters<typeof tripRequest>[0]) => t.call('POST', '/v1/trips', { token: driver, body: tripRequest(overrides) });

function refused(r: { status: number; body: any }, field: string, message: RegExp) {
  expect(r.status, JSON.stringify(r.body)).toBe(400);
  expect(r.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field });
  expect(r.body.error.message).toMatch(message);
}

/** Five fresh digits, so parallel runs never collide on a plate. */
const five = () => String(randomInt(0, 100_000)).padStart(5, '0');

describe('identifiers through the API', () => {
  it.each([
    ['24C-I23.45', /plate must be/], // was stored as 24CI2345: a letter read as series, no error
    ['24C-123.4', /written 123\.45/], // dot grouping
    ['24W-123.45', /series letters never include I, J, O, Q or W/],
    ['13C-123.45', /province code must be one in use.*got 13$/],
    ['云G123456', /new-energy plate and must start or end with D or F/],
  ])('refuses the truck plate %s, naming the field and the rule', async (plate, message) => {
    refused(await create({ vehicle: { plate } }), 'vehicle.plate', message);
  });

  it('stores a full-width Chinese plate and an en-dashed Vietnamese one in their normal form', async () => {
    const digits = five();
    const cn = await create({ vehicle: { plate: `云Ｇ${digits.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)))}` } });
    expect(cn.status, JSON.stringify(cn.body)).toBe(201);
    expect(cn.body.vehicle.plate).toBe(`云G${digits}`);
    const vn = await create({ vehicle: { plate: `29C–${digits.slice(0, 3)}.${digits.slice(3)}` } });
    expect(vn.status, JSON.stringify(vn.body)).toBe(201);
    expect(vn.body.vehicle.plate).toBe(`29C${digits}`);
  });

  it('accepts a new-energy and a Hong Kong cross-border plate', async () => {
    const digits = five();
    const ev = await create({ vehicle: { plate: `粤BD${digits}` } });
    expect(ev.status, JSON.stringify(ev.body)).toBe(201);
    const hk = await create({ vehicle: { plate: `粤Z${digits.slice(0, 4)}港` } });
    expect(hk.status, JSON.stringify(hk.body)).toBe(201);
  });

  it('refuses a declaration number whose first digit is no VNACCS kind', async () => {
    refused(await create({ declarations: [`5${five()}${five()}0`] }), 'declarations.0', /start with 1 \(import\) or 3 \(export\), got 5$/);
  });

  it('accepts a 6-digit HS heading and keeps the spaces inside a seal number', async () => {
    const r = await create({
      cargo: [{ description: 'Thanh long', hsCode: '0810.90', packages: 10, grossKg: 100 }],
      containers: [{ number: 'CSQU3054383', seals: ['VN 123456'] }],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.cargo[0].hsCode).toBe('081090');
    expect(r.body.containers[0].seals).toEqual(['VN 123456']);
  });
});
