/**
 * The merged lane cycle of scheduler-bench.ts (a check-in sent with a completeStage that records
 * its start), driven against the Redis at REDIS_URL, for counting what Redis executes per cycle.
 * Wall-clock and CPU figures on these shared 2-core machines move by ±30 % with the neighbours'
 * load; an instruction count under callgrind does not. scheduler-instructions.sh runs redis-server
 * under `valgrind --tool=callgrind --instr-atstart=no` and this program switches the counting on
 * around the timed cycles only (CG_PID), so setup is not counted.
 *
 *   bash benchmarks/scheduler-instructions.sh services/scheduler/src [/path/to/other/scheduler/src …]
 *
 * Each argument is a scheduler source folder (its gate-scheduler.ts is imported), so the code of
 * another commit, checked out into a folder of this tree, is measured in the same session.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import type { GateScheduler as Scheduler } from '@borderflow/scheduler';
import { fillBenchGate } from './bench-gate.ts';

const LANES = 200;
const WAITING = Number(process.env.BENCH_WAITING ?? 600);
const CYCLES = Number(process.env.BENCH_CYCLES ?? 300);
const CONCURRENCY = 8;

async function run(srcDir: string) {
  const { GateScheduler } = (await import(resolve(srcDir, 'gate-scheduler.ts'))) as { GateScheduler: typeof Scheduler };
  const redis = new Redis(process.env.REDIS_URL!, { enableAutoPipelining: true });
  await redis.flushall();
  const s = new GateScheduler({ redis, gate: 'BENCH', prefix: 'b:' });
  const { lanes, checkIn, meta } = await fillBenchGate(s, LANES, WAITING);
  const laneTrip = new Map<string, string>();
  for (const l of lanes) laneTrip.set(l.id, (await redis.hget(`b:{g:BENCH}:lane:${l.id}`, 'trip'))!);
  await redis.config('RESETSTAT');
  const pid = process.env.CG_PID;
  const callgrind = (...args: string[]) => { if (pid) execFileSync('callgrind_control', [...args, pid], { stdio: 'ignore' }); };
  callgrind('-z');
  callgrind('-i', 'on');
  let done = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async (_, w) => {
    for (let k = 0; done < CYCLES; k++) {
      done++;
      const laneId = `L${w + CONCURRENCY * (k % (LANES / CONCURRENCY))}`;
      const now = Date.now();
      // BENCH_COMMAND_IDS=1: with commandIds, as the API sends them (scheduler-bench.ts).
      const id = process.env.BENCH_COMMAND_IDS === '1' ? `cg-${w}-${k}` : undefined;
      const [, r] = await Promise.all([checkIn(id && `${id}-in`), s.complete({ laneId, tripId: laneTrip.get(laneId)!, outcome: 'cleared', startedAt: now, ...meta, now, commandId: id && `${id}-done` })]);
      if (!r.ok) throw new Error(`${r.code} ${r.message}`);
      laneTrip.set(laneId, r.laneTripId!);
    }
  }));
  callgrind('-i', 'off');
  callgrind('-d', 'cycles');
  const stats = await redis.info('commandstats');
  // Redis' own count of the commands the scripts called, per cycle and by name (INFO commandstats).
  const byName = [...stats.matchAll(/cmdstat_(\w+):calls=(\d+)/g)]
    .filter(([, name]) => !['evalsha', 'eval', 'fcall', 'function', 'info', 'config', 'hget', 'flushall'].includes(name!))
    .map(([, name, calls]) => [name!, +(Number(calls) / done).toFixed(2)] as const)
    .sort(([, a], [, b]) => b - a);
  const inner = byName.reduce((sum, [, perCycle]) => sum + perCycle, 0);
  const [last] = await redis.xrevrange('b:{g:BENCH}:events', '+', '-', 'COUNT', 1);
  console.log(JSON.stringify({
    src: srcDir, cycles: done, redis_commands_per_cycle: +inner.toFixed(1), commands: Object.fromEntries(byName),
    event_json_bytes: last?.[1][last[1].indexOf('json') + 1]?.length,
  }));
  await redis.quit();
}

for (const dir of process.argv.slice(2)) await run(dir);
