/**
 * The gate commands run as functions of the gate library (FCALL) and as EVAL scripts from the same
 * Lua: a journey through both gives the same answers and the same events, and a server that lost
 * the library (restart without persistence, FUNCTION DELETE) gets it again on the next command.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '@borderflow/contracts';
import { GateScheduler } from './gate-scheduler.ts';
import { KIM_THANH_LANES } from './kim-thanh-lanes.ts';
import { accepted } from './testing.ts';
import { useKimThanhScheduler } from './testing-hooks.ts';
import { loadGateLibrary } from './script-loader.ts';

const T0 = Date.UTC(2026, 10, 21, 1, 0, 0);
const op = (now: number, commandId?: string) => ({ actor: 'user:op1', now, commandId });

async function journey(s: GateScheduler) {
  const answers: unknown[] = [];
  const checkIn = (tripId: string, now: number, priorityClass: 'ordinary' | 'perishable' = 'ordinary') =>
    s.checkIn({ tripId, plate: `24C${tripId}`, direction: 'exit', priorityClass, stages: ['documents', 'xray'], ...op(now, `ci-${tripId}`) });
  const a = accepted(await checkIn('a', T0));
  answers.push(a);
  for (let i = 1; i <= 8; i++) answers.push(await checkIn(`w${i}`, T0 + i, i % 3 === 0 ? 'perishable' : 'ordinary'));
  answers.push(await checkIn('a', T0 + 20)); // a repeat: the first answer again
  const lane = a.trip!.laneId!;
  answers.push(await s.startInspection({ laneId: lane, tripId: 'a', ...op(T0 + 60_000) }));
  answers.push(await s.complete({ laneId: lane, tripId: 'a', outcome: 'cleared', note: 'ok "quoted"', ...op(T0 + 120_000, 'done-a') }));
  answers.push(await s.complete({ laneId: lane, tripId: 'a', outcome: 'cleared', ...op(T0 + 120_500) })); // refused
  answers.push(await s.placeHold({ tripId: 'w2', reason: 'customs', ...op(T0 + 130_000) }));
  answers.push(await s.expireCallUps(T0 + 3_600_000));
  answers.push(await s.paceCrossings(T0 + 3_600_000));
  const events = (await s.readEvents('0', 10_000)).map(({ streamId: _id, ...e }) => e);
  return { answers, events };
}

describe('gate commands as functions and as scripts', () => {
  const { t, s } = useKimThanhScheduler(T0, { checkInvariants: true });

  it('give the same answers and the same events', async () => {
    const evalGate = new GateScheduler({ redis: t.redis, gate: 'KT', prefix: `${t.prefix}eval:`, useFunctions: false });
    await evalGate.configure(KIM_THANH_LANES, DEFAULT_POLICY, { actor: 'test', now: T0 });
    const calls = async (command: string) =>
      Number(new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(await t.redis.info('commandstats'))?.[1] ?? 0);
    const fcall0 = await calls('fcall');
    const viaFunctions = await journey(s);
    expect(await calls('fcall')).toBeGreaterThan(fcall0);
    const evalsha1 = await calls('evalsha');
    const viaScripts = await journey(evalGate);
    expect(await calls('evalsha')).toBeGreaterThan(evalsha1);
    expect(viaFunctions.events.length).toBeGreaterThan(15);
    expect(viaScripts).toEqual(viaFunctions);
    expect(await evalGate.invariants()).toEqual([]);
    await evalGate.deleteGateKeys();
  });

  it('loads the library again when the server lost it', async () => {
    accepted(await s.checkIn({ tripId: 'x', plate: '24Cx', direction: 'exit', priorityClass: 'ordinary', stages: ['documents'], ...op(T0) }));
    const name = /^#!lua name=(\S+)/.exec(loadGateLibrary().code)![1]!;
    await t.redis.call('FUNCTION', 'DELETE', name);
    const again = accepted(await s.checkIn({ tripId: 'y', plate: '24Cy', direction: 'exit', priorityClass: 'ordinary', stages: ['documents'], ...op(T0 + 1) }));
    expect(again.trip).toMatchObject({ id: 'y' });
    // And the next commands are functions again.
    const fcalls = async () => Number(/cmdstat_fcall:calls=(\d+)/.exec(await t.redis.info('commandstats'))?.[1] ?? 0);
    const before = await fcalls();
    await expect.poll(async () => {
      await s.placeHold({ tripId: 'y', reason: `customs ${Date.now()}`, ...op(T0 + 2) });
      return await fcalls();
    }).toBeGreaterThan(before);
  });

  it('sends each command in the caller\'s order: a read issued right after a command sees it', async () => {
    // Whether the library is known yet or not: nothing is awaited before the command is written.
    for (const tripId of ['first', 'second']) {
      const answer = s.checkIn({ tripId, plate: `24C${tripId}`, direction: 'exit', priorityClass: 'ordinary', stages: ['documents'], ...op(T0) });
      const events = s.readEvents('0', 10_000);
      expect((await events).some((e) => e.trip?.id === tripId)).toBe(true);
      accepted(await answer);
    }
  });
});
