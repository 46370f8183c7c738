/**
 * `npm run bench -- delta-projection` (issue 15, fan-out under load): what the ETA projection of one
 * live delta costs after an event, with 120 trucks waiting (DELTA_PROJECTION_WAITING): the commands and
 * round trips it sends (counted at the client, as list-page-cost does), its CPU, and the time from the
 * event to the projection on an event loop kept busy in 20 ms synchronous chunks, as registrations on
 * PGlite keep the API's loop busy in the fan-out bench. There every round trip waits for a chunk to
 * end, so the wait is about round trips × chunk: the part of a loaded delta's latency the fan-out's
 * own code decides, without the 1,000 clients and the machine's load of the fan-out bench.
 */
import { Redis } from 'ioredis';
import { DEFAULT_POLICY } from '@borderflow/contracts';
import { GateScheduler, KIM_THANH_LANES } from '@borderflow/scheduler';
import { closeBenchRedis, openBenchRedis } from './bench-redis.ts';
import { recordResult } from './record-result.ts';
import { counting } from './list-page-cost-bench.ts';
import { summarizeLatencies } from './latency.ts';

const WAITING = Number(process.env.DELTA_PROJECTION_WAITING ?? 120);
const QUIET = 300;
const BUSY = 60;
/** A registration's CPU on PGlite in the API process (RESULTS.md, fanout2: ~20 ms). */
const CHUNK_MS = 20;

export async function runDeltaProjectionBench() {
  const server = await openBenchRedis();
  const redis = new Redis(server.url, { enableAutoPipelining: true });
  const counted = counting(redis);
  const prefix = `bench:delta-projection:${process.pid}:`;
  try {
    const scheduler = new GateScheduler({ redis, gate: 'KT', prefix });
    await scheduler.configure(KIM_THANH_LANES, DEFAULT_POLICY, { actor: 'bench', now: Date.now() });
    // Lanes paused: every truck checked in waits, so each event adds one to the queues.
    for (const lane of KIM_THANH_LANES) await scheduler.setLaneStatus({ laneId: lane.id, status: 'paused', reason: 'bench', actor: 'bench', now: Date.now() });
    let n = 0;
    const checkIn = () => scheduler.checkIn({
      tripId: `p-${n}`, plate: `24C${10_000 + n}`, direction: n++ % 3 ? 'exit' : 'entry', priorityClass: 'ordinary',
      stages: ['documents', 'gate'], appointmentAt: null, actor: 'bench', now: Date.now(),
    });
    for (let i = 0; i < WAITING; i++) await checkIn();
    /** One event, then its delta's projection as the fan-out makes it (it knows the event's seq). */
    const projectAfterEvent = async () => {
      await checkIn();
      const seq = await scheduler.reader.seq();
      counted.commands = 0;
      counted.roundTrips = 0;
      const t0 = performance.now();
      await scheduler.readModel.places(Date.now(), seq);
      return performance.now() - t0;
    };
    await projectAfterEvent();

    let cpuUs = 0;
    const quiet: number[] = [];
    for (let i = 0; i < QUIET; i++) {
      const cpu0 = process.cpuUsage();
      quiet.push(await projectAfterEvent());
      const cpu = process.cpuUsage(cpu0);
      cpuUs += cpu.user + cpu.system;
    }
    const cost = { commands: counted.commands, round_trips: counted.roundTrips };

    let spinning = true;
    const spin = () => {
      if (!spinning) return;
      const end = performance.now() + CHUNK_MS;
      while (performance.now() < end);
      setImmediate(spin);
    };
    setImmediate(spin);
    const busy: number[] = [];
    try {
      for (let i = 0; i < BUSY; i++) busy.push(await projectAfterEvent());
    } finally {
      spinning = false;
    }
    const q = summarizeLatencies(quiet);
    const b = summarizeLatencies(busy);
    const figures = {
      waiting: WAITING, redis: server.kind, ...cost,
      /** Client CPU of one event's check-in and its projection (the projection's share is most of it). */
      cpu_us_per_event: Math.round(cpuUs / QUIET),
      quiet_p50_ms: q.p50_ms, quiet_p99_ms: q.p99_ms,
      busy_chunk_ms: CHUNK_MS, busy_p50_ms: b.p50_ms, busy_p90_ms: b.p90_ms, busy_max_ms: b.max_ms,
    };
    recordResult('delta-projection', 'npm run bench -- delta-projection', figures,
      `a live delta's ETA projection after an event, ${WAITING} trucks waiting: ${cost.commands} commands in ${cost.round_trips} round trips, `
      + `quiet p50 ${q.p50_ms} ms (${figures.cpu_us_per_event} µs CPU per event with its check-in); on a loop busy in ${CHUNK_MS} ms chunks `
      + `p50 ${b.p50_ms} ms, p90 ${b.p90_ms} ms; Redis: ${server.kind}`);
    return figures;
  } finally {
    await closeBenchRedis(redis, prefix, server);
  }
}
