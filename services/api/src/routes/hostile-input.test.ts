/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies in tests are arbitrary JSON */
/**
 * Input a hostile client sends on purpose gets a 400 that names the field and
 * the rule, never a 500, and nothing of it is written. Each case here got a 500
 * before: bad %-escapes in a path, corrupt compressed bodies, NUL and lone
 * surrogates in text (also at the unauthenticated login), huge numbers, the
 * year 0000; and the simulation 404 showed the server's scenario directory.
 */
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { simCatalogKey, type SimCatalog } from '@borderflow/contracts';
import { useTestApi } from '../testing/use-test-api.ts';
import { tripRequest } from '../testing/trip-fixtures.ts';

const t = useTestApi();
let driver: string, operator: string;
beforeAll(async () => {
  [driver, operator] = await t.tokens('driver1', 'operator1');
});

function expectError(r: { status: number; body: any }, status: number, code: string, field?: string | null) {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expect(r.body.error.code).toBe(code);
  if (field !== undefined) expect(r.body.error.field).toBe(field);
  // No error body shows a file path or a stack.
  expect(JSON.stringify(r.body)).not.toMatch(/\/(home|work|tmp|usr|srv|app)\/|\.(ts|js|json):\d|\n\s+at /);
}

/** Sends raw bytes (the test helper sends strings). */
async function rawPost(path: string, bytes: Buffer, headers: Record<string, string>) {
  const res = await fetch(`${t.url}${path}`, { method: 'POST', headers, body: bytes });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

describe('paths', () => {
  it.each(['%ff', '%', '%E0%A4%A', 'abc%zz'])('answers a path parameter %s with 400 naming the path', async (bad) => {
    const r = await t.call('GET', `/v1/trips/${bad}`, { token: driver });
    expectError(r, 400, 'VALIDATION_FAILED', 'path');
    expect(r.body.error.message).toMatch(/percent-encoding/);
  });
});

describe('compressed bodies', () => {
  const json = Buffer.from(JSON.stringify(tripRequest()));
  const corrupt = (() => {
    const gz = gzipSync(json);
    return Buffer.concat([gz.subarray(0, 12), Buffer.from('not deflate data at all'), gz.subarray(40)]);
  })();

  it.each(['gzip', 'deflate', 'br'])('answers a corrupt %s body with 400 and registers nothing', async (encoding) => {
    const before = await t.db.prisma.trip.count();
    const r = await rawPost('/v1/trips', corrupt, {
      authorization: `Bearer ${driver}`,
      'content-type': 'application/json',
      'content-encoding': encoding,
    });
    expectError(r, 400, 'VALIDATION_FAILED', 'body');
    expect(await t.db.prisma.trip.count()).toBe(before);
  });

  it('answers a corrupt gzip login with 400', async () => {
    const r = await rawPost('/v1/auth/login', corrupt, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expectError(r, 400, 'VALIDATION_FAILED', 'body');
  });

  it('still accepts a well-formed gzip body', async () => {
    const r = await rawPost('/v1/trips', gzipSync(json), {
      authorization: `Bearer ${driver}`,
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  });
});

describe('text fields', () => {
  it.each([
    ['NUL', 'Nguyễn\u0000Văn'],
    ['a lone high surrogate', 'Nguyễn \ud800'],
    ['a lone low surrogate', '\udc00 An'],
    ['an escape character', 'An\u001b[31m'],
    ['a line break in a one-line field', 'An\nB'],
  ])('refuses %s in driver.fullName, naming the field, and writes nothing', async (_what, fullName) => {
    const before = await t.db.prisma.trip.count();
    const r = await t.call('POST', '/v1/trips', { token: driver, body: tripRequest({ driver: { fullName, phone: '+84 912 345 678' } }) });
    expectError(r, 400, 'VALIDATION_FAILED', 'driver.fullName');
    expect(r.body.error.message).toMatch(/^driver\.fullName must not contain control characters/);
    expect(await t.db.prisma.trip.count()).toBe(before);
  });

  it('refuses NUL and lone surrogates at the unauthenticated login', async () => {
    expectError(await t.call('POST', '/v1/auth/login', { body: { username: 'driver1\u0000', password: 'demo' } }), 400, 'VALIDATION_FAILED', 'username');
    expectError(await t.call('POST', '/v1/auth/login', { body: { username: '\ud83d', password: 'demo' } }), 400, 'VALIDATION_FAILED', 'username');
    expectError(await t.call('POST', '/v1/auth/login', { body: { username: 'driver1', password: 'de\u0000mo' } }), 400, 'VALIDATION_FAILED', 'password');
  });

  it('refuses control characters in a seal, a cargo description and a correction reason', async () => {
    const seal = await t.call('POST', '/v1/trips', {
      token: driver,
      body: tripRequest({ containers: [{ number: 'CSQU3054383', seals: ['VN\u0000123'] }] }),
    });
    expectError(seal, 400, 'VALIDATION_FAILED', 'containers.0.seals.0');
    const cargo = await t.call('POST', '/v1/trips', {
      token: driver,
      body: tripRequest({ cargo: [{ description: 'Thanh long\u0007', hsCode: '0810.90', packages: 10, grossKg: 100 }] }),
    });
    expectError(cargo, 400, 'VALIDATION_FAILED', 'cargo.0.description');
    const created = await t.call('POST', '/v1/trips', { token: driver, body: tripRequest() });
    const fix = await t.call('PATCH', `/v1/trips/${created.body.id}`, {
      token: driver,
      body: { reason: 'typo\u0000', expectedArrival: '2025-06-02T08:00:00Z' },
    });
    expectError(fix, 400, 'VALIDATION_FAILED', 'reason');
    expect((await t.db.prisma.tripRevision.count({ where: { tripId: created.body.id } }))).toBe(0);
  });

  it('accepts Vietnamese, Chinese and emoji (paired surrogates), and line breaks in a multi-line note', async () => {
    const created = await t.call('POST', '/v1/trips', {
      token: driver,
      body: tripRequest({ driver: { fullName: 'Nguyễn Văn An 阮文安 🚚', phone: '+84 912 345 678' } }),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const lanes = await t.call('POST', '/v1/gates/KT/lanes/KT-X1/complete', {
      token: operator,
      body: { tripId: created.body.id, outcome: 'cleared', note: 'seal intact\nX-ray clear\tok' },
    });
    // The trip is not at the lane: refused for its state, not for the note's line breaks.
    expect(lanes.status, JSON.stringify(lanes.body)).not.toBe(400);
  });
});

describe('number and date ranges', () => {
  it.each([
    ['packages', 2 ** 31, 'cargo.0.packages'],
    ['packages', 3e9, 'cargo.0.packages'],
    ['packages', -1, 'cargo.0.packages'],
    ['grossKg', 1e308, 'cargo.0.grossKg'],
    ['grossKg', -5, 'cargo.0.grossKg'],
  ] as const)('refuses %s = %d', async (key, value, field) => {
    const body = tripRequest();
    (body.cargo[0] as unknown as Record<string, unknown>)[key] = value;
    const before = await t.db.prisma.trip.count();
    expectError(await t.call('POST', '/v1/trips', { token: driver, body }), 400, 'VALIDATION_FAILED', field);
    expect(await t.db.prisma.trip.count()).toBe(before);
  });

  it('refuses 1e308 written as a JSON number literal', async () => {
    const body = JSON.stringify(tripRequest()).replace('"packages":40', '"packages":1e308');
    expectError(await t.call('POST', '/v1/trips', { token: driver, raw: body }), 400, 'VALIDATION_FAILED', 'cargo.0.packages');
  });

  it.each(['0000-01-01T00:00:00Z', '0001-01-01T00:00:00+07:00', '9999-12-31T23:59:59Z'])(
    'refuses expectedArrival %s',
    async (expectedArrival) => {
      const r = await t.call('POST', '/v1/trips', { token: driver, body: tripRequest({ expectedArrival }) });
      expectError(r, 400, 'VALIDATION_FAILED', 'expectedArrival');
    },
  );

  it('refuses a stats range in the year 0000', async () => {
    const manager = await t.token('manager1');
    const r = await t.call('GET', '/v1/gates/KT/stats?from=0000-01-01T00:00:00Z', { token: manager });
    expectError(r, 400, 'VALIDATION_FAILED', 'from');
  });
});

describe('policy numbers', () => {
  it.each([
    ['agingMs', 1e308],
    ['callUpTimeoutMs', 2 ** 53 + 2],
    ['noShowPenaltyMs', -1],
  ])('refuses %s = %d and keeps the published policy', async (key, value) => {
    const admin = await t.token('admin1');
    const current = (await t.call('GET', '/v1/gates/KT/policy')).body;
    const r = await t.call('PUT', '/v1/gates/KT/policy', { token: admin, body: { ...current.policy, [key]: value } });
    expectError(r, 400, 'VALIDATION_FAILED', key);
    expect((await t.call('GET', '/v1/gates/KT/policy')).body).toEqual(current);
  });

  it('refuses a crossing cap of 3e9 trucks an hour', async () => {
    const admin = await t.token('admin1');
    const current = (await t.call('GET', '/v1/gates/KT/policy')).body;
    const r = await t.call('PUT', '/v1/gates/KT/policy', { token: admin, body: { ...current.policy, crossCapPerHour: { exit: 3e9, entry: 0 } } });
    expectError(r, 400, 'VALIDATION_FAILED', 'crossCapPerHour.exit');
  });
});

describe('error bodies', () => {
  it('a missing simulation scenario says so without the server path', async () => {
    const manager = await t.token('manager1');
    // The catalog a simulation worker publishes (the API knows scenarios only from it).
    const catalog: SimCatalog = {
      scenarios: [{ id: 'kim-thanh-normal', title: 'A normal day', description: '400 trucks', trucksPerDay: 400, durationHours: 24, policy: 'default' }],
      policies: [{ id: 'default', title: 'Published v1', description: 'interleave' }],
    };
    await t.platform.redis.set(simCatalogKey(t.prefix), JSON.stringify(catalog));
    const r = await t.call('POST', '/v1/simulations', { token: manager, body: { scenario: 'no-such-scenario' } });
    expectError(r, 404, 'NOT_FOUND', 'scenario');
    expect(r.body.error.message).not.toContain('/');
  });
});
