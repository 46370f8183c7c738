/**
 * A truck's whole journey through the public interfaces: HTTP for commands,
 * Socket.IO for what the driver and the operator see. Real Redis, real
 * database, real servers; only the clock is the wall clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { startTestApi, TEST_METRICS_TOKEN, type TestApi } from '../testing/test-api.ts';
import { record, type Delta, type LiveRecorder } from '../testing/live-recorder.ts';
import { tripRequest } from '../testing/trip-fixtures.ts';

let t: TestApi;
let driver: string;
let operator: string;
let gateSocket: Socket;
let gate: LiveRecorder;

beforeAll(async () => {
  t = await startTestApi();
  [driver, operator] = await Promise.all([t.token('driver2'), t.token('operator1')]);
  // Crossing unpaced, so a cleared truck crosses on the next timer tick.
  const admin = await t.token('admin1');
  const current = (await t.call('GET', '/v1/gates/KT/policy')).body.policy;
  const put = await t.call('PUT', '/v1/gates/KT/policy', {
    token: admin,
    body: { ...current, crossCapPerHour: { exit: 0, entry: 0 } },
  });
  expect(put.status, JSON.stringify(put.body)).toBe(200);
  gateSocket = await t.socket(operator);
  gate = record(gateSocket);
  const ack = await gateSocket.emitWithAck('subscribe', { gate: 'KT' });
  expect(ack.ok).toBe(true);
});

afterAll(async () => {
  // The operator's room saw every event of the gate, in order, without gaps.
  if (gate) {
    const first = gate.snapshots[0]!.seq;
    expect(gate.deltas.length).toBeGreaterThan(30);
    gate.deltas.forEach((d, i) => expect(d.seq).toBe(first + i + 1));
  }
  await t?.close();
});

async function register(overrides: Parameters<typeof tripRequest>[0] = {}) {
  const r = await t.call('POST', '/v1/trips', { token: driver, body: tripRequest(overrides) });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; vehicle: { plate: string } };
}

async function followTrip(tripId: string) {
  const socket = await t.socket(driver);
  const rec = record(socket);
  const ack = await socket.emitWithAck('subscribe', { tripId });
  expect(ack, JSON.stringify(ack)).toMatchObject({ ok: true });
  return { socket, rec };
}

async function op(path: string, body: Record<string, unknown>) {
  const r = await t.call('POST', `/v1/gates/KT${path}`, { token: operator, body });
  expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBe(200);
  return r.body;
}

const called = (tripId: string) => (d: Delta) => d.event.type === 'trip_called' && d.event.trip?.id === tripId;

describe('a truck crosses', () => {
  it('registers, checks in by QR, is called, clears every stage and crosses', async () => {
    const trip = await register();
    const { rec } = await followTrip(trip.id);
    const first = await rec.waitForSnapshot(1);
    expect(first).toMatchObject({ tripId: trip.id, state: 'registered', trip: null, position: null });

    const pass = await t.call('GET', `/v1/trips/${trip.id}/pass`, { token: driver });
    expect(pass.body.svg).toMatch(/^<svg/);
    expect(pass.body.qrToken.length).toBeGreaterThanOrEqual(24);
    const checkIn = await t.call('POST', '/v1/gates/KT/check-ins', { token: operator, body: { qrToken: pass.body.qrToken } });
    expect(checkIn.status, JSON.stringify(checkIn.body)).toBe(200);
    expect(checkIn.body.trip.stages).toEqual(['documents', 'gate']);

    // Stage by stage: the driver's own room tells them which lane to drive to.
    let from = 0;
    for (const stage of ['documents', 'gate']) {
      const call = await rec.waitForDelta(called(trip.id), { from });
      from = rec.deltas.indexOf(call) + 1;
      const laneId = call.event.trip!.laneId!;
      expect(laneId).toMatch(/^KT-X/);
      expect(call.event.trip!.stage).toBe(stage);
      expect(call.event.reason).toMatchObject({ priorityClass: 'ordinary' });
      await op(`/lanes/${laneId}/arrive`, { tripId: trip.id });
      await op(`/lanes/${laneId}/start`, { tripId: trip.id });
      await op(`/lanes/${laneId}/complete`, { tripId: trip.id, outcome: 'cleared' });
    }
    await rec.waitForDelta((d) => d.event.type === 'exit_queued' || d.event.trip?.state === 'exit_queue');
    const crossed = await rec.waitForDelta((d) => d.event.type === 'trip_crossed');
    expect(crossed.event.trip!.state).toBe('crossed');

    // The gate room saw the same story.
    await gate.waitForDelta((d) => d.event.type === 'trip_crossed' && d.event.trip?.id === trip.id);
    // The driver's trip view agrees once the event log is stored.
    await expect
      .poll(async () => (await t.call('GET', `/v1/trips/${trip.id}`, { token: driver })).body.state, { timeout: 10_000 })
      .toBe('crossed');
    // Its pass is spent: a phone never shows it again (it would look valid at the barrier).
    const spent = await t.call('GET', `/v1/trips/${trip.id}/pass`, { token: driver });
    expect(spent.status).toBe(409);
    expect(spent.body.error.message).toMatch(/crossed/);
  });

  it('re-queues a no-show once and drops it the second time', async () => {
    const trip = await register();
    const { rec } = await followTrip(trip.id);
    await op('/check-ins', { plate: trip.vehicle.plate });
    await rec.waitForDelta(called(trip.id));

    const once = await op(`/trips/${trip.id}/no-show`, {});
    expect(once.trip.noShows).toBe(1);
    expect(['queued', 'called']).toContain(once.trip.state);
    await rec.waitForDelta((d) => d.event.type === 'trip_no_show');
    // Lanes are idle: it is called again right away, with its penalty.
    const again = await rec.waitForDelta((d) => called(trip.id)(d) && d.event.trip!.noShows === 1);
    expect(again.event.trip!.laneId).not.toBeNull();

    const twice = await op(`/trips/${trip.id}/no-show`, {});
    expect(twice.trip.state).toBe('no_show');
    const status = await t.call('GET', `/v1/trips/${trip.id}`, { token: driver });
    expect(status.body.state).toBe('no_show');
    // Dropped: it is in no queue and no lane any more.
    const queue = await t.call('GET', '/v1/gates/KT/queue', { token: operator });
    expect(JSON.stringify(queue.body)).not.toContain(trip.id);
  });

  it('keeps the place of a called truck when its lane closes, and calls it to another lane', async () => {
    const trip = await register({ direction: 'entry' });
    const { rec } = await followTrip(trip.id);
    await op('/check-ins', { plate: trip.vehicle.plate });
    const firstCall = await rec.waitForDelta(called(trip.id));
    const firstLane = firstCall.event.trip!.laneId!;

    await op(`/lanes/${firstLane}/close`, { reason: 'barrier fault' });
    const next = await rec.waitForDelta(called(trip.id), { from: rec.deltas.indexOf(firstCall) + 1 });
    expect(next.event.trip!.laneId).not.toBe(firstLane);
    expect(next.event.trip!.noShows).toBe(0);
    // Same place in time: the score it was queued with is kept.
    expect(next.event.trip!.score).toBe(firstCall.event.trip!.score);
    const lanes = (await t.call('GET', '/v1/gates/KT/lanes', { token: operator })).body.lanes as Array<{ id: string; status: string }>;
    expect(lanes.find((l) => l.id === firstLane)!.status).toBe('closed');
    await op(`/lanes/${firstLane}/open`, { reason: 'repaired' });
  });

  it('re-routes a live trip on a customs decision and holds it until release', async () => {
    const req = tripRequest({ direction: 'entry' });
    const trip = await register(req);
    const { rec } = await followTrip(trip.id);
    await op('/check-ins', { plate: trip.vehicle.plate });
    const call = await rec.waitForDelta(called(trip.id));
    const customs = await t.token('customs1');

    const decision = await t.call('POST', '/v1/internal/agency-decisions', {
      token: customs,
      body: { declarationNumber: req.declarations![0], channelCode: '3D', inspectionModes: ['physical'], agency: 'customs', hold: { action: 'place', reason: 'seal mismatch' } },
    });
    expect(decision.status, JSON.stringify(decision.body)).toBe(201);
    expect(decision.body.trips[0]).toMatchObject({ tripId: trip.id, live: true, hold: 'placed' });
    expect(decision.body.trips[0].stages).toEqual(['documents', 'physical', 'gate']);
    await rec.waitForDelta((d) => d.event.type === 'stages_changed');

    // An older amendment of the same declaration is refused.
    const older = await t.call('POST', '/v1/internal/agency-decisions', {
      token: customs,
      body: { declarationNumber: req.declarations![0], channelCode: '1', agency: 'customs', reason: 'officer re-assessed the risk' },
    });
    expect(older.status).toBe(201); // same amendment (0) is accepted (lowering red needs the reason)
    const amended = `${req.declarations![0]!.slice(0, 11)}2`;
    await t.call('POST', '/v1/internal/agency-decisions', { token: customs, body: { declarationNumber: amended, channelCode: '3', inspectionModes: ['physical'], agency: 'customs' } });
    const stale = await t.call('POST', '/v1/internal/agency-decisions', {
      token: customs,
      body: { declarationNumber: `${req.declarations![0]!.slice(0, 11)}1`, channelCode: '1', agency: 'customs' },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.field).toBe('declarationNumber');

    // Finish every stage; the hold keeps it out of the exit queue.
    let lane = call.event.trip!.laneId!;
    let from = rec.deltas.indexOf(call) + 1;
    for (let i = 0; i < 3; i++) {
      await op(`/lanes/${lane}/arrive`, { tripId: trip.id });
      await op(`/lanes/${lane}/start`, { tripId: trip.id });
      const done = await op(`/lanes/${lane}/complete`, { tripId: trip.id, outcome: 'cleared' });
      if (done.trip.state === 'held') break;
      const next = await rec.waitForDelta(called(trip.id), { from });
      from = rec.deltas.indexOf(next) + 1;
      lane = next.event.trip!.laneId!;
    }
    const held = await t.call('GET', `/v1/trips/${trip.id}`, { token: driver });
    expect(held.body.state).toBe('held');

    // Customs placed the hold: an operator cannot lift it (issue 10), customs can.
    const byOperator = await t.call('POST', `/v1/gates/KT/trips/${trip.id}/release-hold`, { token: operator, body: {} });
    expect(byOperator.status, JSON.stringify(byOperator.body)).toBe(403);
    const release = await t.call('POST', '/v1/internal/agency-decisions', {
      token: customs,
      body: { declarationNumber: amended, hold: { action: 'release', reason: 'seals checked' } },
    });
    expect(release.status, JSON.stringify(release.body)).toBe(201);
    await rec.waitForDelta((d) => d.event.type === 'hold_released');
    await rec.waitForDelta((d) => d.event.type === 'trip_crossed');
  });
});

describe('agency decisions before arrival', () => {
  it('keeps a decision that precedes the registration, and applies a recorded hold at check-in', async () => {
    const customs = await t.token('customs1');
    const req = tripRequest({ direction: 'entry' });
    const early = await t.call('POST', '/v1/internal/agency-decisions', {
      token: customs,
      body: { declarationNumber: req.declarations![0], channelCode: '1', agency: 'customs' },
    });
    expect(early.status, JSON.stringify(early.body)).toBe(201);
    expect(early.body.trips).toEqual([]);
    const trip = await register(req);
    const view = (await t.call('GET', `/v1/trips/${trip.id}`, { token: driver })).body;
    expect(view).toMatchObject({ channel: 'green', stages: ['gate'], state: 'registered' });

    const quarantine = await t.call('POST', '/v1/internal/agency-decisions', {
      token: await t.token('quarantine1'),
      body: { declarationNumber: req.declarations![0], agency: 'quarantine', hold: { action: 'place', reason: 'sample' } },
    });
    expect(quarantine.body.trips[0]).toMatchObject({ tripId: trip.id, live: false, hold: 'recorded' });
    await op('/check-ins', { plate: trip.vehicle.plate });
    const live = await t.platform.schedulers.get('KT')!.tripStatus(trip.id);
    expect(live?.trip.hold).toBe(true);
  });
});

describe('the live gateway', () => {
  it('refuses a bad token at connect', async () => {
    await expect(t.socket('not-a-token')).rejects.toThrow('UNAUTHENTICATED');
  });

  it('lets a driver follow only their own trip, and only staff follow a gate', async () => {
    const other = await t.call('POST', '/v1/trips', { token: await t.token('driver1'), body: tripRequest() });
    const socket = await t.socket(driver);
    const foreign = await socket.emitWithAck('subscribe', { tripId: other.body.id });
    expect(foreign).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const wholeGate = await socket.emitWithAck('subscribe', { gate: 'KT' });
    expect(wholeGate).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const bad = await socket.emitWithAck('subscribe', { gate: 'KT', extra: 1 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });

  it('answers resync with a fresh snapshot at the current seq', async () => {
    const before = gate.snapshots.length;
    const ack = await gateSocket.emitWithAck('resync', { gate: 'KT' });
    expect(ack.ok).toBe(true);
    const snap = await gate.waitForSnapshot(before + 1);
    const lastDelta = gate.deltas.at(-1)?.seq ?? gate.snapshots[0]!.seq;
    expect(snap.seq).toBeGreaterThanOrEqual(lastDelta);
    expect(snap.lanes).toHaveLength(6);
  });
});

describe('reports', () => {
  it('computes stats from the stored event log', async () => {
    const manager = await t.token('manager1');
    await expect
      .poll(async () => (await t.call('GET', '/v1/gates/KT/stats', { token: manager })).body.trucksPerHour.length, {
        timeout: 10_000,
      })
      .toBeGreaterThan(0);
    const stats = (await t.call('GET', '/v1/gates/KT/stats', { token: manager })).body;
    const crossed = stats.trucksPerHour.reduce((n: number, h: { exit: number; entry: number }) => n + h.exit + h.entry, 0);
    expect(crossed).toBeGreaterThanOrEqual(2);
    expect(stats.waitMs.ordinary.p50).toBeGreaterThanOrEqual(0);
    expect(stats.laneUtilisation.length).toBeGreaterThan(0);
    expect(stats.holdsMs.customs.count).toBeGreaterThanOrEqual(1);
    expect(typeof stats.backlog).toBe('number');
  });

  it('serves the console with its socket.io client under a strict CSP', async () => {
    const page = await t.call('GET', '/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/html/);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain('connect-src');
    expect((await t.call('GET', '/socket.io/socket.io.min.js')).status).toBe(200);
    const ready = await t.call('GET', '/readyz');
    expect(ready.body).toMatchObject({ status: 'ready' });
  });

  it('serves the OpenAPI document, the docs page and metrics', async () => {
    const doc = (await t.call('GET', '/openapi.json')).body;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/v1/trips'].post.requestBody.content['application/json'].schema.properties.vehicle).toBeDefined();
    // A person's token, or a company API key with the trips:write scope.
    expect(doc.paths['/v1/trips'].post.security).toEqual([{ bearerAuth: [] }, { apiKey: ['trips:write'] }]);
    const docs = await t.call('GET', '/docs');
    expect(docs.headers.get('content-type')).toMatch(/html/);
    expect(docs.body).toContain('/v1/gates/{gate}/check-ins');
    const metrics = await t.call('GET', '/metrics', { token: TEST_METRICS_TOKEN });
    expect(metrics.body).toContain('borderflow_scheduler_commands_total');
    expect(metrics.body).toContain('borderflow_http_request_duration_seconds');
  });
});
