/**
 * "Nothing the system already accepted is lost or half-applied, not even when a
 * process is killed mid-command": the platform runs in a child process, takes a
 * burst of concurrent operator commands and check-ins, and is SIGKILLed while
 * requests are in flight. A new process on the same database and Redis prefix
 * must keep every answered command, replay (never re-apply) retried ones, keep
 * the scheduler's invariants, and bring the database level with Redis.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import type { GateEvent, GateEventType } from '@borderflow/contracts';
import { GateScheduler, inputHash, placementFromHash } from '@borderflow/scheduler';
import { testRedis, testRedisUrl } from '@borderflow/testkit/testing';
import { spawnPlatform, type SpawnedPlatform } from './testing/spawn-platform.ts';
import { sharedTestStore } from './testing/shared-test-store.ts';
import { persistCaughtUp, persistPending, readStream } from './testing/persist-progress.ts';
import type { PlatformChildOptions } from './testing/platform-child.ts';
import { startTestApi } from './testing/test-api.ts';
import { tripRequest } from './testing/trip-fixtures.ts';
import { callJson, type Answer } from './testing/topology.ts';
import { gateKeysOf } from '@borderflow/scheduler/testing';

const JWT_SECRET = 'crash-test-secret-that-is-at-least-32-characters';
const TRIPS_CHECKED_IN = 40;
const TRIPS_CHECKING_IN_DURING_BURST = 8;

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
  cleanups.length = 0;
});

const call = callJson;

type Kind = 'arrive' | 'start' | 'complete' | 'check-in';
/** The event that shows a command took effect; a command emits it at most once. */
const EFFECT: Record<Kind, GateEventType> = {
  arrive: 'trip_at_lane',
  start: 'inspection_started',
  complete: 'stage_completed',
  'check-in': 'trip_arrived',
};
const NEXT_ACTION: Record<string, Kind | undefined> = { called: 'arrive', at_lane: 'start', inspecting: 'complete' };

interface Command {
  kind: Kind;
  commandId: string;
  path: string;
  body: Record<string, unknown>;
  /** Answers received (before the kill: from the first process). */
  answers: Answer[];
}

const is2xx = (a: Answer) => a.status >= 200 && a.status < 300;

function laneCommand(kind: Exclude<Kind, 'check-in'>, laneId: string, tripId: string): Command {
  const commandId = `crash-${randomUUID()}`;
  const body = { tripId, commandId, ...(kind === 'complete' ? { outcome: 'cleared' } : {}) };
  return { kind, commandId, path: `/v1/gates/KT/lanes/${laneId}/${kind}`, body, answers: [] };
}

function checkInCommand(plate: string): Command {
  const commandId = `crash-${randomUUID()}`;
  return { kind: 'check-in', commandId, path: '/v1/gates/KT/check-ins', body: { plate, commandId }, answers: [] };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `fn` over `items`, `limit` at a time. */
async function eachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

/** Commands with the same id, grouped: what the stream holds for each. */
function eventsByCommand(events: GateEvent[]): Map<string, GateEvent[]> {
  const by = new Map<string, GateEvent[]>();
  for (const e of events) if (e.commandId) by.set(e.commandId, [...(by.get(e.commandId) ?? []), e]);
  return by;
}

it('keeps every accepted command, and applies each once, across a SIGKILL mid-burst', { timeout: 150_000 }, async () => {
  const store = await sharedTestStore();
  cleanups.push(() => store.cleanup());
  const t = testRedis();
  cleanups.push(() => t.cleanup());
  const redis = t.redis;
  const scheduler = new GateScheduler({ redis, gate: 'KT', prefix: t.prefix });
  const stream = gateKeysOf(scheduler).events;
  const options: PlatformChildOptions = {
    port: 0,
    host: '127.0.0.1',
    redisUrl: testRedisUrl(),
    prefix: t.prefix,
    ...store.child,
    jwtSecret: JWT_SECRET,
    timerIntervalMs: 500,
    // A killed process's read-but-unstored events are taken over after 1 s instead of 30 s.
    persist: { claimIdleMs: 1000, claimEveryMs: 250 },
  };
  const env = { ...process.env };
  if (store.kind === 'pglite') delete env.DATABASE_URL;
  const children: SpawnedPlatform[] = [];
  cleanups.push(() => Promise.all(children.map((c) => c.kill())));
  const start = async (overrides: Partial<PlatformChildOptions> = {}) => {
    // A loaded CI host took over 30 s (the default) to start a PGlite child once: a slow start is not what this tests.
    const child = await spawnPlatform({ ...options, ...overrides }, { env, startTimeoutMs: 90_000 });
    children.push(child);
    return child;
  };

  // --- First process: trips registered and checked in, then the burst and the kill. ---
  const first = await start();
  const login = async (username: string) =>
    (await call(first.url, 'POST', '/v1/auth/login', undefined, { username, password: 'demo' })).body.token as string;
  const driver = await login('driver1');
  const operator = await login('operator1');

  const platePrefix = `29C-${String(randomInt(100, 1000))}`;
  const plates = Array.from({ length: TRIPS_CHECKED_IN + TRIPS_CHECKING_IN_DURING_BURST }, (_, i) => `${platePrefix}.${String(i).padStart(2, '0')}`);
  const tripIds: string[] = [];
  await eachLimited(plates.map((plate, i) => ({ plate, i })), 6, async ({ plate, i }) => {
    const perishable = i % 7 === 0;
    const req = tripRequest({
      direction: i % 2 === 0 ? 'exit' : 'entry',
      vehicle: { plate },
      ...(perishable ? { cargo: [{ description: 'Thanh long', hsCode: '0810.90.10', packages: 900, grossKg: 15000, perishable: true }] } : {}),
    });
    const created = await call(first.url, 'POST', '/v1/trips', driver, req);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    tripIds.push(created.body.id as string);
  });
  await eachLimited(plates.slice(0, TRIPS_CHECKED_IN), 6, async (plate) => {
    const res = await call(first.url, 'POST', '/v1/gates/KT/check-ins', operator, { plate, commandId: `setup-${randomUUID()}` });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  });

  const commands: Command[] = [];
  let inFlight = 0;
  let killed = false;
  const send = async (base: string, cmd: Command): Promise<Answer | null> => {
    inFlight++;
    try {
      const answer = await call(base, 'POST', cmd.path, operator, cmd.body);
      return answer;
    } catch {
      return null; // the process died with the request in flight
    } finally {
      inFlight--;
    }
  };
  const sendFirst = async (cmd: Command) => {
    const answer = await send(first.url, cmd);
    if (answer) cmd.answers.push(answer);
    return answer;
  };

  const laneWorker = async (laneId: string) => {
    while (!killed) {
      let lanes: Array<{ id: string; trip: { id: string; state: string } | null }>;
      try {
        lanes = (await call(first.url, 'GET', '/v1/gates/KT/lanes', operator)).body?.lanes ?? [];
      } catch {
        return;
      }
      const trip = lanes.find((l) => l.id === laneId)?.trip;
      const kind = trip ? NEXT_ACTION[trip.state] : undefined;
      if (!trip || !kind || kind === 'check-in') {
        await sleep(5);
        continue;
      }
      const cmd = laneCommand(kind, laneId, trip.id);
      commands.push(cmd);
      // Every third command goes out twice at once, as a client retrying too early would.
      const copies = commands.length % 3 === 0 ? 2 : 1;
      const answers = await Promise.all(Array.from({ length: copies }, () => sendFirst(cmd)));
      if (answers.every((a) => a === null)) return;
    }
  };
  const checkInLater = async (plate: string) => {
    await sleep(randomInt(0, 400));
    if (killed) return;
    const cmd = checkInCommand(plate);
    commands.push(cmd);
    await sendFirst(cmd);
  };

  const laneIds = ['KT-X1', 'KT-X2', 'KT-P1', 'KT-N1', 'KT-N2', 'KT-N3'];
  const burst = Promise.all([
    ...laneIds.map(laneWorker),
    ...plates.slice(TRIPS_CHECKED_IN).map(checkInLater),
  ]);
  // Kill once enough commands were answered, with requests in flight, at one of the persist consumer's
  // two hardest moments: holding events it read but has not stored, or just after acknowledging a batch
  // (a consumer that acknowledged before its transaction committed would lose that batch here).
  const answeredBeforeKill = randomInt(15, 45);
  const killMoment = randomInt(2) === 0 ? 'events in hand' : 'batch just acknowledged';
  const burstStarted = Date.now();
  let readyAt: number | null = null;
  let sawPending = false;
  while (Date.now() - burstStarted < 8000) {
    const answeredNow = commands.filter((c) => c.answers.some(is2xx)).length;
    if (answeredNow >= answeredBeforeKill && inFlight > 0) {
      readyAt ??= Date.now();
      const pending = await persistPending(redis, stream);
      if (killMoment === 'events in hand' ? pending > 0 : sawPending && pending === 0) break;
      sawPending ||= pending > 0;
      if (Date.now() - readyAt > 1500) break;
    }
    await sleep(1);
  }
  const inFlightAtKill = inFlight;
  killed = true;
  await first.kill();
  await burst;
  // Where the kill left the persist consumer: events it had read but not stored.
  const unstoredAtKill = await persistPending(redis, stream);

  const answered = commands.filter((c) => c.answers.some(is2xx));
  expect(answered.length, 'commands answered before the kill').toBeGreaterThan(5);
  // Before the kill, no request was answered with anything but success (or a clean refusal).
  for (const c of commands) for (const a of c.answers) expect([200, 201, 409], `${c.path} ${JSON.stringify(a.body)}`).toContain(a.status);

  // --- Second process on the same database and Redis prefix. ---
  // No timer ticks in the second process: crossings paced by a timer would keep adding events
  // while Redis and the database are being compared.
  const second = await start({ timerIntervalMs: 3_600_000 });
  await expect.poll(async () => (await call(second.url, 'GET', '/readyz')).status, { timeout: 10_000 }).toBe(200);
  const postgres = store.kind === 'postgres' ? await store.open() : null;
  const waitCaughtUp = async () => {
    await expect.poll(() => persistCaughtUp(redis, stream), { timeout: 15_000, interval: 100 }).toBe(true);
    if (postgres) {
      // PostgreSQL can be read while the child runs: the log holds every seq the stream handed out.
      await expect
        .poll(async () => {
          const seq = Number(await redis.hget(gateKeysOf(scheduler).meta, 'seq'));
          return (await postgres.prisma.gateEvent.count({ where: { gateCode: 'KT' } })) - seq;
        }, { timeout: 15_000 })
        .toBe(0);
    }
  };
  await waitCaughtUp();

  // (a) Every command answered with success before the kill took effect.
  const before = eventsByCommand(await readStream(redis, stream));
  for (const c of answered) {
    expect(before.get(c.commandId)?.map((e) => e.type) ?? [], `${c.kind} ${c.commandId}`).toContain(EFFECT[c.kind]);
  }

  // (b) Every command of the burst, retried with its commandId (twice at once), is applied at most once.
  const unansweredButApplied = commands.filter((c) => !c.answers.some(is2xx) && before.has(c.commandId)).length;
  const retries = await Promise.all(commands.map(async (c) => ({ c, answers: await Promise.all([send(second.url, c), send(second.url, c)]) })));
  for (const { c, answers } of retries) {
    const label = `${c.kind} ${c.commandId}`;
    for (const a of answers) {
      expect(a, label).not.toBeNull();
      expect([200, 201, 409], `${label}: ${JSON.stringify(a!.body)}`).toContain(a!.status);
      if (a!.status === 409) expect(a!.body?.error?.code, label).toEqual(expect.any(String));
    }
    const applied = c.answers.some(is2xx) || before.has(c.commandId);
    if (applied) {
      for (const a of answers) {
        // A check-in retried after its trip moved on is refused by state, before it reaches the scheduler.
        if (c.kind === 'check-in' && a!.status === 409) continue;
        expect({ status: a!.status, replayed: a!.body?.replayed }, label).toEqual({ status: 200, replayed: true });
      }
    }
    const firstApplications = [...c.answers, ...(answers as Answer[])].filter((a) => is2xx(a) && a.body?.replayed === false);
    expect(firstApplications.length, `${label} answered as newly applied`).toBeLessThanOrEqual(1);
  }
  await waitCaughtUp();
  const streamEvents = await readStream(redis, stream);
  const after = eventsByCommand(streamEvents);
  for (const c of commands) {
    const label = `${c.kind} ${c.commandId}`;
    const events = after.get(c.commandId) ?? [];
    if (before.has(c.commandId)) expect(events.map((e) => e.seq), `${label}: no new events on retry`).toEqual(before.get(c.commandId)!.map((e) => e.seq));
    expect(events.filter((e) => e.type === EFFECT[c.kind]).length, label).toBeLessThanOrEqual(1);
  }

  // (c) The scheduler's invariants hold in Redis.
  expect(await scheduler.invariants()).toEqual([]);

  // Stop cleanly; from here nothing changes Redis or the database (and PGlite is free to open).
  await second.stop();
  const db = await store.open();

  // (e) The event log is the stream: seq 1..N, no gaps, no duplicates, same events.
  const rows = await db.prisma.gateEvent.findMany({
    where: { gateCode: 'KT' },
    orderBy: { seq: 'asc' },
    select: { seq: true, type: true, commandId: true, tripId: true, streamId: true },
  });
  const lastSeq = Number(await redis.hget(gateKeysOf(scheduler).meta, 'seq'));
  expect(streamEvents.at(-1)?.seq, 'nothing happened after the last catch-up').toBe(lastSeq);
  const storedSeqs = new Set(rows.map((r) => r.seq));
  const missing = streamEvents.filter((e) => !storedSeqs.has(e.seq)).map((e) => `${e.seq} ${e.type} ${e.commandId} ${e.streamId}`);
  expect(missing, `events on the stream but not in the database\n${second.stderr()}`).toEqual([]);
  expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: lastSeq }, (_, i) => i + 1));
  expect(rows).toEqual(streamEvents.map((e) => ({ seq: e.seq, type: e.type, commandId: e.commandId, tripId: e.trip?.id ?? null, streamId: e.streamId })));

  // (d) The trip projections equal Redis for every live trip, and the last event for every other.
  const trips = await db.prisma.trip.findMany({ where: { id: { in: tripIds } } });
  expect(trips).toHaveLength(plates.length);
  const lastEvent = new Map<string, GateEvent>();
  for (const e of streamEvents) if (e.trip) lastEvent.set(e.trip.id, e);
  const live = new Set(await redis.smembers(gateKeysOf(scheduler).live));
  const hashes = await Promise.all(trips.map((trip) => redis.hgetall(gateKeysOf(scheduler).trip(trip.id))));
  for (const [i, row] of trips.entries()) {
    const projected = {
      state: row.state, stages: row.stages, stageIndex: row.stageIndex, laneCode: row.laneCode, hold: row.hold,
      noShows: row.noShows, deadline: row.deadline, lastEventSeq: row.lastEventSeq,
    };
    const event = lastEvent.get(row.id);
    const placement = live.has(row.id) ? placementFromHash(row.id, hashes[i]!) : event?.trip;
    if (!placement) {
      // Never reached the scheduler: the kill came before its check-in was sent.
      expect(projected.state, row.id).toBe('registered');
      continue;
    }
    expect(projected, `trip ${row.id}`).toEqual({
      state: placement.state, stages: placement.stages, stageIndex: placement.stageIndex, laneCode: placement.laneId,
      hold: placement.hold, noShows: placement.noShows, deadline: placement.deadline, lastEventSeq: event!.seq,
    });
  }

  // Printed so a run shows what it exercised (the kill point is random).
  console.info(
    `crash test (killed: ${killMoment}): ${commands.length} commands, ${answered.length} answered before the kill, ${inFlightAtKill} requests in flight ` +
      `at the kill, ${unansweredButApplied} applied but unanswered, ${unstoredAtKill} events read but not stored at the kill; ` +
      `${lastSeq} events, ${live.size} live trips, database ${store.kind}`,
  );
});

it('completes a check-in whose process died right after the scheduler took it: the retry places the pending hold', async () => {
  const t = await startTestApi();
  cleanups.push(() => t.close());
  const [driver, operator, quarantine] = await Promise.all([t.token('driver1'), t.token('operator1'), t.token('quarantine1')]);
  const req = tripRequest({ direction: 'entry' });
  const trip = (await t.call('POST', '/v1/trips', { token: driver, body: req })).body;
  const hold = await t.call('POST', '/v1/internal/agency-decisions', {
    token: quarantine,
    body: { declarationNumber: req.declarations![0], hold: { action: 'place', reason: 'sample' } },
  });
  expect(hold.body.trips[0]).toMatchObject({ tripId: trip.id, hold: 'recorded' });

  // The check-in route's scheduler step, and then the process dies: nothing after it ran.
  const scheduler = t.platform.schedulers.get('KT')!;
  const commandId = `crash-${randomUUID()}`;
  // Exactly what the route sends: the operator's id as actor, and the request's hash (the key is scoped to both).
  const operatorId = (await t.call('GET', '/v1/me', { token: operator })).body.id as string;
  const taken = await scheduler.checkIn({
    tripId: trip.id, plate: trip.vehicle.plate, direction: trip.direction, priorityClass: trip.priorityClass,
    stages: trip.stages, appointmentAt: null, actor: `user:${operatorId}`, commandId,
    inputHash: inputHash({ plate: trip.vehicle.plate, qrToken: undefined }),
  });
  expect(taken.ok).toBe(true);
  expect((await scheduler.tripStatus(trip.id))?.trip.hold).toBe(false);

  // The operator's client retries with the same commandId: the check-in is replayed, and completed.
  const retry = await t.call('POST', '/v1/gates/KT/check-ins', { token: operator, body: { plate: trip.vehicle.plate, commandId } });
  expect(retry.status, JSON.stringify(retry.body)).toBe(200);
  expect(retry.body.replayed).toBe(true);
  expect((await scheduler.tripStatus(trip.id))?.trip.hold).toBe(true);
});
