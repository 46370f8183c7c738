/**
 * Redis keeps what a script wrote before it failed, and a gate command appends its events last
 * (emit-event.lua flushEvents): a command that fails after its first write leaves state without its
 * event. So a command refuses a bad argument (gate-context.lua badNumberArgument) or a trip it cannot
 * complete before it writes anything; each case here checks that not one key of the gate changed.
 */
import { describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { DEFAULT_POLICY } from '@borderflow/contracts';
import { GateScheduler } from './gate-scheduler.ts';
import { accepted, gateKeysOf } from './testing.ts';
import { useKimThanhScheduler } from './testing-hooks.ts';

const T0 = Date.UTC(2026, 10, 21, 1, 0, 0);
const op = (now: number) => ({ actor: 'user:op1', now });

/** Every key under the prefix with its serialised value and TTL: equal snapshots, nothing written. */
async function snapshot(redis: Redis, prefix: string): Promise<Record<string, string>> {
  const keys = (await redis.keys(`${prefix}*`)).sort();
  const out: Record<string, string> = {};
  for (const key of keys) {
    const [dump, ttl] = await Promise.all([redis.dumpBuffer(key), redis.pttl(key)]);
    out[key] = `${dump?.toString('base64')}|${ttl}`;
  }
  return out;
}

/** The message of the error a command was refused with, or what it answered instead. */
const refusalOf = (command: Promise<unknown>): Promise<unknown> => command.then((answer) => answer, (err: Error) => err.message);

describe.each([true, false])('a gate command refused before its first write (functions: %s)', (useFunctions) => {
  const { t, s: fcall } = useKimThanhScheduler(T0);
  const s = () => (useFunctions ? fcall : new GateScheduler({ redis: t.redis, gate: 'KT', prefix: t.prefix, useFunctions: false }));
  const checkIn = (tripId: string, now: number, appointmentAt?: number) =>
    s().checkIn({ tripId, plate: `24C${tripId}`, direction: 'exit', priorityClass: 'ordinary', stages: ['documents', 'gate'], appointmentAt, ...op(now) });

  it('a check-in whose appointment is not a number writes nothing (it was checked in, its event built with `nan`)', async () => {
    const before = await snapshot(t.redis, t.prefix);
    const refusals = [await refusalOf(checkIn('a', T0, Number.NaN)), await refusalOf(checkIn('a', T0, Number.POSITIVE_INFINITY))];
    expect(await snapshot(t.redis, t.prefix)).toEqual(before);
    expect(refusals[0]).toMatch(/ARGV\[11\] must be a finite number or '', got 'NaN'/);
    expect(refusals[1]).toMatch(/ARGV\[11\] must be a finite number or '', got 'Infinity'/);
  });

  it('a policy with a number that is not finite writes nothing (the policy was stored, its event failed to encode)', async () => {
    const before = await snapshot(t.redis, t.prefix);
    const refusal = await refusalOf(s().setPolicy({ ...DEFAULT_POLICY, agingMs: Number.POSITIVE_INFINITY }, op(T0 + 1)));
    expect(await snapshot(t.redis, t.prefix)).toEqual(before);
    expect(refusal).toMatch(/ARGV\[7\] must be a finite number, got 'Infinity'/);
  });

  it('a completion with a start that is not a number writes nothing', async () => {
    const a = accepted(await checkIn('a', T0));
    const before = await snapshot(t.redis, t.prefix);
    const refusal = await refusalOf(s().complete({ laneId: a.trip!.laneId!, tripId: 'a', outcome: 'cleared', startedAt: Number.NaN, ...op(T0 + 2) }));
    expect(await snapshot(t.redis, t.prefix)).toEqual(before);
    expect(refusal).toMatch(/ARGV\[10\] must be a finite number or '', got 'NaN'/);
  });

  it('a completion of a trip whose route lost its current stage is refused before it takes the call-up deadline away', async () => {
    const a = accepted(await checkIn('a', T0));
    const keys = gateKeysOf(s());
    // Planted: the trip's hash without its stages (the service-time fields are named by the stage).
    await t.redis.hset(keys.trip('a'), 'stages', '');
    const before = await snapshot(t.redis, t.prefix);
    const answer = await s().complete({ laneId: a.trip!.laneId!, tripId: 'a', outcome: 'cleared', startedAt: T0 + 1, ...op(T0 + 2) }).catch((err: Error) => err.message);
    expect(await snapshot(t.redis, t.prefix)).toEqual(before);
    expect(answer).toMatchObject({ ok: false, code: 'TRIP_WRONG_STATE', message: 'trip a has no stage 1 to complete' });
    expect(await t.redis.zscore(keys.deadlines, 'a')).not.toBeNull();
  });
});
