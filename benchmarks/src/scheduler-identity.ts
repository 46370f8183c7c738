/**
 * Do two scheduler source folders behave the same? The same scenario (routes of 1–2 stages,
 * appointments, class sources, arrive/start/complete with all three outcomes, no-shows, holds,
 * set-stages, a cancel, a policy change, a lane closed and reopened, expired call-ups, refusals;
 * commands with and without commandIds) runs at a fixed clock against each folder's GateScheduler,
 * on a fresh Redis each, and every answer and every stream entry is compared: as bytes (stream ids
 * left out: they carry wall time) and decoded by the folder's own parseStreamEntry (streamId left
 * out). A change of the events' encoding must keep the decoded events equal; byte equality says
 * the encoding did not change either. Exits 1 when the decoded events or the answers differ.
 *
 *   npx tsx benchmarks/src/scheduler-identity.ts /work/wt/base/services/scheduler/src services/scheduler/src
 *
 * Runs on REDIS_URL (flushed!) or a throwaway redis-server (bench-redis.ts).
 */
import { resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Redis } from 'ioredis';
import { DEFAULT_POLICY, type Direction, type PriorityClass, type Stage } from '@borderflow/contracts';
import type { GateScheduler as Scheduler, parseStreamEntry as Parse } from '@borderflow/scheduler';
import { openBenchRedis } from './bench-redis.ts';

const T0 = 1_765_000_000_000;
const TRIPS = 60;
const ROUNDS = 20;
const CLASSES: PriorityClass[] = ['ordinary', 'trusted', 'perishable', 'empty_return', 'walk_in', 'ordinary'];

interface Run { answers: unknown[]; entries: string[][]; decoded: unknown[] }

async function scenario(srcDir: string, url: string): Promise<Run> {
  const { GateScheduler } = (await import(resolve(srcDir, 'gate-scheduler.ts'))) as { GateScheduler: typeof Scheduler };
  const { parseStreamEntry } = (await import(resolve(srcDir, 'gate-reader.ts'))) as { parseStreamEntry: typeof Parse };
  const redis = new Redis(url);
  await redis.flushall();
  let now = T0;
  const s = new GateScheduler({ redis, gate: 'ID', prefix: 'id:', clock: () => now });
  const meta = { actor: 'user:op' };
  const lanes = [0, 1, 2, 3].map((i) => ({
    id: `L${i}`, name: `Lane ${i}`, direction: (i < 3 ? 'exit' : 'entry') as Direction,
    capabilities: (i === 1 ? ['xray', 'documents'] : ['documents']) as Stage[], classes: (i === 2 ? ['perishable'] : []) as PriorityClass[],
    status: 'open' as const,
  }));
  await s.configure(lanes, { ...DEFAULT_POLICY, agingMs: 600_000 }, meta);
  const answers: unknown[] = [];
  const step = async (label: string, p: Promise<unknown>) => { answers.push([label, await p]); now += 7_000; };
  const checkIn = (i: number) => step('checkIn', s.checkIn({
    tripId: `t${i}`, plate: `29C${i}`, direction: i % 5 === 4 ? 'entry' : 'exit', priorityClass: CLASSES[i % CLASSES.length]!,
    stages: i % 3 === 0 ? ['xray', 'documents'] : ['documents'], appointmentAt: i % 4 === 0 ? now + 60_000 : undefined,
    classSource: i % 6 === 0 ? 'trusted-trader' : undefined, ...meta, commandId: i % 2 ? `in-${i}` : undefined,
  }));
  for (let i = 0; i < TRIPS / 2; i++) await checkIn(i);
  for (let round = 0; round < ROUNDS; round++) {
    if (round < TRIPS / 4) { await checkIn(TRIPS / 2 + 2 * round); await checkIn(TRIPS / 2 + 2 * round + 1); }
    for (const { id: laneId } of lanes) {
      const { occupancy, tripId } = await s.laneOccupant(laneId);
      if (!tripId) continue;
      const k = (round + Number(laneId.slice(1))) % 6;
      if (k === 0) await step('arriveAtLane', s.arriveAtLane({ laneId, tripId, ...meta }));
      if (k === 1) await step('startInspection', s.startInspection({ laneId, tripId, ...meta }));
      if (k === 5 && occupancy === 'called') { await step('markNoShow', s.markNoShow({ tripId, ...meta })); continue; }
      if (k === 4) await step('placeHold', s.placeHold({ tripId, reason: 'agency', ...meta }));
      const outcome = k === 2 ? 'held' : k === 3 ? 'turned_back' : 'cleared';
      await step('complete', s.complete({ laneId, tripId, outcome, startedAt: now - 3_000, note: 'n', ...meta, commandId: `done-${round}-${laneId}` }));
    }
    if (round === 5) await step('releaseHold', s.releaseHold({ tripId: 't2', ...meta }));
    if (round === 6) await step('setStages', s.setStages({ tripId: 't28', stages: ['documents'], ...meta }));
    if (round === 7) await step('cancel', s.cancel({ tripId: 't29', ...meta }));
    if (round === 8) await step('setPolicy', s.setPolicy({ ...DEFAULT_POLICY, agingMs: 30_000 }, meta));
    if (round === 9) await step('setLaneStatus', s.setLaneStatus({ laneId: 'L0', status: 'closed', reason: 'x', ...meta }));
    if (round === 10) await step('setLaneStatus', s.setLaneStatus({ laneId: 'L0', status: 'open', reason: 'x', ...meta }));
    if (round === 11) { now += 400_000; await step('expireCallUps', s.expireCallUps(now)); }
    await step('refused', s.complete({ laneId: 'L9', tripId: 'x', outcome: 'cleared', ...meta }));
  }
  const raw = await redis.xrange(s.eventsStream(), '-', '+');
  await redis.quit();
  return {
    answers,
    entries: raw.map(([, fields]) => fields),
    decoded: raw.map(([id, fields]) => ({ ...parseStreamEntry(id, fields), streamId: undefined })),
  };
}

const dirs = process.argv.slice(2);
if (dirs.length < 2) throw new Error('usage: scheduler-identity.ts <scheduler src> <scheduler src> [...]');
const redis = await openBenchRedis();
try {
  const [first, ...others] = await (async () => { const out: Run[] = []; for (const d of dirs) out.push(await scenario(d, redis.url)); return out; })();
  let same = true;
  for (const [i, run] of others.entries()) {
    const verdict = {
      against: dirs[0], src: dirs[i + 1], events: run.entries.length, answers: run.answers.length,
      refusals: run.answers.filter((a) => (a as [string, { ok?: boolean }])[1]?.ok === false).length,
      answersEqual: isDeepStrictEqual(first!.answers, run.answers),
      decodedEventsEqual: isDeepStrictEqual(first!.decoded, run.decoded),
      streamBytesEqual: isDeepStrictEqual(first!.entries, run.entries),
    };
    same &&= verdict.answersEqual && verdict.decodedEventsEqual;
    console.log(JSON.stringify(verdict));
  }
  process.exitCode = same ? 0 : 1;
} finally {
  await redis.stop();
}
