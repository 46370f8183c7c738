/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies in tests are arbitrary JSON */
/**
 * Everything a client can get wrong gets a precise answer: status, code and
 * the field to fix. Real HTTP server, real Redis, real database.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { TEST_JWT_SECRET } from '../testing/test-api.ts';
import { useTestApi } from '../testing/use-test-api.ts';
import { tripRequest } from '../testing/trip-fixtures.ts';

// A minute's backoff after the free attempts: the rate-limit test holds however slowly the machine answers.
const t = useTestApi({ loginBackoff: { baseDelayMs: 60_000 } });
let driver1: string, driver2: string, operator: string;
beforeAll(async () => {
  [driver1, driver2, operator] = await t.tokens('driver1', 'driver2', 'operator1');
});

function expectError(r: { status: number; body: any }, status: number, code: string, field?: string | null) {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expect(r.body.error.code).toBe(code);
  expect(typeof r.body.error.message).toBe('string');
  if (field !== undefined) expect(r.body.error.field).toBe(field);
}

describe('validation', () => {
  it('rejects a malformed plate, naming the field and the rule', async () => {
    const r = await t.call('POST', '/v1/trips', { token: driver1, body: tripRequest({ vehicle: { plate: 'ABC-123' } }) });
    expectError(r, 400, 'VALIDATION_FAILED', 'vehicle.plate');
    expect(r.body.error.message).toMatch(/plate must be/);
  });

  it('rejects a container number with a wrong check digit', async () => {
    const r = await t.call('POST', '/v1/trips', {
      token: driver1,
      body: tripRequest({ containers: [{ number: 'CSQU3054384', seals: [] }] }),
    });
    expectError(r, 400, 'VALIDATION_FAILED', 'containers.0.number');
    expect(r.body.error.message).toMatch(/check digit/);
  });

  it('rejects a declaration number that is not 12 digits', async () => {
    const r = await t.call('POST', '/v1/trips', { token: driver1, body: tripRequest({ declarations: ['30512345'] }) });
    expectError(r, 400, 'VALIDATION_FAILED', 'declarations.0');
    expect(r.body.error.message).toMatch(/12 digits/);
  });

  it('rejects an unknown field by name', async () => {
    const r = await t.call('POST', '/v1/trips', { token: driver1, body: { ...tripRequest(), priorityClass: 'perishable' } });
    expectError(r, 400, 'VALIDATION_FAILED', 'priorityClass');
    expect(r.body.error.message).toMatch(/unknown field/);
  });

  it('rejects a value of the wrong type', async () => {
    const body = tripRequest();
    (body.cargo[0] as unknown as Record<string, unknown>).packages = 'many';
    const r = await t.call('POST', '/v1/trips', { token: driver1, body });
    expectError(r, 400, 'VALIDATION_FAILED', 'cargo.0.packages');
  });

  it('rejects malformed JSON with field null', async () => {
    const r = await t.call('POST', '/v1/trips', { token: driver1, raw: '{"gateCode": "KT",' });
    expectError(r, 400, 'VALIDATION_FAILED', null);
  });

  it('rejects a body over 64 kB with 413', async () => {
    const r = await t.call('POST', '/v1/trips', {
      token: driver1,
      body: { ...tripRequest(), padding: 'x'.repeat(70 * 1024) },
    });
    expectError(r, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('rejects a bad query parameter and a bad path parameter', async () => {
    const manager = await t.token('manager1');
    expectError(await t.call('GET', '/v1/gates/KT/stats?from=yesterday', { token: manager }), 400, 'VALIDATION_FAILED', 'from');
    expectError(await t.call('GET', '/v1/gates/kt!/lanes', { token: operator }), 400, 'VALIDATION_FAILED', 'gate');
  });

  it('answers unknown routes with 404 in the same error shape', async () => {
    expectError(await t.call('GET', '/v1/nothing-here', { token: operator }), 404, 'NOT_FOUND');
  });
});

describe('authentication and roles', () => {
  it('401 without a token, with an expired token and with a forged one', async () => {
    expectError(await t.call('GET', '/v1/me'), 401, 'UNAUTHENTICATED');
    const me = (await t.call('GET', '/v1/me', { token: driver1 })).body;
    const past = Math.floor(Date.now() / 1000) - 3600;
    const expired = await new SignJWT({ role: 'driver', username: 'driver1', sid: 'any', sv: 0 })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(me.id)
      .setIssuer('borderflow')
      .setAudience('borderflow-api')
      .setIssuedAt(past - 60)
      .setExpirationTime(past)
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));
    const r1 = await t.call('GET', '/v1/me', { token: expired });
    expectError(r1, 401, 'UNAUTHENTICATED');
    expect(r1.body.error.message).toMatch(/expired/);
    const forged = await new SignJWT({ role: 'admin', username: 'driver1' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(me.id)
      .setIssuer('borderflow')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('some-other-secret-of-at-least-32-characters'));
    const r2 = await t.call('GET', '/v1/me', { token: forged });
    expectError(r2, 401, 'UNAUTHENTICATED');
    expect(r2.body.error.message).toMatch(/signature/);
  });

  it('401 for a wrong password', async () => {
    const r = await t.call('POST', '/v1/auth/login', { body: { username: 'driver1', password: 'nope' } });
    expectError(r, 401, 'UNAUTHENTICATED');
  });

  it('rate limits login attempts per client and username', async () => {
    // Five free attempts, then exponential backoff (auth/login-limiter.ts).
    for (let i = 0; i < 5; i++) {
      const r = await t.call('POST', '/v1/auth/login', { body: { username: 'mallory', password: `guess-${i}` } });
      expect(r.status).toBe(401);
    }
    const blocked = await t.call('POST', '/v1/auth/login', { body: { username: 'mallory', password: 'guess-5' } });
    expectError(blocked, 429, 'RATE_LIMITED');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Another account from the same client is not locked out.
    const other = await t.call('POST', '/v1/auth/login', { body: { username: 'admin1', password: 'demo' } });
    expect(other.status).toBe(200);
  });

  it('403 for the wrong role', async () => {
    expectError(await t.call('GET', '/v1/gates/KT/lanes', { token: driver1 }), 403, 'FORBIDDEN');
    expectError(await t.call('POST', '/v1/trips', { token: operator, body: tripRequest() }), 403, 'FORBIDDEN');
    expectError(await t.call('GET', '/v1/gates/KT/stats', { token: operator }), 403, 'FORBIDDEN');
  });
});

describe('trips', () => {
  it('refuses a second active trip for the same vehicle, also when both race', async () => {
    const first = tripRequest();
    expect((await t.call('POST', '/v1/trips', { token: driver1, body: first })).status).toBe(201);
    const again = await t.call('POST', '/v1/trips', { token: driver1, body: tripRequest({ vehicle: first.vehicle }) });
    expectError(again, 409, 'CONFLICT', 'vehicle.plate');

    const racing = tripRequest();
    const answers = await Promise.all(
      [0, 1, 2].map(() => t.call('POST', '/v1/trips', { token: driver2, body: tripRequest({ vehicle: racing.vehicle }) })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
    for (const a of answers.filter((x) => x.status === 409)) expect(a.body.error.field).toBe('vehicle.plate');
  });

  it("hides another driver's trip behind 404", async () => {
    const created = await t.call('POST', '/v1/trips', { token: driver1, body: tripRequest() });
    const id = created.body.id as string;
    expectError(await t.call('GET', `/v1/trips/${id}`, { token: driver2 }), 404, 'NOT_FOUND', 'tripId');
    expectError(await t.call('GET', `/v1/trips/${id}/pass`, { token: driver2 }), 404, 'NOT_FOUND');
    expectError(await t.call('PATCH', `/v1/trips/${id}`, { token: driver2, body: { reason: 'x', expectedArrival: '2025-06-02T08:00:00Z' } }), 404, 'NOT_FOUND');
    expectError(await t.call('POST', `/v1/trips/${id}/cancel`, { token: driver2, body: {} }), 404, 'NOT_FOUND');
    const list = await t.call('GET', '/v1/trips', { token: driver2 });
    expect(list.body.trips.map((x: { id: string }) => x.id)).not.toContain(id);
  });

  it('keeps every correction as a revision and refuses corrections after check-in', async () => {
    const created = await t.call('POST', '/v1/trips', { token: driver1, body: tripRequest() });
    const id = created.body.id as string;
    const plate = '29C-999.01';
    const fixed = await t.call('PATCH', `/v1/trips/${id}`, {
      token: driver1,
      body: { vehicle: { plate }, cargo: [], reason: 'typo in plate; empty after all' },
    });
    expect(fixed.status, JSON.stringify(fixed.body)).toBe(200);
    expect(fixed.body.vehicle.plate).toBe('29C99901');
    expect(fixed.body.priorityClass).toBe('trusted'); // driver1's company is a trusted trader
    expect(fixed.body.revisions).toBe(1);
    const revision = await t.db.prisma.tripRevision.findFirstOrThrow({ where: { tripId: id } });
    expect(revision.reason).toBe('typo in plate; empty after all');
    const changes = revision.changes as Record<string, { from: any; to: any }>;
    expect(changes.vehicle?.to.plate).toBe('29C99901');
    expect(changes.cargo?.from).toHaveLength(1);
    expect(changes.cargo?.to).toEqual([]);
    expect(changes.driver).toBeUndefined();

    const checkIn = await t.call('POST', '/v1/gates/KT/check-ins', { token: operator, body: { plate } });
    expect(checkIn.status, JSON.stringify(checkIn.body)).toBe(200);
    const late = await t.call('PATCH', `/v1/trips/${id}`, { token: driver1, body: { expectedArrival: '2025-06-02T08:00:00Z' } });
    expectError(late, 409, 'TRIP_WRONG_STATE', 'state');
  });
});

describe('operator commands', () => {
  it('answers a command in the wrong lane state with 409 LANE_WRONG_STATE', async () => {
    const reopen = await t.call('POST', '/v1/gates/KT/lanes/KT-N1/open', { token: operator, body: { reason: 'test' } });
    expectError(reopen, 409, 'LANE_WRONG_STATE', 'laneId');
    const created = await t.call('POST', '/v1/trips', { token: driver2, body: tripRequest({ direction: 'entry' }) });
    const arrive = await t.call('POST', '/v1/gates/KT/lanes/KT-N1/start', {
      token: operator,
      body: { tripId: created.body.id },
    });
    expect(arrive.status).toBe(409);
    expect(arrive.body.error.code).toBe('LANE_WRONG_STATE');
    expect(['laneId', 'tripId']).toContain(arrive.body.error.field);
    expectError(
      await t.call('POST', '/v1/gates/KT/lanes/KT-Z9/pause', { token: operator, body: { reason: 'x' } }),
      404,
      'NOT_FOUND',
      'laneId',
    );
    const service = await t.call('POST', '/v1/gates/KT/lanes/KT-X1/maintenance', { token: operator, body: { reason: 'barrier motor' } });
    expect(service.status).toBe(200);
    expectError(
      await t.call('POST', '/v1/gates/KT/lanes/KT-X1/maintenance', { token: operator, body: { reason: 'again' } }),
      409,
      'LANE_WRONG_STATE',
      'laneId',
    );
    expect((await t.call('POST', '/v1/gates/KT/lanes/KT-X1/open', { token: operator, body: { reason: 'fixed' } })).status).toBe(200);
  });

  it('applies a repeated commandId once and answers the repeat with the first result', async () => {
    const commandId = 'cmd-pause-n2-0001';
    const body = { reason: 'weighbridge calibration', commandId };
    const first = await t.call('POST', '/v1/gates/KT/lanes/KT-N2/pause', { token: operator, body });
    const second = await t.call('POST', '/v1/gates/KT/lanes/KT-N2/pause', { token: operator, body });
    expect(first.status).toBe(200);
    expect(first.body.replayed).toBe(false);
    expect(second.status).toBe(200);
    expect(second.body.replayed).toBe(true);
    const events = await t.platform.schedulers.get('KT')!.readEvents('0', 10_000);
    expect(events.filter((e) => e.commandId === commandId)).toHaveLength(1);
    await t.call('POST', '/v1/gates/KT/lanes/KT-N2/open', { token: operator, body: { reason: 'done' } });
  });

  it('checks in once for a repeated check-in commandId', async () => {
    const req = tripRequest({ direction: 'entry' });
    await t.call('POST', '/v1/trips', { token: driver2, body: req });
    const body = { plate: req.vehicle.plate, commandId: 'cmd-checkin-0001' };
    const first = await t.call('POST', '/v1/gates/KT/check-ins', { token: operator, body });
    const second = await t.call('POST', '/v1/gates/KT/check-ins', { token: operator, body });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    expect(second.body.replayed).toBe(true);
    const other = await t.call('POST', '/v1/gates/KT/check-ins', { token: operator, body: { plate: req.vehicle.plate } });
    expectError(other, 409, 'CONFLICT');
  });
});
