/**
 * The trip read model answers from a projection made once per gate seq; these tests hold it to
 * the fresh computation (GateReader.tripStatus, which reads every queue and lane for one trip).
 * Random event sequences — check-ins of every class and direction, call-ups worked through the
 * lanes, lanes closed and reopened, policies replaced, time passing past the aging threshold —
 * are driven through the real Lua scheduler in Redis; after each one, every trip the gate knows
 * is read both ways at the same instant and must answer the same. PROPERTY_RUNS sets the number
 * of random gates (default 40).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_POLICY, PRIORITY_CLASSES, type Direction, type Stage } from '@borderflow/contracts';
import { testRedis, type TestRedis } from '@borderflow/testkit/testing';
import { GateScheduler } from './gate-scheduler.ts';
import { KIM_THANH_LANES } from './kim-thanh-lanes.ts';
import { REFRESH_MS } from './trip-read-model.ts';
import { accepted } from './testing.ts';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 40);
const MIN = 60_000;
// Relative to the clock, so nothing depends on today's date.
const T0 = Date.now() - 24 * 60 * MIN;
const ROUTES: Stage[][] = [['documents', 'gate'], ['documents', 'xray', 'gate'], ['gate'], ['documents', 'quarantine', 'gate']];
const LANE_IDS = KIM_THANH_LANES.map((l) => l.id);

const stepArb = fc.oneof(
  { weight: 6, arbitrary: fc.record({
    kind: fc.constant('check-in' as const),
    direction: fc.constantFrom<Direction>('exit', 'exit', 'entry'),
    priorityClass: fc.constantFrom(...PRIORITY_CLASSES),
    route: fc.nat(ROUTES.length - 1),
    appointmentMin: fc.option(fc.integer({ min: -30, max: 60 }), { nil: null }),
  }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('work' as const), lane: fc.nat(LANE_IDS.length - 1) }) },
  { weight: 1, arbitrary: fc.record({
    kind: fc.constant('lane' as const), lane: fc.nat(LANE_IDS.length - 1), open: fc.boolean(),
    reopensInMin: fc.option(fc.integer({ min: 1, max: 90 }), { nil: null }),
  }) },
  { weight: 1, arbitrary: fc.record({
    kind: fc.constant('policy' as const),
    interleave: fc.array(fc.constantFrom(...PRIORITY_CLASSES), { minLength: 1, maxLength: 6 }),
    agingMin: fc.constantFrom(10, 45, 120),
  }) },
);
const gateArb = fc.record({
  closed: fc.subarray(LANE_IDS),
  steps: fc.array(fc.record({ step: stepArb, advanceMin: fc.constantFrom(0, 0, 1, 7, 30) }), { minLength: 1, maxLength: 24 }),
});

let t: TestRedis;
beforeAll(() => { t = testRedis(); });
afterAll(async () => { await t.cleanup(); });

let gates = 0;
async function newGate(now: number, closed: string[]): Promise<GateScheduler> {
  // Each random gate on its own gate code: the keys of one never meet another's.
  const s = new GateScheduler({ redis: t.redis, gate: `RM${gates++}`, prefix: t.prefix });
  await s.configure(KIM_THANH_LANES, DEFAULT_POLICY, { actor: 'test', now });
  for (const laneId of closed) accepted(await s.setLaneStatus({ laneId, status: 'closed', reason: 'test', actor: 'test', now }));
  return s;
}

/** Moves a lane's truck one step on (arrive, start, clear); an idle lane does nothing. */
async function work(s: GateScheduler, laneId: string, now: number): Promise<void> {
  const { occupancy, tripId } = await s.laneOccupant(laneId);
  if (!tripId) return;
  const meta = { laneId, tripId, actor: 'test', now };
  if (occupancy === 'called') await s.arriveAtLane(meta);
  else if (occupancy === 'at_lane') await s.startInspection(meta);
  else if (occupancy === 'inspecting') await s.complete({ ...meta, outcome: 'cleared' });
}

/** Every trip's read-model answer equals the fresh computation at the same instant. */
async function expectSameAsFresh(s: GateScheduler, trips: string[], now: number): Promise<number> {
  let queued = 0;
  // The places the position push sends: the same projection, so every waiting truck and nothing else.
  const { seq, places } = await s.readModel.places(now);
  // A page of a trip list reads them all at once (one MULTI, one projection): the same answers.
  const page = await s.tripStatuses(trips, now);
  for (const id of trips) {
    const fresh = await s.reader.tripStatus(id, now);
    const modelled = await s.tripStatus(id, now);
    expect(modelled, `trip ${id} at +${(now - T0) / MIN} min`).toEqual(fresh);
    expect(page.get(id), `trip ${id} read with its page`).toEqual(fresh);
    if (fresh?.position != null) {
      queued++;
      expect(places.get(id), `pushed place of ${id}`).toEqual({ position: fresh.position, eta: fresh.eta, reason: fresh.reason });
      expect(seq).toBe(fresh.seq);
    }
  }
  expect(places.size).toBe(queued);
  return queued;
}

describe('trip read model', () => {
  it('equals a fresh computation after random event sequences, projecting once per seq', async () => {
    let sawQueued = 0;
    await fc.assert(fc.asyncProperty(gateArb, async ({ closed, steps }) => {
      let now = T0;
      const s = await newGate(now, closed);
      const trips: string[] = [];
      for (const { step, advanceMin } of steps) {
        now += advanceMin * MIN;
        const meta = { actor: 'test', now };
        if (step.kind === 'check-in') {
          const tripId = `t${trips.length}`;
          trips.push(tripId);
          await s.checkIn({
            tripId, plate: `24C${tripId}`, direction: step.direction, priorityClass: step.priorityClass,
            stages: ROUTES[step.route]!, appointmentAt: step.appointmentMin === null ? null : now + step.appointmentMin * MIN, ...meta,
          });
        } else if (step.kind === 'work') {
          await work(s, LANE_IDS[step.lane]!, now);
        } else if (step.kind === 'lane') {
          await s.setLaneStatus({
            laneId: LANE_IDS[step.lane]!, status: step.open ? 'open' : 'closed', reason: 'test',
            reopensAt: !step.open && step.reopensInMin !== null ? now + step.reopensInMin * MIN : null, ...meta,
          });
        } else {
          await s.setPolicy({ ...DEFAULT_POLICY, interleave: step.interleave, agingMs: step.agingMin * MIN }, meta);
        }
        const before = s.readModel.projections;
        sawQueued += await expectSameAsFresh(s, trips, now);
        // However many trucks were read, the gate was projected at most once for this seq.
        expect(s.readModel.projections - before).toBeLessThanOrEqual(1);
        const again = s.readModel.projections;
        await expectSameAsFresh(s, trips, now);
        expect(s.readModel.projections).toBe(again);
      }
      await s.deleteGateKeys();
    }), { numRuns: RUNS });
    // The property must have met waiting trucks, or it proved nothing about their places.
    expect(sawQueued).toBeGreaterThan(RUNS);
  });

  it('counts an ETA down between events, and projects again after REFRESH_MS or when a truck comes of age', async () => {
    const now = T0;
    const s = await newGate(now, LANE_IDS.filter((id) => id !== 'KT-X1'));
    await s.setPolicy({ ...DEFAULT_POLICY, interleave: ['perishable', 'ordinary'], agingMs: 20 * MIN }, { actor: 'test', now });
    // X1 takes the first truck; the others wait behind it.
    for (const [i, cls] of (['ordinary', 'ordinary', 'ordinary', 'perishable'] as const).entries()) {
      accepted(await s.checkIn({ tripId: `w${i}`, plate: `24Cw${i}`, direction: 'exit', priorityClass: cls, stages: ['documents', 'gate'], actor: 'test', now: now + i }));
    }
    const first = (await s.tripStatus('w1', now + 10))!;
    expect(first.position).not.toBeNull();
    const projections = s.readModel.projections;

    // Half a refresh later, nothing happened: the same projection, its ETA half a second nearer.
    const later = (await s.tripStatus('w1', now + 10 + REFRESH_MS / 2))!;
    expect(s.readModel.projections).toBe(projections);
    expect(later.position).toBe(first.position);
    expect(later.eta!.expectedMs).toBe(Math.max(0, first.eta!.expectedMs - REFRESH_MS / 2));

    // After the refresh interval the gate is projected again, and equals the fresh read.
    const at = now + 10 + REFRESH_MS;
    expect(await s.tripStatus('w1', at)).toEqual(await s.reader.tripStatus('w1', at));
    expect(s.readModel.projections).toBe(projections + 1);

    // Without any event, time passes the aging threshold (w1 checked in at now + 1) within REFRESH_MS
    // of the last projection: it is made again at once, and the ordinary trucks overtake the perishable one.
    const comesOfAge = now + 1 + 20 * MIN;
    const young = (await s.tripStatus('w3', comesOfAge - REFRESH_MS / 4))!;
    expect(young).toMatchObject({ position: 1, reason: { rule: 'interleave' } });
    const projected = s.readModel.projections;
    const aged = comesOfAge + REFRESH_MS / 4;
    const old = await s.tripStatus('w3', aged);
    expect(s.readModel.projections).toBe(projected + 1);
    expect(old).toEqual(await s.reader.tripStatus('w3', aged));
    expect(old!.position).toBe(3);
    expect((await s.tripStatus('w1', aged))!).toMatchObject({ position: 1, reason: { rule: 'aging' } });
    await s.deleteGateKeys();
  });

  it('projects the gate after an event in one script, and not again at a seq it holds', async () => {
    const now = T0;
    // A connection of its own, so the commands counted are this gate's only.
    const redis = t.redis.duplicate();
    const s = new GateScheduler({ redis, gate: `RM${gates++}`, prefix: t.prefix });
    await s.configure(KIM_THANH_LANES, DEFAULT_POLICY, { actor: 'test', now });
    const checkIn = async (i: number) =>
      accepted(await s.checkIn({ tripId: `r${i}`, plate: `24Cr${i}`, direction: 'exit', priorityClass: 'ordinary', stages: ['documents', 'gate'], actor: 'test', now: now + i }));
    for (let i = 0; i < 8; i++) await checkIn(i);
    await s.readModel.places(now + 10);
    await checkIn(8);
    const seq = await s.reader.seq();

    const sent: string[] = [];
    const send = redis.sendCommand.bind(redis);
    redis.sendCommand = ((command, stream) => { sent.push(command.name); return send(command, stream); }) as typeof redis.sendCommand;
    // The fan-out knows the seq from its event: the gate's state in one script (was: the seq, a MULTI of
    // the queues, the lanes, their hashes, their trucks, the events since the routes were followed
    // and the new truck's route).
    const { seq: at, places } = await s.readModel.places(now + 20, seq);
    expect(sent).toEqual(['evalsha']);
    expect(at).toBe(seq);
    // The position push after the same event: that projection, no command at all.
    sent.length = 0;
    expect((await s.readModel.places(now + 20, seq)).places).toEqual(places);
    expect(sent).toEqual([]);
    for (const [id, place] of places) {
      expect(await s.reader.tripStatus(id, now + 20)).toMatchObject({ position: place.position, eta: place.eta });
    }
    await s.deleteGateKeys();
    redis.disconnect();
  });

  it('answers null for a trip the gate does not hold, and a called truck with its lane and no place', async () => {
    const now = T0;
    const s = await newGate(now, []);
    expect(await s.tripStatus('nobody', now)).toBeNull();
    accepted(await s.checkIn({ tripId: 'c1', plate: '24Cc1', direction: 'exit', priorityClass: 'ordinary', stages: ['documents', 'gate'], actor: 'test', now }));
    const called = (await s.tripStatus('c1', now))!;
    expect(called).toMatchObject({ position: null, eta: null, laneId: 'KT-X1', trip: { state: 'called' } });
    expect(called).toEqual(await s.reader.tripStatus('c1', now));
    await s.deleteGateKeys();
  });
});
