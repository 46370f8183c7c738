/**
 * With several workers, one gate's deltas come from one of them (the lease), in seq order. Before
 * the lease, two fan-out consumers of the same group shared the stream's entries between them, and
 * clients saw seqs out of order. A holder that stops hands over; a holder that dies is replaced once
 * its lease lapses, and its unsent entries are taken over.
 */
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GateEvent } from '@borderflow/contracts';
import type { GateScheduler } from '@borderflow/scheduler';
import { kimThanhScheduler } from '@borderflow/scheduler/testing';
import { testRedis, type TestRedis } from '@borderflow/testkit/testing';
import { startFanout, type Fanout } from './fanout.ts';

const logger = pino({ level: 'silent' });
const T0 = Date.UTC(2026, 11, 6, 2, 0, 0);
const WAIT = { timeout: 20_000, interval: 50 };

let t: TestRedis;
let s: GateScheduler;
const fanouts: Fanout[] = [];
beforeEach(async () => {
  t = testRedis();
  s = await kimThanhScheduler(t, T0);
});
afterEach(async () => {
  await Promise.all(fanouts.splice(0).map((f) => f.stop()));
  await t.cleanup();
});

/** One fan-out "process": what it emitted, in order. */
function worker(name: string, options: { leaseMs?: number; claimIdleMs?: number } = {}) {
  const seen: number[] = [];
  const fanout = startFanout({
    redis: t.redis,
    streamKey: s.eventsStream(),
    consumer: name,
    logger,
    blockMs: 100,
    batch: 2, // small batches: without the lease, both consumers get a share of a burst
    claimIdleMs: options.claimIdleMs ?? 500,
    leaseMs: options.leaseMs,
    emit: (event: GateEvent) => {
      seen.push(event.seq);
    },
  });
  fanouts.push(fanout);
  return { fanout, seen };
}

/** `n` lane status changes: one gate event each. */
async function burst(n: number, from: number) {
  for (let i = 0; i < n; i++) {
    await s.setLaneStatus({ laneId: 'KT-X2', status: (from + i) % 2 === 0 ? 'paused' : 'open', reason: `burst ${from + i}`, actor: 'user:op1', now: T0 + from + i });
  }
}

const increasing = (seqs: number[]) => seqs.every((seq, i) => i === 0 || seq > seqs[i - 1]!);

describe('the live fan-out lease', () => {
  it('lets one of two workers emit every delta of the gate, in seq order', async () => {
    const a = worker('a', { leaseMs: 1500 });
    const b = worker('b', { leaseMs: 1500 });
    await expect.poll(() => Number(a.fanout.reading()) + Number(b.fanout.reading()), WAIT).toBe(1);
    await new Promise((r) => setTimeout(r, 300)); // the holder's group exists before the burst
    const first = (await s.seq()) ?? 0;
    await burst(40, 0);
    const last = (await s.seq())!;
    const expected = Array.from({ length: last - first }, (_, i) => first + 1 + i);
    await expect.poll(() => [...a.seen, ...b.seen].filter((q) => q > first).sort((x, y) => x - y), WAIT).toEqual(expected);
    const holder = a.fanout.reading() ? a : b;
    const other = holder === a ? b : a;
    expect(other.seen.filter((q) => q > first)).toEqual([]);
    expect(increasing(holder.seen)).toBe(true);
  });

  it('waits out a dead holder\'s lease, then takes over the entries it read but never sent', async () => {
    const stream = s.eventsStream();
    // A worker killed with -9: it held the lease and had read three entries it never acknowledged.
    await t.redis.xgroup('CREATE', stream, 'fanout', '$', 'MKSTREAM');
    await burst(3, 0);
    await t.redis.xreadgroup('GROUP', 'fanout', 'ghost', 'COUNT', 3, 'STREAMS', stream, '>');
    await t.redis.set(`${stream}:fanout-lease`, 'ghost', 'PX', 4000);
    const b = worker('b', { leaseMs: 1500, claimIdleMs: 300 });
    await new Promise((r) => setTimeout(r, 500));
    expect(b.fanout.reading()).toBe(false); // the lease has not lapsed yet
    await expect.poll(() => b.fanout.reading(), WAIT).toBe(true);
    await expect.poll(() => b.seen.length, WAIT).toBe(3);
    expect(Number(((await t.redis.call('XPENDING', stream, 'fanout')) as [number])[0])).toBe(0);
  });

  it('hands over at once on a clean stop', async () => {
    const a = worker('a', { leaseMs: 1500 });
    await expect.poll(() => a.fanout.reading(), WAIT).toBe(true);
    const b = worker('b', { leaseMs: 1500 });
    await new Promise((r) => setTimeout(r, 300));
    await burst(6, 0);
    await expect.poll(() => a.seen.length, WAIT).toBe(6);
    await a.fanout.stop();
    await expect.poll(() => b.fanout.reading(), WAIT).toBe(true);
    await burst(6, 6);
    await expect.poll(() => b.seen.length, WAIT).toBe(6);
    expect(increasing([...a.seen, ...b.seen])).toBe(true);
  });

  it('without a lease, two consumers split a burst between them (why the lease exists)', async () => {
    const a = worker('a');
    const b = worker('b');
    await new Promise((r) => setTimeout(r, 300));
    await burst(40, 0);
    await expect.poll(() => a.seen.length + b.seen.length, WAIT).toBe(40);
    // Each got a share: a client of both sees seqs out of order.
    expect(a.seen.length).toBeGreaterThan(0);
    expect(b.seen.length).toBeGreaterThan(0);
  });
});
