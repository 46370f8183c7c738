/**
 * The M/M/c check of the real scheduler: Poisson arrivals, exponential
 * service, c identical lanes, one priority class (so the published policy is
 * FIFO), driven through `GateScheduler` on real Redis in virtual time.
 *
 * Method (what makes a 5 % tolerance honest with tens of thousands of trucks
 * instead of millions):
 *  - Start in steady state: the number already in the gate is drawn from the
 *    stationary M/M/c law, so every measured truck sees the steady state (PASTA)
 *    and no warm-up has to be discarded.
 *  - Batch means: m batches of consecutive trucks give a t-based 95 % interval.
 *  - Control variates (Lavenberg & Welch): the waits the same trucks would have
 *    had at one lane c times as fast (an M/M/1 with rate cμ, Lindley's recursion
 *    on the same inter-arrival and service times, started from its own stationary
 *    law with the same uniform) have an exactly known mean ρ/(cμ − λ) and move with
 *    the M/M/c waits: the fitted correction removes most of the variance, which at
 *    ρ = 0.95 grows like 1/(1 − ρ)². The inter-arrival and service sample means are
 *    the textbook controls too; they help little here and are reported for contrast.
 *  - Utilisation: lane busy time in m equal time windows, with the work that
 *    arrived in each window (mean ρ per lane) as control.
 * Per truck the scheduler runs three Lua commands (check-in, start, complete)
 * and one HMGET of the lane that just freed (which truck it called).
 */
import type { Redis } from 'ioredis';
import { GateScheduler, type LaneConfig } from '@borderflow/scheduler';
import { createRandom } from '../random.ts';
import { exponential } from './random-variates.ts';
import {
  erlangC, erlangCMeanWait, fastServerMeanWait, fastServerStationaryWait, stationaryNumberInSystem, utilisation,
  type MmcParameters,
} from './erlang.ts';
import { batchMeansInterval, type IntervalEstimate } from './statistics.ts';

export interface MmcExperimentOptions {
  redis: Redis;
  /** Key prefix of this run (its keys are deleted at the end). */
  prefix: string;
  c: number;
  rho: number;
  /** Measured trucks (arrivals after time 0); a multiple of `batches`. */
  customers: number;
  batches: number;
  seed: number;
  /** Mean service time, ms of simulated time. Default 10 min. */
  meanServiceMs?: number;
}

export interface MmcExperimentResult {
  c: number;
  rho: number;
  customers: number;
  batches: number;
  seed: number;
  initialInSystem: number;
  theory: { meanWaitMs: number; probabilityOfWait: number; utilisation: number };
  /** Share of measured trucks that waited at all (Erlang C estimate, for the record). */
  observedProbabilityOfWait: number;
  params: MmcParameters;
  /** Per-batch means of responses and controls (independent runs can be pooled by concatenation). */
  batchMeans: MmcBatchMeans;
  wait: MmcIntervals['wait'];
  utilisation: MmcIntervals['utilisation'];
  commands: number;
  wallMs: number;
}

export interface MmcBatchMeans {
  wait: number[];
  fastWait: number[];
  gap: number[];
  service: number[];
  busy: number[];
  work: number[];
  fastBusy: number[];
}

export interface MmcIntervals {
  wait: { raw: IntervalEstimate; inputMeans: IntervalEstimate; fastServer: IntervalEstimate };
  utilisation: { raw: IntervalEstimate; controlled: IntervalEstimate };
}

/**
 * The 95 % intervals of the mean wait and the utilisation from batch means: plain, with the
 * input means as controls, and with the fast-single-server controls (the ones to trust).
 * @example mmcIntervals(r.params, r.batchMeans).wait.fastServer
 */
export function mmcIntervals(p: MmcParameters, b: MmcBatchMeans): MmcIntervals {
  const rho = utilisation(p);
  return {
    wait: {
      raw: batchMeansInterval(b.wait),
      inputMeans: batchMeansInterval(b.wait, [{ batches: b.gap, mean: 1 / p.lambda }, { batches: b.service, mean: 1 / p.mu }]),
      fastServer: batchMeansInterval(b.wait, [{ batches: b.fastWait, mean: fastServerMeanWait(p) }]),
    },
    utilisation: {
      raw: batchMeansInterval(b.busy),
      controlled: batchMeansInterval(b.busy, [{ batches: b.work, mean: rho }, { batches: b.fastBusy, mean: rho }]),
    },
  };
}

const T0 = Date.UTC(2026, 0, 1);
const actor = 'sim:mmc';

/**
 * @example
 * const r = await runMmcExperiment({ redis, prefix: 't:mmc:', c: 2, rho: 0.85, customers: 12_000, batches: 10, seed: 1 });
 * r.wait.fastServer.estimate // ≈ r.theory.meanWaitMs
 */
export async function runMmcExperiment(o: MmcExperimentOptions): Promise<MmcExperimentResult> {
  const started = performance.now();
  if (o.customers % o.batches !== 0) throw new Error('customers must be a multiple of batches');
  const meanService = o.meanServiceMs ?? 600_000;
  const p: MmcParameters = { c: o.c, mu: 1 / meanService, lambda: (o.rho * o.c) / meanService };
  const rnd = createRandom(o.seed);
  const n = o.customers;

  // Inputs first, all rounded to whole ms so that Redis and the controls see the same numbers.
  // Service times are drawn per service start (i.i.d., so the same law as per truck): every event
  // time is then known without waiting for Redis, and commands can be pipelined (see below).
  const u0 = rnd.next();
  const initial = stationaryNumberInSystem(p, u0);
  const arrivalAt = new Float64Array(n);
  let t = T0;
  for (let k = 0; k < n; k++) {
    t += Math.max(1, Math.round(exponential(rnd, 1 / p.lambda)));
    arrivalAt[k] = t;
  }
  const starts = Array.from({ length: initial + n }, () => Math.max(1, Math.round(exponential(rnd, meanService))));
  let nextStart = 0;
  /** Service time of each measured truck (m<k>), known once Redis said which truck a lane took. */
  const service = new Float64Array(n).fill(Number.NaN);
  const calledAt = new Float64Array(n).fill(Number.NaN);

  const gate = 'MMC';
  const s = new GateScheduler({ redis: o.redis, gate, prefix: o.prefix, clock: () => T0 });
  const lanes: LaneConfig[] = Array.from({ length: o.c }, (_, i) => ({
    id: `M${i + 1}`, name: `Lane ${i + 1}`, direction: 'exit', capabilities: ['documents'], classes: [], status: 'open',
  }));
  // One class and no aging or deadline that could interfere: the published order is plain FIFO.
  await s.configure(lanes, {
    interleave: ['ordinary'], agingMs: 10 ** 12, callUpTimeoutMs: 10 ** 12, noShowPenaltyMs: 0,
    appointmentGraceMs: 0, crossCapPerHour: { exit: 0, entry: 0 },
  }, { actor, now: T0 - 1_000_000 });

  /*
   * Pipelining. The loop never waits for an answer it does not need yet: commands go out in
   * event order on one connection (Redis applies them in that order, each at its own virtual
   * `now`), and an answer is awaited only when a later command needs it — the id of the truck a
   * lane is serving, to complete it. Which lane a direct call took and which truck a freed lane
   * called come from the answers; the local count of waiting trucks only predicts *that* a call
   * happens (work conservation), and every answer is checked against that prediction.
   */
  let commands = 0;
  const pending: Promise<unknown>[] = [];
  const must = (r: { ok: boolean }, what: string) => {
    if (!r.ok) throw new Error(`${what}: ${JSON.stringify(r)}`);
  };
  interface InService { endAt: number; lane: Promise<string>; trip: Promise<string>; started: Promise<unknown> }
  const inService: InService[] = [];
  const busyIntervals: [number, number][] = [];
  let waiting = 0;
  const serve = (lane: Promise<string>, trip: Promise<string>, now: number) => {
    const duration = starts[nextStart++]!;
    // Resolves once the start is on the wire (not answered): the lane's complete can follow it.
    const started = Promise.all([lane, trip]).then(([laneId, tripId]) => {
      if (tripId.startsWith('m')) {
        calledAt[Number(tripId.slice(1))] = now;
        service[Number(tripId.slice(1))] = duration;
      }
      commands++;
      pending.push(s.startInspection({ laneId, tripId, actor, now }).then((r) => must(r, `start ${tripId}`)));
    });
    inService.push({ endAt: now + duration, lane, trip, started });
    busyIntervals.push([now, now + duration]);
  };
  const checkIn = (tripId: string, now: number) => {
    commands++;
    return s.checkIn({ tripId, plate: tripId, direction: 'exit', priorityClass: 'ordinary', stages: ['documents'], actor, now });
  };

  // Trucks already in the gate at time 0, in FIFO order just before it; those in a lane start at 0.
  for (let j = 0; j < initial; j++) {
    const r = await checkIn(`i${j}`, T0 - (initial - j));
    if (!r.ok) throw new Error(`check-in i${j}: ${r.message}`);
    if (r.trip?.state === 'called' && r.trip.laneId) serve(Promise.resolve(r.trip.laneId), Promise.resolve(`i${j}`), T0);
    else waiting++;
  }

  let next = 0;
  while (next < n || waiting > 0) {
    let first = -1;
    for (let i = 0; i < inService.length; i++) if (first < 0 || inService[i]!.endAt < inService[first]!.endAt) first = i;
    const compAt = first < 0 ? Number.POSITIVE_INFINITY : inService[first]!.endAt;
    const arrAt = next < n ? arrivalAt[next]! : Number.POSITIVE_INFINITY;
    if (arrAt < compAt) {
      const id = `m${next++}`;
      const answer = checkIn(id, arrAt);
      if (inService.length < o.c) {
        // A lane is idle: the truck must be called to it at once.
        const lane = answer.then((r) => {
          if (!r.ok || r.trip?.state !== 'called' || !r.trip.laneId) throw new Error(`${id} should have been called: ${JSON.stringify(r)}`);
          return r.trip.laneId;
        });
        serve(lane, Promise.resolve(id), arrAt);
      } else {
        waiting++;
        pending.push(answer.then((r) => {
          if (!r.ok || r.trip?.state !== 'queued') throw new Error(`${id} should have queued: ${JSON.stringify(r)}`);
        }));
      }
      continue;
    }
    const done = inService.splice(first, 1)[0]!;
    const [laneId, tripId] = await Promise.all([done.lane, done.trip, done.started]);
    commands++;
    pending.push(s.complete({ laneId, tripId, outcome: 'cleared', actor, now: compAt }).then((r) => must(r, `complete ${tripId}`)));
    const lane = s.laneOccupant(laneId);
    if (waiting > 0) {
      waiting--;
      serve(Promise.resolve(laneId), lane.then(({ occupancy, tripId: trip }) => {
        if (occupancy !== 'called' || !trip) throw new Error(`${laneId} should have called the next truck, it is ${occupancy}`);
        return trip;
      }), compAt);
    } else {
      pending.push(lane.then(({ occupancy }) => {
        if (occupancy !== 'idle') throw new Error(`${laneId} should be idle with nobody waiting, it is ${occupancy}`);
      }));
    }
    if (pending.length > 2_000) await Promise.all(pending.splice(0));
  }
  await Promise.all(inService.map((x) => x.started));
  await Promise.all(pending);
  if (calledAt.some(Number.isNaN)) throw new Error('a measured truck was never called');
  await s.deleteGateKeys();

  const a = analyse({ p, u0, c: o.c, m: o.batches, arrivalAt, service, calledAt, busyIntervals });
  const batchMeans: MmcBatchMeans = {
    wait: a.waitB, fastWait: a.fastWaitB, gap: a.gapB, service: a.svcB, busy: a.busyB, work: a.workB, fastBusy: a.fastBusyB,
  };
  const rho = utilisation(p);
  return {
    c: o.c, rho: o.rho, customers: n, batches: o.batches, seed: o.seed, initialInSystem: initial,
    theory: { meanWaitMs: erlangCMeanWait(p), probabilityOfWait: erlangC(p), utilisation: rho },
    observedProbabilityOfWait: a.waited / n,
    params: p,
    batchMeans,
    ...mmcIntervals(p, batchMeans),
    commands,
    wallMs: performance.now() - started,
  };
}

interface AnalysisInput {
  p: MmcParameters;
  u0: number;
  c: number;
  m: number;
  arrivalAt: Float64Array;
  service: Float64Array;
  calledAt: Float64Array;
  busyIntervals: [number, number][];
}

/**
 * Batch means of the responses and of their controls:
 *  - waits, inter-arrival and service times per batch of consecutive trucks;
 *  - the fast single server (one lane c times as fast) on the same inputs, started from its
 *    stationary workload drawn with the same uniform as the M/M/c start: its waits per batch
 *    (mean ρ/(cμ − λ)) and its busy share per time window (mean ρ);
 *  - lane busy share and the work that arrived (mean ρ) per equal time window of [0, last arrival].
 */
function analyse({ p, u0, c, m, arrivalAt, service, calledAt, busyIntervals }: AnalysisInput) {
  const n = arrivalAt.length;
  const size = n / m;
  const zeros = () => new Array<number>(m).fill(0);
  const waitB = zeros();
  const fastWaitB = zeros();
  const gapB = zeros();
  const svcB = zeros();
  const busyB = zeros();
  const workB = zeros();
  const fastBusyB = zeros();
  const end = arrivalAt[n - 1]!;
  const width = (end - T0) / m;
  const addOverlap = (into: number[], from: number, to: number, lanes: number) => {
    for (let b = Math.max(0, Math.floor((from - T0) / width)); b < m; b++) {
      const lo = T0 + b * width;
      if (lo >= to) break;
      const overlap = Math.min(to, lo + width) - Math.max(from, lo);
      if (overlap > 0) into[b]! += overlap / (lanes * width);
    }
  };
  let waited = 0;
  // Workload of the fast server (time to empty it) just after the previous arrival.
  let workload = fastServerStationaryWait(p, u0);
  let previous = T0;
  for (let k = 0; k < n; k++) {
    const gap = arrivalAt[k]! - previous;
    addOverlap(fastBusyB, previous, previous + Math.min(workload, gap), 1);
    const fastWait = Math.max(0, workload - gap);
    workload = fastWait + service[k]! / c;
    previous = arrivalAt[k]!;
    const wait = calledAt[k]! - arrivalAt[k]!;
    if (wait > 0) waited++;
    const b = Math.floor(k / size);
    waitB[b]! += wait / size;
    fastWaitB[b]! += fastWait / size;
    gapB[b]! += gap / size;
    svcB[b]! += service[k]! / size;
    workB[Math.min(m - 1, Math.floor((arrivalAt[k]! - T0) / width))]! += service[k]! / (c * width);
  }
  for (const [from, to] of busyIntervals) addOverlap(busyB, from, to, c);
  return { waitB, fastWaitB, gapB, svcB, busyB, workB, fastBusyB, waited };
}
