import { beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from '@borderflow/db';
import { uniqueId } from '@borderflow/testkit/testing';
import { GateKeys } from '@borderflow/scheduler/testing';
import { startEventConsumer, type EventConsumer } from './event-consumer.ts';
import { usePersistTest } from './test-hooks.ts';
import { appendEvents, createTrip, gateEvent, placement, until } from './test-fixtures.ts';

const { db, seed, t, consumers } = usePersistTest();
let stream: string;
beforeEach(() => {
  stream = new GateKeys(t.prefix, 'KT').events;
});

function consumer(options: Partial<Parameters<typeof startEventConsumer>[0]> = {}): EventConsumer {
  const c = startEventConsumer({
    redis: t.redis, prisma: db.prisma, gate: 'KT', prefix: t.prefix, blockMs: 100, claimIdleMs: 60_000,
    onError: () => undefined, ...options,
  });
  consumers.push(c);
  return c;
}


const storedSeqs = async () =>
  (await db.prisma.gateEvent.findMany({ where: { gateCode: 'KT' }, orderBy: { seq: 'asc' } })).map((e) => e.seq);

describe('startEventConsumer', () => {
  it('stores every event exactly once and projects trips and lanes', async () => {
    const a = `a${uniqueId()}`;
    const b = `b${uniqueId()}`;
    await createTrip(db.prisma, seed, a);
    await createTrip(db.prisma, seed, b);
    const events = [
      gateEvent(1, 'trip_arrived', { trip: placement(a, { state: 'queued' }) }),
      gateEvent(2, 'trip_queued', { trip: placement(b, { state: 'queued', score: 5 }) }),
      gateEvent(3, 'trip_called', {
        trip: placement(a, { state: 'called', laneId: 'KT-X1', deadline: 9_999 }),
        lane: { id: 'KT-X1', status: 'open', occupancy: 'called', tripId: a },
      }),
      gateEvent(4, 'lane_status_changed', { lane: { id: 'KT-N2', status: 'maintenance', occupancy: 'idle', tripId: null } }),
      gateEvent(5, 'trip_queued', { trip: placement('missing-trip') }), // no row: event still stored
      gateEvent(6, 'trip_held', { trip: placement(b, { state: 'held', hold: true, queuedAt: 7 }) }),
    ];
    await appendEvents(t.redis, stream, events);

    const c = consumer();
    await c.drained();
    expect(await storedSeqs()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(c.status()).toMatchObject({ stored: 6, acked: 6, lastSeq: 6 });

    const tripA = await db.prisma.trip.findUniqueOrThrow({ where: { id: a } });
    expect(tripA).toMatchObject({ state: 'called', laneCode: 'KT-X1', deadline: 9_999, lastEventSeq: 3 });
    expect(tripA.arrivedAt?.getTime()).toBe(events[0]!.at);
    const tripB = await db.prisma.trip.findUniqueOrThrow({ where: { id: b } });
    expect(tripB).toMatchObject({ state: 'held', hold: true, queuedAt: 7, lastEventSeq: 6 });
    expect((await db.prisma.lane.findUniqueOrThrow({ where: { code: 'KT-N2' } })).status).toBe('maintenance');
    const logged = await db.prisma.gateEvent.findFirstOrThrow({ where: { gateCode: 'KT', seq: 3 } });
    expect(logged).toMatchObject({ type: 'trip_called', tripId: a, laneCode: 'KT-X1', actor: 'test' });
    expect((logged.payload as { trip: { state: string } }).trip.state).toBe('called');

    // New events keep flowing into the running consumer.
    await appendEvents(t.redis, stream, [gateEvent(7, 'trip_called', { trip: placement(b, { state: 'called', laneId: 'KT-X2' }) })]);
    await c.drained();
    expect(await storedSeqs()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(await t.redis.xpending(stream, 'persist')).toEqual([0, null, null, null]);

    await db.prisma.lane.update({ where: { code: 'KT-N2' }, data: { status: 'open', lastEventSeq: 0 } });
  });

  it('is idempotent under duplicate delivery and never moves a projection back', async () => {
    const a = `a${uniqueId()}`;
    await createTrip(db.prisma, seed, a);
    const first = [
      gateEvent(1, 'trip_queued', { trip: placement(a) }),
      gateEvent(2, 'trip_called', { trip: placement(a, { state: 'called', laneId: 'KT-X1' }) }),
    ];
    await appendEvents(t.redis, stream, first);
    const c = consumer();
    await c.drained();
    // The same events again (a producer retry, or a second group copying the stream), out of order.
    await appendEvents(t.redis, stream, [first[1]!, first[0]!, gateEvent(3, 'trip_at_lane', { trip: placement(a, { state: 'at_lane', laneId: 'KT-X1' }) })]);
    await c.drained();
    await appendEvents(t.redis, stream, [first[0]!]);
    await c.drained();

    expect(await storedSeqs()).toEqual([1, 2, 3]);
    expect(c.status()).toMatchObject({ stored: 3, acked: 6 });
    expect(await db.prisma.trip.findUniqueOrThrow({ where: { id: a } })).toMatchObject({ state: 'at_lane', lastEventSeq: 3 });
  });

  it('lets a second consumer claim what a dead consumer read but never acknowledged', async () => {
    const ids = (i: number) => `d${i}${uniqueId(undefined, 6)}`;
    const trips = [ids(1), ids(2), ids(3)];
    for (const id of trips) await createTrip(db.prisma, seed, id);
    const events = trips.flatMap((id, i) => [
      gateEvent(i * 2 + 1, 'trip_queued', { trip: placement(id) }),
      gateEvent(i * 2 + 2, 'trip_called', { trip: placement(id, { state: 'called', laneId: 'KT-X1' }) }),
    ]);
    await appendEvents(t.redis, stream, events);

    // The dead consumer: reads all six entries, then "crashes" (never stores, never acks).
    await t.redis.xgroup('CREATE', stream, 'persist', '0', 'MKSTREAM');
    const taken = await t.redis.xreadgroup('GROUP', 'persist', 'dead-consumer', 'COUNT', 10, 'STREAMS', stream, '>');
    expect((taken as [string, unknown[]][])[0]![1]).toHaveLength(6);

    const survivor = consumer({ consumerName: 'survivor', claimIdleMs: 300, claimEveryMs: 100 });
    await until(() => survivor.status().claimed === 6);
    await survivor.drained();
    expect(await storedSeqs()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await t.redis.xpending(stream, 'persist')).toEqual([0, null, null, null]);
    for (const id of trips) expect((await db.prisma.trip.findUniqueOrThrow({ where: { id } })).state).toBe('called');
  });

  it('keeps a batch pending when the database fails, and another consumer completes it', async () => {
    const a = `a${uniqueId()}`;
    await createTrip(db.prisma, seed, a);
    // A consumer whose database is gone: it reads, fails to store, never acks.
    const broken = await openTestDatabase();
    await broken.close();
    const errors: unknown[] = [];
    const crashed = consumer({ prisma: broken.prisma, consumerName: 'crashed', onError: (e) => errors.push(e) });
    await appendEvents(t.redis, stream, [gateEvent(1, 'trip_queued', { trip: placement(a) }), gateEvent(2, 'trip_crossed', { trip: placement(a, { state: 'crossed' }) })]);
    await until(() => errors.length > 0);
    await crashed.stop();
    expect(crashed.status().acked).toBe(0);
    expect((await t.redis.xpending(stream, 'persist'))[0]).toBe(2);

    const survivor = consumer({ consumerName: 'survivor', claimIdleMs: 200, claimEveryMs: 100 });
    await until(() => survivor.status().claimed === 2);
    await survivor.drained();
    expect(await storedSeqs()).toEqual([1, 2]);
    const trip = await db.prisma.trip.findUniqueOrThrow({ where: { id: a } });
    expect(trip.state).toBe('crossed');
    expect(trip.crossedAt?.getTime()).toBe(gateEvent(2, 'trip_crossed').at);
  });

  it('resumes its own pending entries after a restart under the same name', async () => {
    await appendEvents(t.redis, stream, [gateEvent(1, 'lane_status_changed', { lane: { id: 'KT-X1', status: 'open', occupancy: 'idle', tripId: null } })]);
    await t.redis.xgroup('CREATE', stream, 'persist', '0', 'MKSTREAM');
    await t.redis.xreadgroup('GROUP', 'persist', 'same-name', 'COUNT', 10, 'STREAMS', stream, '>');
    const restarted = consumer({ consumerName: 'same-name' });
    await restarted.drained();
    expect(await storedSeqs()).toEqual([1]);
    expect(restarted.status().claimed).toBe(0);
  });

  // Until issue 14 the reused seq was reported, acknowledged and dropped; now it is stored under a new seq.
  it('survives the stream being recreated, and stores events whose seq was reused under new seqs', async () => {
    const errors: string[] = [];
    const c = consumer({ claimEveryMs: 100, onError: (e) => errors.push(String(e)) });
    await appendEvents(t.redis, stream, [gateEvent(1, 'trip_queued', { trip: placement('p1') })]);
    await c.drained();
    // Redis lost the gate and someone configured it from scratch: seq starts at 1 again.
    await t.redis.del(stream);
    await appendEvents(t.redis, stream, [gateEvent(1, 'lane_configured', { lane: { id: 'KT-X1', status: 'open', occupancy: 'idle', tripId: null } }), gateEvent(2, 'policy_set')]);
    await until(async () => (await db.prisma.gateEvent.count({ where: { gateCode: 'KT', type: 'lane_configured', seq: { gt: 2 } } })) > 0);
    expect(errors.some((e) => /seq 1 already stored for other stream entries/.test(e))).toBe(true);
    expect((await db.prisma.gateEvent.findFirstOrThrow({ where: { gateCode: 'KT', seq: 1 } })).type).toBe('trip_queued');
    const moved = await db.prisma.gateEvent.findFirstOrThrow({ where: { gateCode: 'KT', seq: 3 } });
    expect(moved).toMatchObject({ type: 'lane_configured', payload: { detail: { divergedSeq: 1 } } });
    await until(async () => c.status().recoveries === 1);
  });

  it('trims stored events from the stream, moves malformed entries aside, and stops promptly', async () => {
    await appendEvents(t.redis, stream, [1, 2, 3].map((seq) => gateEvent(seq, 'trip_queued', { trip: placement(`x${seq}`) })));
    await t.redis.xadd(stream, '*', 'seq', 4, 'type', 'trip_queued', 'json', '{"not":"an event"}');
    const errors: unknown[] = [];
    const c = consumer({ retainMs: 0, trimEveryMs: 0, onError: (e) => errors.push(e) });
    await c.drained();
    await c.drained();
    expect(await storedSeqs()).toEqual([1, 2, 3]);
    expect(await t.redis.xlen(`${stream}:dead`)).toBe(1);
    expect(errors).toHaveLength(1);
    expect(await t.redis.xlen(stream)).toBeLessThanOrEqual(1);

    const started = Date.now();
    const slow = consumer({ blockMs: 10_000 });
    await slow.drained();
    await slow.stop();
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
