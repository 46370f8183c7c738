/**
 * `resync` no longer amplifies load: a socket past its burst gets an error
 * ack (before: every resync was served), and many resyncs of a gate at the
 * same sequence cost one snapshot build (before: one full build each).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '@borderflow/contracts';
import { GateScheduler, KIM_THANH_LANES } from '@borderflow/scheduler';
import { testRedis, type TestRedis } from '@borderflow/testkit/testing';
import { startTestApi, type TestApi } from '../testing/test-api.ts';
import { DEFAULT_RESYNC_LIMITS, GateSnapshotCache, ResyncBucket } from './resync-limits.ts';

describe('resync over the real /live namespace', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi();
  });
  afterAll(() => t?.close());

  it('serves a burst, then answers the excess with RATE_LIMITED', async () => {
    const socket = await t.socket(await t.token('operator1'));
    const acks = await Promise.all(Array.from({ length: 12 }, () => socket.emitWithAck('resync', { gate: 'KT' })));
    const served = acks.filter((a) => a.ok).length;
    // The bucket may refill by a token while the 12 are answered under load, never more.
    expect(served).toBeGreaterThanOrEqual(DEFAULT_RESYNC_LIMITS.burst);
    expect(served).toBeLessThanOrEqual(DEFAULT_RESYNC_LIMITS.burst + 1);
    for (const a of acks.filter((x) => !x.ok)) expect(a.error.code).toBe('RATE_LIMITED');
    // Another socket has its own bucket.
    const other = await t.socket(await t.token('manager1'));
    expect((await other.emitWithAck('resync', { gate: 'KT' })).ok).toBe(true);
  });

  it('still checks who may follow the gate', async () => {
    const socket = await t.socket(await t.token('driver1'));
    const ack = await socket.emitWithAck('resync', { gate: 'KT' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('the gate snapshot cache', () => {
  let r: TestRedis;
  let kt: GateScheduler;
  beforeEach(async () => {
    r = await testRedis();
    kt = new GateScheduler({ redis: r.redis, gate: 'KT', prefix: r.prefix });
    await kt.configure(KIM_THANH_LANES, DEFAULT_POLICY, { actor: 'test' });
  });
  afterEach(() => r?.cleanup());

  it('builds one snapshot for many resyncs at one sequence, and a new one when the sequence moves', async () => {
    const cache = new GateSnapshotCache(r.redis, kt, { maxSnapshotAgeMs: 60_000 });
    const first = await Promise.all(Array.from({ length: 50 }, () => cache.get()));
    expect(cache.builds).toBe(1);
    expect(new Set(first.map((s) => s.seq)).size).toBe(1);
    await kt.setLaneStatus({ laneId: 'KT-X1', status: 'paused', reason: 'test', actor: 'test' });
    const after = await cache.get();
    expect(cache.builds).toBe(2);
    expect(after.seq).toBeGreaterThan(first[0]!.seq);
    expect(after.lanes.find((l) => l.id === 'KT-X1')?.status).toBe('paused');
  });

  it('rebuilds a snapshot older than its maximum age even at the same sequence', async () => {
    let now = 1_000;
    const cache = new GateSnapshotCache(r.redis, kt, { maxSnapshotAgeMs: 500 }, () => now);
    await cache.get();
    now += 400;
    await cache.get();
    expect(cache.builds).toBe(1);
    now += 200;
    await cache.get();
    expect(cache.builds).toBe(2);
  });
});

describe('the resync bucket', () => {
  it('refills one token per period up to the burst', () => {
    let now = 0;
    const bucket = new ResyncBucket({ burst: 2, refillMs: 1000 }, () => now);
    expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, false]);
    now += 999;
    expect(bucket.take()).toBe(false);
    now += 1;
    expect(bucket.take()).toBe(true);
    now += 10_000;
    expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, false]);
  });
});
