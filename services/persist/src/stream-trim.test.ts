/**
 * The persistence consumer trims the gate stream, but only below what EVERY consumer group is
 * done with: a consumer of another group (live fan-out, customs relay) that died holding
 * entries, or is down and behind, finds all of them when it comes back. Real Redis, real database.
 */
import { beforeEach, expect, it } from 'vitest';
import { GateKeys } from '@borderflow/scheduler/testing';
import { startEventConsumer, type EventConsumer } from './event-consumer.ts';
import { usePersistTest } from './test-hooks.ts';
import { appendEvents, gateEvent, placement } from './test-fixtures.ts';

const { db, t, consumers } = usePersistTest();
let stream: string;
beforeEach(() => {
  stream = new GateKeys(t.prefix, 'KT').events;
});

type Entries = Array<[string, Array<[string, string[] | null]>]> | null;
const seqsOf = (reply: Entries) => (reply?.[0]?.[1] ?? []).map(([, fields]) => (fields ? Number(fields[1]) : null));
const events = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => gateEvent(from + i, 'trip_queued', { trip: placement(`t${from + i}`) }));

/** A persistence consumer that trims at once whatever it is allowed to. */
function trimmingConsumer(): EventConsumer {
  const c = startEventConsumer({
    redis: t.redis, prisma: db.prisma, gate: 'KT', prefix: t.prefix, blockMs: 100, retainMs: 0, trimEveryMs: 0,
    claimIdleMs: 200, claimEveryMs: 100, onError: () => undefined,
  });
  consumers.push(c);
  return c;
}

it('keeps what a killed or stopped consumer of any group has not acknowledged, and trims the rest', async () => {
  // The live fan-out group starts at `$`, the customs relay's at `0` (both as the platform creates them).
  await appendEvents(t.redis, stream, events(1, 4));
  await t.redis.xgroup('CREATE', stream, 'fanout', '$');
  await t.redis.xgroup('CREATE', stream, 'customs', '0');

  // Killed mid-batch: each read entries and died before acknowledging them.
  const fanoutTook = seqsOf((await t.redis.xreadgroup('GROUP', 'fanout', 'api-a', 'COUNT', 10, 'STREAMS', stream, '>')) as Entries);
  expect(fanoutTook).toEqual([]); // `$`: nothing before it
  await appendEvents(t.redis, stream, events(5, 6));
  expect(seqsOf((await t.redis.xreadgroup('GROUP', 'fanout', 'api-a', 'COUNT', 10, 'STREAMS', stream, '>')) as Entries)).toEqual([5, 6]);
  expect(seqsOf((await t.redis.xreadgroup('GROUP', 'customs', 'worker-a', 'COUNT', 2, 'STREAMS', stream, '>')) as Entries)).toEqual([1, 2]);
  // A persistence consumer killed holding 1..3.
  await t.redis.xgroup('CREATE', stream, 'persist', '0');
  expect(seqsOf((await t.redis.xreadgroup('GROUP', 'persist', 'dead', 'COUNT', 3, 'STREAMS', stream, '>')) as Entries)).toEqual([1, 2, 3]);

  // A live persistence consumer stores everything (claiming the dead one's entries) and trims.
  const c = trimmingConsumer();
  await expectEventually(async () => (await db.prisma.gateEvent.count()) === 6);
  await c.drained();
  await c.drained();

  // Each killed consumer, restarted under its name, finds its own entries whole.
  const fanoutAgain = (await t.redis.xreadgroup('GROUP', 'fanout', 'api-a', 'COUNT', 10, 'STREAMS', stream, '0')) as Entries;
  expect(seqsOf(fanoutAgain)).toEqual([5, 6]);
  const customsAgain = (await t.redis.xreadgroup('GROUP', 'customs', 'worker-a', 'COUNT', 10, 'STREAMS', stream, '0')) as Entries;
  expect(seqsOf(customsAgain)).toEqual([1, 2]);
  // And the customs relay, behind, still gets what it was never handed.
  expect(seqsOf((await t.redis.xreadgroup('GROUP', 'customs', 'worker-b', 'COUNT', 10, 'STREAMS', stream, '>')) as Entries)).toEqual([3, 4, 5, 6]);

  // Once every group has acknowledged, the next trim takes the stream down to its tail.
  await t.redis.xack(stream, 'fanout', ...(fanoutAgain![0]![1].map((e) => e[0])));
  const customsAll = (await t.redis.xreadgroup('GROUP', 'customs', 'worker-b', 'COUNT', 10, 'STREAMS', stream, '0')) as Entries;
  await t.redis.xack(stream, 'customs', ...customsAll![0]![1].map((e) => e[0]), ...customsAgain![0]![1].map((e) => e[0]));
  await appendEvents(t.redis, stream, events(7, 7));
  await expectEventually(async () => (await t.redis.xlen(stream)) <= 2);
});

async function expectEventually(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
