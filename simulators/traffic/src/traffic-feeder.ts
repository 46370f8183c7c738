/**
 * The built-in traffic feeder: drivers register trips, customs decides their
 * declarations, the operator checks trucks in and works the lanes, all over
 * the public HTTP API as the seeded demo fleet's own accounts (BorderFlow Demo
 * Fleet). It only ever acts on trips it registered itself: a person's truck in
 * the same gate is never checked in, no-showed, started or completed by it.
 * It books a slot for each trip through the booking API like any driver (the
 * same cut-off, quotas and full hours) and its truck arrives inside the slot's
 * window; only a trip that finds no slot it may take comes as a walk-in, within
 * the hour's walk-in share, or is cancelled. Its arrival rate follows the
 * capacity plan (slot-plan.ts). It exists so the platform
 * looks alive on first open, and it doubles as an end-to-end exercise of the
 * API. All delays are in simulated time: `speed` 60 makes a minute a second.
 */
import { randomUUID } from 'node:crypto';
import { ROUTES } from '@borderflow/client';
import { hasPerishableHeading, type RestLaneView, type Stage } from '@borderflow/contracts';
import { ApiClient, ApiError } from './api-client.ts';
import { createRandom } from './random.ts';
import { randomTripRequest } from './random-trip.ts';
import { serviceTimeMs } from './service-times.ts';
import { createSimTimers } from './sim-timers.ts';
import { arrivalInWindow, DEFAULT_UTILISATION, localDate, planRatePerHour, slotsToTry } from './slot-plan.ts';
import { startEntranceCamera, type EntranceCamera } from './devices/entrance-camera.ts';
import { startEntranceWeighbridge, type EntranceWeighbridge } from './devices/entrance-weighbridge.ts';

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
  /** New trips per hour of simulated time (default: `utilisation` of the capacity plan's slots, per real hour). */
  tripsPerHour?: number;
  /** Share of the capacity plan's slots to fill when `tripsPerHour` is not given (default 0.6). */
  utilisation?: number;
  /** The gate's time zone, for the public slot feed's local dates (default Asia/Ho_Chi_Minh, the seeded gate's). */
  timeZone?: string;
  /** Per-request timeout of its API calls, ms (default the client's 10 s; tests on a loaded machine give more). */
  requestTimeoutMs?: number;
  /** The feeder's accounts (default: the demo fleet the seed creates, DEMO_FLEET_ACCOUNTS). */
  accounts?: { drivers: readonly string[]; operator: string; customs: string };
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
  /**
   * A yard entrance camera the trucks pass (the demo): `adminAccount` registers it at start, it pushes
   * to `url` (default `baseUrl`: the API's push routes; the device gateway's port works the same).
   * Perishable loads are still checked in by the operator, who has to look at the cargo.
   */
  entranceCamera?: { adminAccount: string; url?: string } | false;
  /**
   * A weighbridge inside the yard entrance (the demo): `adminAccount` registers it at start; each truck
   * checked in is weighed through it a little later (pushing to `url`, default `baseUrl`), a few over
   * their legal limit, held, and released by the operator after a while.
   */
  weighbridge?: { adminAccount: string; url?: string; overweightRate?: number } | false;
}

export interface FeederStats {
  registered: number;
  /** Trips that booked a slot (their trucks come in its window, real time). */
  booked: number;
  /** Trips that found no slot they could book (cut-off, full hours, quota, suspension) and came as walk-ins. */
  walkIns: number;
  decisions: number;
  checkedIn: number;
  /** Of those, checked in by the entrance camera alone. */
  cameraCheckIns: number;
  /** Doubtful camera reads an operator decided. */
  confirmedReads: number;
  /** Trucks weighed at the entrance weighbridge, and of those found over their limit (held, then released). */
  weighed: number;
  overweight: number;
  /** Overweight holds the operator released. */
  released: number;
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
  const utilisation = options.utilisation ?? DEFAULT_UTILISATION;
  const timeZone = options.timeZone ?? 'Asia/Ho_Chi_Minh';
  const speed = options.speed ?? 1;
  /** The capacity plan's rate at the last look (real hours: slots are the gate's hours, whatever the speed). */
  let planRate: { perRealHour: number; at: number } | null = null;
  const tripsPerHour = (): number => options.tripsPerHour ?? (planRate ? planRate.perRealHour / speed : 0);
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

  const client = (username: string) =>
    new ApiClient({ baseUrl: options.baseUrl, username, password, ...(options.requestTimeoutMs ? { timeoutMs: options.requestTimeoutMs } : {}) });
  const accounts = options.accounts ?? DEMO_FLEET_ACCOUNTS;
  const drivers = accounts.drivers.map(client);
  const operator = client(accounts.operator);
  const customs = client(accounts.customs);

  const stats: FeederStats = {
    registered: 0, booked: 0, walkIns: 0, decisions: 0, checkedIn: 0, cameraCheckIns: 0, confirmedReads: 0, weighed: 0, overweight: 0, released: 0, called: 0, arrived: 0, started: 0,
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

  /** Registered on first use; a failed registration is tried again at the next truck. */
  let camera: Promise<EntranceCamera> | null = null;
  const entranceCamera = (): Promise<EntranceCamera> | null => {
    const wanted = options.entranceCamera;
    if (!wanted) return null;
    camera ??= startEntranceCamera({
      url: wanted.url ?? options.baseUrl, gate, admin: client(wanted.adminAccount), operator, rnd,
    }).catch((err: unknown) => {
      camera = null;
      throw err;
    });
    return camera;
  };

  let scale: Promise<EntranceWeighbridge> | null = null;
  /**
   * A checked-in truck rolls onto the weighbridge a little later; over its limit it is held, and the
   * operator releases it once the load is put right (a few simulated minutes).
   */
  function weighSoon(plate: string, tripId: string): void {
    const wanted = options.weighbridge;
    if (!wanted) return;
    scale ??= startEntranceWeighbridge({
      url: wanted.url ?? options.baseUrl, gate, admin: client(wanted.adminAccount), rnd,
      ...(wanted.overweightRate !== undefined ? { overweightRate: wanted.overweightRate } : {}),
    }).catch((err: unknown) => {
      scale = null;
      throw err;
    });
    timers.after(rnd.between(20 * SECOND, 90 * SECOND), 'weighbridge', async () => {
      const outcome = await (await scale!).weigh(plate);
      if (outcome !== 'weighed' && outcome !== 'overweight_hold') return;
      stats.weighed++;
      if (outcome !== 'overweight_hold') return;
      stats.overweight++;
      timers.after(rnd.between(3 * MINUTE, 8 * MINUTE), 'overweight-release', async () => {
        await (await operator.signedIn()).call(ROUTES.releaseHold, { params: { gate, tripId }, body: { commandId: commandId() } });
        stats.released++;
      });
    });
  }

  /** The truck passes the entrance camera; true when nothing is left for the operator's check-in now. */
  async function passCamera(trip: { id: string; vehicle: { plate: string } }): Promise<boolean> {
    const ready = entranceCamera();
    if (!ready) return false;
    const cam = await ready.catch((err: unknown) => {
      onError('entrance-camera', err);
      return null;
    });
    if (!cam) return false;
    const pass = await cam.pass(trip.vehicle.plate);
    if (pass.outcome === 'checked_in') {
      stats.checkedIn++;
      stats.cameraCheckIns++;
      weighSoon(trip.vehicle.plate, trip.id);
      return true;
    }
    if (pass.outcome === 'by_hand') return false;
    // A doubtful read: it waits in the console's queue a little, then the operator looks at it.
    timers.after(CONFIRM_AFTER_MS, 'plate-confirmation', async () => {
      const decided = await cam.decide(pass.confirmationId!, trip.id);
      if (decided === 'dismissed') await operator.checkIn(gate, trip.vehicle.plate, commandId());
      if (decided !== 'gone') stats.confirmedReads++;
      stats.checkedIn++;
      weighSoon(trip.vehicle.plate, trip.id);
    });
    return true;
  }

  /** Trip ids this feeder registered (real ms of registration): the only trips it acts on. */
  const own = new Map<string, number>();

  /**
   * Bookings whose truck has not come yet (by trip), with the driver's account that booked: cancelled
   * on stop. The booking, not the trip: a driver may not cancel a trip customs put on the red channel.
   */
  const awaited = new Map<string, { driver: ApiClient; bookingId: string }>();

  /** Reads the capacity plan's slots of the hour the next trips book (the public feed), once a real minute. */
  async function refreshPlan(): Promise<void> {
    if (options.tripsPerHour !== undefined || (planRate && Date.now() - planRate.at < MINUTE)) return;
    const hour = slotsToTry(Date.now())[0]!;
    const feed = await operator.publicSlots(gate, localDate(hour, timeZone));
    planRate = { perRealHour: planRatePerHour(feed, hour, utilisation), at: Date.now() };
  }

  function scheduleNextArrival(): void {
    const rate = tripsPerHour();
    if (rate <= 0) {
      // No slots planned (or the plan not read yet): look again in a simulated minute.
      timers.after(MINUTE, 'register-wait', async () => {
        try {
          await refreshPlan();
        } finally {
          scheduleNextArrival();
        }
      });
      return;
    }
    // Poisson arrivals: exponential gaps with the current mean.
    const meanMs = HOUR_MS / rate;
    timers.after(-Math.log(1 - rnd.next()) * meanMs, 'register', async () => {
      try {
        await refreshPlan();
      } finally {
        scheduleNextArrival();
      }
      await registerOne();
    });
  }

  /**
   * Books the first of `starts` the API gives this trip; null when none (then the truck comes
   * without a slot). A full hour (or one past its cut-off) tries the next; any other refusal
   * (quota, suspension, the vehicle's other booking) holds for every hour.
   */
  async function bookFirstFree(driver: ApiClient, tripId: string, starts: readonly number[]): Promise<{ start: number; id: string } | null> {
    for (const start of starts) {
      try {
        return { start, id: (await driver.bookSlot(tripId, start)).id };
      } catch (err) {
        if (!(err instanceof ApiError) || err.status >= 500) throw err;
        if (err.status === 409 && err.field === 'slotStart') continue;
        return null;
      }
    }
    return null;
  }

  async function registerOne(): Promise<void> {
    const forgetBefore = Date.now() - DAY_MS / speed;
    for (const [id, at] of inGate) if (at < forgetBefore) inGate.delete(id);
    for (const [id, at] of own) if (at < forgetBefore) own.delete(id);
    if (inGate.size >= maxInGate) {
      stats.skipped++;
      return;
    }
    // Hours whose cut-off is still a minute away: registering and booking take a few round trips, and
    // an hour that closed meanwhile sent the booking to the next one while the trip kept the arrival
    // it registered for the first (CI once saw it at 14:00 sharp: 74 min from its slot).
    const starts = slotsToTry(Date.now() + BOOKING_LEAD_MS);
    const planned = arrivalInWindow(rnd, starts[0]!);
    // Registered with the arrival it plans (in the first hour it asks for); the driver corrects nothing if it walks in.
    const body = randomTripRequest(rnd, { gateCode: gate, expectedArrival: planned });
    const driver = rnd.pick(drivers);
    const trip = await driver.createTrip(body);
    stats.registered++;
    own.set(trip.id, Date.now());
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
    const checkIn = async () => {
      awaited.delete(trip.id);
      inGate.set(trip.id, Date.now());
      try {
        // The yard operator looks at the load: fresh produce under a perishable HS heading is confirmed,
        // so the perishable lane sees traffic (the driver's own flag no longer counts).
        const confirmPerishable = hasPerishableHeading(trip.cargo);
        if (!confirmPerishable && (await passCamera(trip))) return;
        await operator.checkIn(gate, trip.vehicle.plate, commandId(), confirmPerishable);
        stats.checkedIn++;
        weighSoon(trip.vehicle.plate, trip.id);
      } catch (err) {
        inGate.delete(trip.id);
        // Refused (the hour's walk-in places are used up): the truck turns away, its trip cancelled, as a driver would.
        if (err instanceof ApiError && err.status === 409) await driver.cancelTrip(trip.id, 'No walk-in place left this hour').catch(() => undefined);
        throw err;
      }
    };
    const booking = await bookFirstFree(driver, trip.id, starts);
    if (booking !== null) {
      stats.booked++;
      const at = booking.start === starts[0] ? planned : arrivalInWindow(rnd, booking.start);
      // Remembered from its arrival on (slots are hours away): the lanes still see it as the feeder's.
      own.set(trip.id, at);
      awaited.set(trip.id, { driver, bookingId: booking.id });
      // Real time: the slot is the gate's hour, whatever the simulation's speed.
      timers.after(Math.max(0, at - Date.now()) * speed, 'booked-arrival', checkIn);
      return;
    }
    stats.walkIns++;
    inGate.set(trip.id, Date.now());
    timers.after(rnd.between(1 * MINUTE, 6 * MINUTE), 'check-in', checkIn);
  }

  // ---- the operator at the lanes ------------------------------------------

  /** Lane visits (lane:trip:stageIndex) the operator is working on or has finished. */
  const handled = new Set<string>();
  const working = new Set<string>();
  const visitKey = (laneId: string, tripId: string, stageIndex: number) => `${laneId}:${tripId}:${stageIndex}`;

  /** One lane visit: (arrive) → start → complete 'cleared', each after a realistic delay. */
  function work(lane: RestLaneView, from: 'called' | 'at_lane' | 'inspecting'): void {
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
      const elapsed = lane.since === null ? 0 : (Date.now() - Date.parse(lane.since)) * speed;
      complete(Math.max(0, serviceTimeMs(rnd, stage) - elapsed));
    }
  }

  async function tick(): Promise<void> {
    const { lanes } = await operator.lanes(gate);
    const present = new Set<string>();
    for (const lane of lanes) {
      if (!lane.trip || lane.occupancy === 'idle') continue;
      // Someone else's truck: a person (or the gate's operators) deals with it, never the feeder.
      if (!own.has(lane.trip.id)) continue;
      const key = visitKey(lane.id, lane.trip.id, lane.trip.stageIndex);
      present.add(key);
      if (!handled.has(key)) work(lane, lane.occupancy);
    }
    // Forget finished visits once the lanes no longer show them (keeps memory bounded).
    for (const key of handled) if (!present.has(key) && !working.has(key)) handled.delete(key);
  }

  void timers.run('first-registration', async () => {
    try {
      await refreshPlan();
    } finally {
      scheduleNextArrival();
    }
    await registerOne();
  });
  timers.every(tickMs, 'operator-tick', tick);
  if (options.entranceCamera) {
    timers.every(CAMERA_HEARTBEAT_MS, 'camera-heartbeat', async () => {
      await (await entranceCamera())?.heartbeat();
    });
  }
  log?.info({ gate, tripsPerHour: options.tripsPerHour ?? `${utilisation} of the capacity plan`, speed, seed: options.seed ?? null, operator: accounts.operator }, 'traffic feeder started');

  return {
    stats: () => ({ ...stats }),
    async stop() {
      await timers.stop();
      // Trucks that will not come now: their slots go back at once (and never count as no-shows).
      await Promise.all([...awaited.values()].map(({ driver, bookingId }) => driver.cancelBooking(bookingId, 'Demo feeder stopped')
        .catch((err: unknown) => log?.warn({ bookingId, err: String(err) }, 'traffic feeder: booking not given back'))));
      log?.info({ ...stats }, 'traffic feeder stopped');
    },
  };
}

/** The demo fleet's accounts (the seed creates them, prisma/src/seed.ts) and the demo customs system. */
export const DEMO_FLEET_ACCOUNTS = { drivers: ['fleet-driver1', 'fleet-driver2'], operator: 'fleet-operator', customs: 'customs1' } as const;

const HOUR_MS = 60 * MINUTE;
/** Real time allowed for a trip's registration and booking before its first hour's cut-off. */
const BOOKING_LEAD_MS = 60_000;
/** Simulated time a doubtful camera read waits before the operator looks at it. */
const CONFIRM_AFTER_MS = 3 * MINUTE;
/** Real time between the camera's heartbeats (a real camera's default). */
const CAMERA_HEARTBEAT_MS = 30_000;
const DAY_MS = 24 * HOUR_MS;
