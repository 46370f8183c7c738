/**
 * `npm run bench -- list-page-cost` (issue 13, "list page cost"): what the live part of one page of
 * 50 trips costs in Redis, read the old way (one `tripStatus` per trip, as `GET /v1/trips` did) and
 * the new way (`tripStatuses` of the page: one MULTI of the trips' hashes and the seq, and the gate's
 * one projection), on the same gate in the same run. Commands and round trips are counted at the
 * client (a pipeline or MULTI is one round trip); before each page an event moves the gate's seq,
 * as under load, so the projection is made again once per page.
 */
import { Redis } from 'ioredis';
import { DEFAULT_POLICY } from '@borderflow/contracts';
import { GateScheduler, KIM_THANH_LANES } from '@borderflow/scheduler';
import { closeBenchRedis, openBenchRedis } from './bench-redis.ts';
import { recordResult } from './record-result.ts';

const PAGE = 50;
const ROUNDS = 20;

export type Counted = { commands: number; roundTrips: number };

/** Counts the commands and round trips the client sends (pipelines and MULTIs are one trip each). */
export function counting(redis: Redis): Counted {
  const counted = { commands: 0, roundTrips: 0 };
  let batching = false;
  /* eslint-disable @typescript-eslint/no-explicit-any -- wrapping ioredis internals for counting only */
  const r = redis as any;
  const send = r.sendCommand.bind(r);
  r.sendCommand = (command: unknown, ...rest: unknown[]) => {
    counted.commands++;
    if (!batching) counted.roundTrips++;
    return send(command, ...rest);
  };
  for (const kind of ['pipeline', 'multi']) {
    const make = r[kind].bind(r);
    r[kind] = (...args: unknown[]) => {
      const batch = make(...args);
      const exec = batch.exec.bind(batch);
      batch.exec = (...e: unknown[]) => {
        counted.roundTrips++;
        batching = true;
        try {
          return exec(...e);
        } finally {
          batching = false;
        }
      };
      return batch;
    };
  }
  /* eslint-enable @typescript-eslint/no-explicit-any */
  return counted;
}

const p = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

export async function runListPageCostBench() {
  const server = await openBenchRedis();
  const redis = new Redis(server.url);
  const counted = counting(redis);
  const prefix = `bench:list-page:${process.pid}:`;
  try {
    const scheduler = new GateScheduler({ redis, gate: 'KT', prefix });
    let now = Date.now();
    await scheduler.configure(KIM_THANH_LANES, DEFAULT_POLICY, { actor: 'bench', now });
    const ids: string[] = [];
    for (let i = 0; i < PAGE; i++) {
      ids.push(`page-${i}`);
      await scheduler.checkIn({
        tripId: ids[i]!, plate: `24C${10_000 + i}`, direction: i % 3 ? 'exit' : 'entry', priorityClass: 'ordinary',
        stages: ['documents', 'gate'], appointmentAt: null, actor: 'bench', now,
      });
    }
    const ways = {
      per_trip: () => Promise.all(ids.map((id) => scheduler.tripStatus(id, now))),
      page: () => scheduler.tripStatuses(ids, now),
    };
    const figures: Record<string, { commands: number; round_trips: number; p50_ms: number; p99_ms: number }> = {};
    const times: Record<string, number[]> = { per_trip: [], page: [] };
    const costs: Record<string, Counted> = {};
    let flips = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const [way, read] of Object.entries(ways)) {
        // An event before each page: the gate's seq moves, as it does under load.
        await scheduler.setLaneStatus({ laneId: 'KT-N1', status: flips++ % 2 ? 'open' : 'paused', reason: 'bench', actor: 'bench', now: ++now });
        counted.commands = 0;
        counted.roundTrips = 0;
        const t0 = performance.now();
        await read();
        times[way]!.push(performance.now() - t0);
        costs[way] = { ...counted };
      }
    }
    for (const way of Object.keys(ways)) {
      const sorted = times[way]!.sort((a, b) => a - b);
      figures[way] = { commands: costs[way]!.commands, round_trips: costs[way]!.roundTrips, p50_ms: +p(sorted, 0.5).toFixed(1), p99_ms: +p(sorted, 0.99).toFixed(1) };
    }
    console.log(figures);
    recordResult('list-page-cost', 'npm run bench -- list-page-cost', { page: PAGE, rounds: ROUNDS, redis: server.kind, ...figures },
      `live part of a page of ${PAGE} waiting trips, ${ROUNDS} rounds, a new seq before each: one read per trip ${figures.per_trip!.commands} commands in `
      + `${figures.per_trip!.round_trips} round trips (p50 ${figures.per_trip!.p50_ms} ms, p99 ${figures.per_trip!.p99_ms} ms); the page's one read `
      + `${figures.page!.commands} commands in ${figures.page!.round_trips} round trips (p50 ${figures.page!.p50_ms} ms, p99 ${figures.page!.p99_ms} ms); Redis: ${server.kind}`);
    return figures;
  } finally {
    await closeBenchRedis(redis, prefix, server);
  }
}
