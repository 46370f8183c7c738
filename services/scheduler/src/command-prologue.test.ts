/**
 * The prologue every gate command runs (gate-context.lua `begin`), as a Redis Function and as an
 * EVAL script: with a command id the answer and the fence are read in one MGET, the gate's key
 * names are built once per gate and kept across commands, and a check-in clears a TTL only where
 * a retired trip's hash left one. Each refusal keeps its code and wording.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '@borderflow/contracts';
import { GateScheduler } from './gate-scheduler.ts';
import { KIM_THANH_LANES } from './kim-thanh-lanes.ts';
import { accepted, gateKeysOf } from './testing.ts';
import { useKimThanhScheduler } from './testing-hooks.ts';

const T0 = Date.UTC(2026, 10, 21, 1, 0, 0);
const op = (now: number, commandId?: string) => ({ actor: 'user:op1', now, commandId });

describe.each([true, false])('the command prologue (functions: %s)', (useFunctions) => {
  const { t, s: fcall } = useKimThanhScheduler(T0);
  const s = () => (useFunctions ? fcall : new GateScheduler({ redis: t.redis, gate: 'KT', prefix: t.prefix, useFunctions: false }));
  const checkIn = (tripId: string, now: number, commandId?: string) =>
    s().checkIn({ tripId, plate: `24C${tripId}`, direction: 'exit', priorityClass: 'ordinary', stages: ['documents'], ...op(now, commandId) });

  it('refuses a command with an id on a fenced gate, lets the fence holder through, and replays an earlier answer', async () => {
    const first = accepted(await checkIn('a', T0, 'ci-a'));
    const token = await s().fence();
    expect(await checkIn('b', T0 + 1, 'ci-b')).toEqual({
      ok: false, code: 'GATE_REBUILDING', message: 'gate KT is rebuilding its live state from the database; retry shortly',
    });
    // An answer given before the fence is the same command's answer: replayed, nothing appended.
    const seq = await s().seq();
    expect(await checkIn('a', T0 + 2, 'ci-a')).toEqual({ ...first, replayed: true });
    expect(await s().seq()).toBe(seq);
    accepted(await s().checkIn({ tripId: 'c', plate: '24Cc', direction: 'exit', priorityClass: 'ordinary', stages: ['documents'], actor: token, now: T0 + 3, commandId: 'ci-c' }));
    await s().unfence(token);
    accepted(await checkIn('b', T0 + 4, 'ci-b'));
  });

  it('refuses a command id used before for other input, in the same words', async () => {
    accepted(await checkIn('a', T0, 'ci-1'));
    expect(await checkIn('b', T0 + 1, 'ci-1')).toEqual({
      ok: false, code: 'COMMAND_ID_REUSED',
      message: 'commandId ci-1 was already used for a different request; use a new commandId',
    });
  });

  it('keeps no TTL on a trip checked in again after it was retired, and sets none on a new one', async () => {
    const keys = gateKeysOf(s());
    const a = accepted(await checkIn('a', T0));
    accepted(await s().startInspection({ laneId: a.trip!.laneId!, tripId: 'a', ...op(T0 + 1) }));
    accepted(await s().complete({ laneId: a.trip!.laneId!, tripId: 'a', outcome: 'turned_back', ...op(T0 + 2) }));
    expect(await t.redis.ttl(keys.trip('a'))).toBeGreaterThan(0);
    accepted(await checkIn('a', T0 + 3));
    expect(await t.redis.ttl(keys.trip('a'))).toBe(-1);
    accepted(await checkIn('n', T0 + 4));
    expect(await t.redis.ttl(keys.trip('n'))).toBe(-1);
  });

  it('calls up by the policy published since the last command, not the one parsed before it', async () => {
    const reasonOf = async (tripId: string) => (await s().readEvents()).findLast((e) => e.type === 'trip_called' && e.trip?.id === tripId)?.reason;
    accepted(await checkIn('a', T0));
    expect(await reasonOf('a')).toMatchObject({ policyVersion: 1 });
    await s().setPolicy({ ...DEFAULT_POLICY, callUpTimeoutMs: 123_000 }, op(T0 + 1));
    const b = accepted(await checkIn('b', T0 + 2));
    expect(await reasonOf('b')).toMatchObject({ policyVersion: 2 });
    expect(b.trip?.deadline).toBe(T0 + 2 + 123_000);
    // Written outside the commands (a rebuild restores the meta hash): read, not remembered.
    await t.redis.hset(gateKeysOf(s()).meta, 'callUpTimeoutMs', '45000');
    accepted(await s().cancel({ tripId: 'b', ...op(T0 + 3) })); // frees b's lane for c
    expect(accepted(await checkIn('c', T0 + 4)).trip?.deadline).toBe(T0 + 4 + 45_000);
  });

  it('writes each gate into its own keys when commands of two gates alternate', async () => {
    const other = new GateScheduler({ redis: t.redis, gate: 'KT2', prefix: t.prefix, useFunctions });
    await other.configure(KIM_THANH_LANES, DEFAULT_POLICY, { actor: 'test', now: T0 });
    try {
      for (let i = 0; i < 3; i++) {
        accepted(await checkIn(`a${i}`, T0 + i, `a${i}`));
        accepted(await other.checkIn({ tripId: `b${i}`, plate: `24Cb${i}`, direction: 'exit', priorityClass: 'ordinary', stages: ['documents'], ...op(T0 + i, `b${i}`) }));
      }
      expect((await t.redis.smembers(gateKeysOf(s()).live)).sort()).toEqual(['a0', 'a1', 'a2']);
      expect((await t.redis.smembers(gateKeysOf(other).live)).sort()).toEqual(['b0', 'b1', 'b2']);
      const token = await other.fence();
      expect(await other.checkIn({ tripId: 'b9', plate: '24Cb9', direction: 'exit', priorityClass: 'ordinary', stages: ['documents'], ...op(T0 + 9) }))
        .toMatchObject({ ok: false, code: 'GATE_REBUILDING', message: expect.stringContaining('gate KT2 ') });
      accepted(await checkIn('a9', T0 + 9));
      await other.unfence(token);
    } finally {
      await other.deleteGateKeys();
    }
  });
});
