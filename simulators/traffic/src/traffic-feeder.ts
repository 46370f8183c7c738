/**
 * The built-in traffic feeder: drivers register trips, customs decides their
 * declarations, the operator checks trucks in and works the lanes, all over
 * the public HTTP API as the seeded demo users. It exists so the platform
 * looks alive on first open, and it doubles as an end-to-end exercise of the
 * API. All delays are in simulated time: `speed` 60 makes a minute a second.
 */
import { randomUUID } from 'node:crypto';
import type { LaneViewMessage, Stage } from '@borderflow/contracts';
import { ApiClient, ApiError } from './api-client.ts';
import { createRandom } from './random.ts';
import { randomTripRequest } from './random-trip.ts';
import { serviceTimeMs } from './service-times.ts';
import { createSimTimers } from './sim-timers.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** pino-compatible: `log.info({ ...fields }, 'message')`. */
export interface FeederLogger {
  debug?(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface TrafficFeederOptions {
  /** Where the API listens, e.g. `http://127.0.0.1:3000`. */
  baseUrl: string;
  gate?: string;
  /** New trips per hour of simulated time (default 120). */
  tripsPerHour?: number;
  /** Simulated time per real time (default 1): every delay and service time is divided by it. */
  speed?: number;
  /** Seed of the random traffic (default: random). */
  seed?: number;
  log?: FeederLogger;
  /** Demo users' password (default: env SEED_DEMO_PASSWORD, else 'demo'). */
  password?: string;
  /** Share of called trucks that never reach their lane (default 0.02). */
  noShowRate?: number;
  /** Real ms between two looks at the lanes (default 1000 / speed, within 50–1000). */
  tickMs?: number;
  /** No new registrations while this many of the feeder's trucks are still in the gate (default 80). */
  maxInGate?: number;
  /**
   * Post customs decisions as `customs1` (default true). Off when a customs system (the
   * customs-authority simulator behind the agency adapters) decides instead: two deciders
   * would fight over the same declarations.
   */
  agencyDecisions?: boolean;
}

export interface FeederStats {
  registered: number;
  decisions: number;
  checkedIn: number;
  called: number;
  arrived: number;
  started: number;
  completed: number;
  noShows: number;
  /** Registrations skipped because the gate was full (see `maxInGate`). */
  skipped: number;
  /** Commands refused because the state moved on meanwhile (409): expected now and then. */
  conflicts: number;
  errors: number;
  lastError: string | null;
}

export interface TrafficFeeder {
  stop(): Promise<void>;
  stats(): FeederStats;
}

/** Customs channels: ~60 % green, 30 % yellow, 10 % red. */
const CHANNELS = [['1', 60], ['2', 30], ['3', 10]] as const;

/**
 * Starts feeding traffic; returns at once (sign-in happens on the first request).
 *
 * @example
 * const feeder = startTrafficFeeder({ baseUrl: 'http://127.0.0.1:3000', speed: 10, log: logger });
 * // ... later
 * console.log(feeder.stats());
 * await feeder.stop();
 */
export function startTrafficFeeder(options: TrafficFeederOptions): TrafficFeeder {
  const gate = options.gate ?? 'KT';
  const tripsPerHour = options.tripsPerHour ?? 120;
  const speed = options.speed ?? 1;
  const noShowRate = options.noShowRate ?? 0.02;
  const maxInGate = options.maxInGate ?? 80;
  const tickMs = options.tickMs ?? Math.min(1000, Math.max(50, 1000 / speed));
  const password = options.password ?? process.env.SEED_DEMO_PASSWORD ?? 'demo';
  const log = options.log;
  const rnd = createRandom(options.seed);
  // commandIds must never repeat across runs: the API would replay an old result.
  const run = randomUUID().slice(0, 8);
  let commandCounter = 0;
  const commandId = (): string => `sim-${run}-${++commandCounter}`;

  const client = (username: string) => new ApiClient({ baseUrl: options.baseUrl, username, password });
  const drivers = [client('driver1'), client('driver2')];
  const operator = client('operator1');
  const customs = client('customs1');

  const stats: FeederStats = {
    registered: 0, decisions: 0, checkedIn: 0, called: 0, arrived: 0, started: 0,
    completed: 0, noShows: 0, skipped: 0, conflicts: 0, errors: 0, lastError: null,
  };
  let lastErrorMessage = '';
  let repeats = 0;

  function onError(name: string, err: unknown): void {
    if (err instanceof ApiError && err.status === 409) {
      stats.conflicts++;
      log?.debug?.({ job: name, code: err.code }, err.message);
      return;
    }
    stats.errors++;
    const message = err instanceof Error ? err.message : String(err);
    stats.lastError = `${name}: ${message}`;
    // An API that is down fails every tick: say so once, then every 100th time.
    if (message === lastErrorMessage && ++repeats % 100 !== 0) return;
    if (message !== lastErrorMessage) repeats = 0;
    lastErrorMessage = message;
    log?.warn({ job: name, err: message, repeats }, 'traffic feeder: job failed');
  }

  const timers = createSimTimers(speed, onError);
  /**
   * Trips the feeder registered that have not finished their last stage, with
   * when they were registered (real ms). A trip dropped elsewhere (second
   * no-show, cancelled) is forgotten after a day of simulated time.
   */
  const inGate = new Map<string, number>();

  // ---- drivers, customs, check-in -----------------------------------------

  function scheduleNextArrival(): void {
    // Poisson arrivals: exponential gaps with the configured mean.
    const meanMs = HOUR_MS / tripsPerHour;
    timers.after(-Math.log(1 - rnd.next()) * meanMs, 'register', async () => {
      scheduleNextArrival();
      await registerOne();
    });
  }

  async function registerOne(): Promise<void> {
    const forgetBefore = Date.now() - DAY_MS / speed;
    for (const [id, at] of inGate) if (at < forgetBefore) inGate.delete(id);
    if (inGate.size >= maxInGate) {
      stats.skipped++;
      return;
    }
    const checkInAfter = rnd.between(1 * MINUTE, 6 * MINUTE);
    const body = randomTripRequest(rnd, { gateCode: gate, expectedArrival: Date.now() + checkInAfter / speed });
    const trip = await rnd.pick(drivers).createTrip(body);
    stats.registered++;
    inGate.set(trip.id, Date.now());
    log?.debug?.({ tripId: trip.id, plate: trip.vehicle.plate, direction: trip.direction }, 'trip registered');
    for (const declarationNumber of options.agencyDecisions === false ? [] : trip.declarations) {
      // Most decisions come before the truck reaches the yard; some after (the route changes in the queue).
      timers.after(rnd.between(30 * SECOND, 4 * MINUTE), 'agency-decision', async () => {
        const channelCode = rnd.weighted(CHANNELS);
        const inspectionModes = channelCode === '3' ? [rnd.chance(0.7) ? 'xray' as const : 'physical' as const] : undefined;
        await customs.agencyDecision({ declarationNumber, channelCode, agency: 'customs', ...(inspectionModes ? { inspectionModes } : {}) });
        stats.decisions++;
      });
    }
    timers.after(checkInAfter, 'check-in', async () => {
      try {
        await operator.checkIn(gate, trip.vehicle.plate, commandId());
        stats.checkedIn++;
      } catch (err) {
        inGate.delete(trip.id);
        throw err;
      }
    });
  }

  // ---- the operator at the lanes ------------------------------------------

  /** Lane visits (lane:trip:stageIndex) the operator is working on or has finished. */
  const handled = new Set<string>();
  const working = new Set<string>();
  const visitKey = (laneId: string, tripId: string, stageIndex: number) => `${laneId}:${tripId}:${stageIndex}`;

  /** One lane visit: (arrive) → start → complete 'cleared', each after a realistic delay. */
  function work(lane: LaneViewMessage, from: 'called' | 'at_lane' | 'inspecting'): void {
    const trip = lane.trip;
    if (!trip) return;
    const key = visitKey(lane.id, trip.id, trip.stageIndex);
    const stage: Stage = trip.stage ?? 'gate';
    handled.add(key);
    working.add(key);
    const step = (simMs: number, name: string, job: () => Promise<unknown>, next?: () => void) => {
      timers.after(simMs, name, async () => {
        try {
          await job();
          if (next) next();
          else working.delete(key);
        } catch (err) {
          working.delete(key);
          // A refused command means the state moved on (the truck was no-showed, the lane closed):
          // drop the visit. Anything else (network) is retried on a later tick.
          if (!(err instanceof ApiError && err.status === 409)) handled.delete(key);
          throw err;
        }
      });
    };
    const complete = (remainingMs: number) =>
      step(remainingMs, 'complete', async () => {
        await operator.complete(gate, lane.id, trip.id, 'cleared', commandId());
        stats.completed++;
        if (trip.stages.length - 1 <= trip.stageIndex) inGate.delete(trip.id);
      });
    const start = () =>
      step(rnd.between(10 * SECOND, 40 * SECOND), 'start', async () => {
        await operator.start(gate, lane.id, trip.id, commandId());
        stats.started++;
      }, () => complete(serviceTimeMs(rnd, stage)));

    if (from === 'called') {
      stats.called++;
      if (rnd.chance(noShowRate)) {
        // The truck never comes; the operator gives up on it after a few minutes.
        step(3 * MINUTE, 'no-show', async () => {
          await operator.noShow(gate, trip.id, commandId());
          stats.noShows++;
        });
        return;
      }
      step(rnd.between(30 * SECOND, 2 * MINUTE), 'arrive', async () => {
        await operator.arrive(gate, lane.id, trip.id, commandId());
        stats.arrived++;
      }, start);
    } else if (from === 'at_lane') {
      start();
    } else {
      const elapsed = lane.since === null ? 0 : (Date.now() - lane.since) * speed;
      complete(Math.max(0, serviceTimeMs(rnd, stage) - elapsed));
    }
  }

  async function tick(): Promise<void> {
    const { lanes } = await operator.lanes(gate);
    const present = new Set<string>();
    for (const lane of lanes) {
      if (!lane.trip || lane.occupancy === 'idle') continue;
      const key = visitKey(lane.id, lane.trip.id, lane.trip.stageIndex);
      present.add(key);
      if (!handled.has(key)) work(lane, lane.occupancy);
    }
    // Forget finished visits once the lanes no longer show them (keeps memory bounded).
    for (const key of handled) if (!present.has(key) && !working.has(key)) handled.delete(key);
  }

  scheduleNextArrival();
  void timers.run('first-registration', registerOne);
  timers.every(tickMs, 'operator-tick', tick);
  log?.info({ gate, tripsPerHour, speed, seed: options.seed ?? null }, 'traffic feeder started');

  return {
    stats: () => ({ ...stats }),
    async stop() {
      await timers.stop();
      log?.info({ ...stats }, 'traffic feeder stopped');
    },
  };
}

const HOUR_MS = 60 * MINUTE;
const DAY_MS = 24 * HOUR_MS;
