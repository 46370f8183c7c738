/**
 * `npm run bench -- booking`: a booking storm. ACCOUNTS accounts each ask for REQUESTS_PER_ACCOUNT
 * slots of one released hour that holds SLOTS, at once (CONCURRENCY requests in flight), with a
 * quota of QUOTA active bookings per account. Two measurements, reported apart:
 *   - `ledger`: the slot ledger's Lua script called directly (services/api/src/booking/slot-ledger.ts),
 *     the part that must never oversell;
 *   - `http`: POST /v1/bookings through the whole platform in its own process (auth, rate limit,
 *     validation, suspension check, ledger, database write), when DATABASE_URL gives it a PostgreSQL
 *     to create the accounts in (PGlite lives inside the server process).
 * Checked after each: oversold (bookings above SLOTS) must be 0, no account above QUOTA.
 */
import { ROUTES, createClient } from '@borderflow/client';
import pg from 'pg';
import { Redis } from 'ioredis';
import { deleteKeysWithPrefix } from '@borderflow/testkit/testing';
import type { CapacityPlan } from '@borderflow/contracts';
import { SlotLedger, type LedgerBooking } from '@borderflow/api/src/booking/slot-ledger.ts';
import { recordResult } from './record-result.ts';
import { startBenchPlatform } from './bench-platform.ts';
import { openBenchRedis } from './bench-redis.ts';
import { summarizeLatencies } from './latency.ts';
import { treeCpuMs } from './process-cpu.ts';
import { leanSender, prepareGet, preparePost } from './lean-http.ts';
import { tripCreated } from '@borderflow/persist';

const ACCOUNTS = Number(process.env.BENCH_BOOKING_ACCOUNTS ?? 1000);
const REQUESTS_PER_ACCOUNT = Number(process.env.BENCH_BOOKING_REQUESTS_PER_ACCOUNT ?? 3);
const SLOTS = Number(process.env.BENCH_BOOKING_SLOTS ?? 100);
const QUOTA = Number(process.env.BENCH_BOOKING_QUOTA ?? 2);
const CONCURRENCY = Number(process.env.BENCH_CONNECTIONS ?? 64);
/** API processes serving the storm (2: a second replica on the same stores, requests dealt in turn as a balancer would). */
const API_PROCESSES = Number(process.env.BENCH_API_PROCESSES ?? 1);
/**
 * 1: every driver has their trip open before the storm: each trip gets its version as a registration
 * gives it (trip-row-version.ts), and is read once (GET /v1/trips/:id) by its account, so the API
 * process keeps its row (a release storm's drivers watch their trip; a refused one asks again).
 * 0 (default): trips written in the database and never read, every booking reads its trip's row.
 */
const TRIPS_OPEN = process.env.BENCH_BOOKING_TRIPS_OPEN === '1';
/** Warm-up requests per account before the storm (0: none); see `warmUp`. */
const WARMUP_PER_ACCOUNT = Number(process.env.BENCH_BOOKING_WARMUP_PER_ACCOUNT ?? 1);
const HOUR = 3_600_000;

interface StormFigures {
  requests: number;
  booked: number;
  oversold: number;
  max_slots_per_account: number;
  bookings_per_s: number;
  requests_per_s: number;
  p50_ms: number;
  p99_ms: number;
  /** The two outcomes apart: the booked are few (SLOTS of the requests), so they alone can set the p99. */
  p99_booked_ms: number;
  p99_refused_ms: number;
  refusals: Record<string, number>;
}

/** Runs `jobs` with at most CONCURRENCY in flight; each job's latency is recorded. */
async function storm<T>(jobs: Array<() => Promise<T>>): Promise<{ answers: T[]; latencies: number[]; seconds: number }> {
  const answers: T[] = new Array(jobs.length);
  const latencies: number[] = new Array(jobs.length);
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, jobs.length) }, async () => {
    while (next < jobs.length) {
      const i = next++;
      const t0 = performance.now();
      answers[i] = await jobs[i]!();
      latencies[i] = performance.now() - t0;
    }
  }));
  return { answers, latencies, seconds: (performance.now() - started) / 1000 };
}

function figures(answers: string[], latencies: number[], seconds: number, perAccount: Map<string, number>, booked: number): StormFigures {
  const refusals: Record<string, number> = {};
  for (const a of answers) if (a !== 'ok') refusals[a] = (refusals[a] ?? 0) + 1;
  const lat = summarizeLatencies(latencies);
  const p99Of = (ok: boolean) => summarizeLatencies(latencies.filter((_, i) => (answers[i] === 'ok') === ok)).p99_ms;
  return {
    requests: answers.length,
    booked,
    oversold: Math.max(0, booked - SLOTS),
    max_slots_per_account: Math.max(0, ...perAccount.values()),
    bookings_per_s: Math.round(booked / seconds),
    requests_per_s: Math.round(answers.length / seconds),
    p50_ms: lat.p50_ms,
    p99_ms: lat.p99_ms,
    p99_booked_ms: p99Of(true),
    p99_refused_ms: p99Of(false),
    refusals,
  };
}

/** Every account's storm requests, shuffled: accounts' requests interleave as they would. */
function order(n: number): number[] {
  const ids = Array.from({ length: n }, (_, i) => i);
  for (let i = ids.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
  }
  return ids;
}

async function ledgerStorm(): Promise<StormFigures> {
  const redis = await openBenchRedis();
  const client = new Redis(redis.url, { maxRetriesPerRequest: 3 });
  const prefix = `bench:booking:${process.pid}:`;
  try {
    const ledger = new SlotLedger(client, prefix, { account: QUOTA, company: 1_000_000 });
    const slotStart = Math.floor(Date.now() / HOUR) * HOUR + 24 * HOUR;
    const requests: LedgerBooking[] = order(ACCOUNTS * REQUESTS_PER_ACCOUNT).map((i) => ({
      id: `b${i}`, vehicleId: `v${i}`, driverId: `d${i}`, accountId: `a${i % ACCOUNTS}`, companyId: null,
      slotStart, direction: 'exit', slotClass: 'ordinary',
    }));
    const { answers, latencies, seconds } = await storm(requests.map((b) => () => ledger.book('KT', b, SLOTS)));
    const perAccount = new Map<string, number>();
    requests.forEach((b, i) => { if (answers[i] === 'ok') perAccount.set(b.accountId, (perAccount.get(b.accountId) ?? 0) + 1); });
    const [used] = await ledger.usedOf('KT', [`${slotStart}:exit:ordinary`]);
    return figures(answers, latencies, seconds, perAccount, used!);
  } finally {
    await deleteKeysWithPrefix(client, prefix);
    client.disconnect();
    await redis.stop();
  }
}

/** One account's typed client of the platform. */
const as = (url: string, token: string) => createClient({ baseUrl: url, token: () => token });

/** CPU per request in whole µs (a figure per process, so a reader sees one core's worth). */
const usPer = (ms: number, n: number) => Math.round((ms * 1000) / n);

interface WarmUp {
  requests: number;
  seconds: number;
  /** Every answer by status and wording ('409 No slots at this hour…' expected: the hour has none). */
  answers: Record<string, number>;
}

/**
 * Before the clock starts, each account asks WARMUP_PER_ACCOUNT times for an hour released with no
 * slots, through the same senders: the storm then measures a warm server (its JIT, its database and
 * Redis connections, each account's token verified once, as a driver's polling app would have it),
 * not the first seconds' start-up. Refused at the capacity check, a warm-up request writes nothing
 * and holds nothing, so the storm's hour, trips and quotas are as without it; it spends one request
 * of each account's per-minute booking budget (BOOKING_RATE_PER_MINUTE, 1,000 here).
 */
async function warmUp(senders: Array<ReturnType<typeof leanSender>>, urls: string[], tokens: string[],
  byTrip: Array<{ account: number; tripId: string }>, slotStart: string): Promise<WarmUp> {
  const jobs = Array.from({ length: WARMUP_PER_ACCOUNT * tokens.length }, (_, n) => {
    const { account, tripId } = byTrip[n % byTrip.length]!;
    const request = preparePost(urls[n % urls.length]!, ROUTES.bookSlot.path, tokens[account]!, { tripId, slotStart });
    return async () => {
      const { status, body } = await senders[n % senders.length]!.send(request);
      const message = status >= 400 && status < 500 ? (JSON.parse(body) as { error?: { message?: string } }).error?.message : undefined;
      return `${status} ${message?.split(/[;(]/)[0]!.trim() ?? ''}`.trim();
    };
  });
  const { answers, seconds } = await storm(jobs);
  const counted: Record<string, number> = {};
  for (const a of answers) counted[a] = (counted[a] ?? 0) + 1;
  if (answers.some((a) => !a.startsWith('409'))) throw new Error(`warm-up: expected only refusals of an hour without slots, got ${JSON.stringify(counted)}`);
  return { requests: answers.length, seconds: Math.round(seconds * 10) / 10, answers: counted };
}

/** Each trip gets its row version as registration gives it, then its account reads it once (see TRIPS_OPEN). */
async function openTrips(platform: { redisUrl: string; prefix: string }, senders: Array<ReturnType<typeof leanSender>>, urls: string[], tokens: string[],
  byTrip: Array<{ account: number; tripId: string }>): Promise<void> {
  const redis = new Redis(platform.redisUrl, { enableAutoPipelining: true });
  try {
    await Promise.all(byTrip.map(({ tripId }) => tripCreated({ redis, prefix: platform.prefix }, tripId)));
  } finally {
    redis.disconnect();
  }
  const { answers } = await storm(byTrip.map(({ account, tripId }, n) => async () =>
    (await senders[n % senders.length]!.send(prepareGet(urls[n % urls.length]!, `/v1/trips/${tripId}`, tokens[account]!))).status));
  if (answers.some((status) => status !== 200)) throw new Error(`reading the trips before the storm: ${answers.filter((s) => s !== 200).length} not 200`);
}

async function httpStorm(): Promise<(StormFigures & {
  api_processes: number; trips_open: boolean; setup_s: number; warmup: WarmUp; server_cpu_us_per_request: number; db_cpu_us_per_request: number; client_cpu_us_per_request: number;
  server_requests_per_core_s: number;
}) | null> {
  if (!process.env.DATABASE_URL) return null;
  const platform = await startBenchPlatform('booking', {});
  const t0 = performance.now();
  const db = new pg.Client({ connectionString: platform.databaseUrl! });
  await db.connect();
  try {
    // Dispatchers of one forwarder (driver1's company), made in the database (the admin route would hash each password: minutes of setup);
    // each signs in through the API like any driver.
    await db.query(`INSERT INTO users (id, username, password_hash, role, display_name, company_id, updated_at)
      SELECT 'bench-' || g, 'bench' || g, u.password_hash, 'driver', 'Bench driver ' || g, u.company_id, now()
        FROM generate_series(1, $1) g, users u WHERE u.username = 'driver1'`, [ACCOUNTS]);
    const login = async (i: number) => (await platform.login(`bench${i}`));
    const tokens = (await storm(Array.from({ length: ACCOUNTS }, (_, i) => () => login(i + 1)))).answers;
    const manager = await platform.login('manager1');
    // The released hour: tomorrow 09:00 at the gate (UTC+7), SLOTS ordinary exit slots, nothing else.
    const slotStart = Date.parse(new Date(Date.now() + 24 * HOUR).toISOString().slice(0, 10) + 'T02:00:00Z');
    const local = new Date(slotStart + 7 * HOUR);
    const zero = () => Array.from({ length: 24 }, () => 0);
    const exitOrdinary = zero();
    exitOrdinary[local.getUTCHours()] = SLOTS;
    // The warm-up asks for the hour after, released with no slots (its exitOrdinary stays 0).
    const warmupStart = slotStart + HOUR;
    const plan: CapacityPlan = {
      templates: [{ name: 'release', slots: { exit: { ordinary: exitOrdinary, perishable: zero(), empty_return: zero() }, entry: { ordinary: zero(), perishable: zero(), empty_return: zero() } } }],
      week: Array.from({ length: 7 }, () => 'release'), exceptions: [], closures: [], walkInShare: 0.2,
    };
    await as(platform.url, manager).call(ROUTES.publishCapacityPlan, { params: { gate: 'KT' }, body: plan });
    // The trips to book, made in the database like the accounts (registering 3,000 through the API took
    // ten minutes of setup): one truck, driver and cargo line each, registered by account i % ACCOUNTS.
    const trips = (await db.query(`
      WITH n AS (SELECT g, 'bench-' || g AS id FROM generate_series(1, $1::int) g),
      d AS (INSERT INTO drivers (id, full_name, phone) SELECT id, 'Bench driver ' || g, '+8490' || lpad(g::text, 7, '0') FROM n),
      v AS (INSERT INTO vehicles (id, plate, plate_display, kind, country, company_id)
        SELECT n.id, '24C' || lpad(g::text, 5, '0'), '24C-' || lpad(g::text, 5, '0'), 'truck', 'VN', u.company_id FROM n, users u WHERE u.username = 'driver1'),
      t AS (INSERT INTO trips (id, gate_id, direction, priority_class, vehicle_id, driver_id, created_by_id, company_id, expected_arrival, qr_token, updated_at)
        SELECT n.id, gt.id, 'exit', 'ordinary', n.id, n.id, 'bench-' || ((g - 1) % $2::int + 1), u.company_id, now() + interval '1 hour', 'bench-qr-' || g, now()
          FROM n, gates gt, users u WHERE gt.code = 'KT' AND u.username = 'driver1' RETURNING id)
      INSERT INTO cargo_items (id, trip_id, description, hs_code, packages, gross_kg)
        SELECT 'bench-' || g, n.id, 'Gạch men', '69072110', 40, 12000 FROM n RETURNING trip_id`, [ACCOUNTS * REQUESTS_PER_ACCOUNT, ACCOUNTS])).rows as Array<{ trip_id: string }>;
    if (trips.length !== ACCOUNTS * REQUESTS_PER_ACCOUNT) throw new Error(`made ${trips.length} trips`);
    const byTrip = trips.map((_, i) => ({ account: i % ACCOUNTS, tripId: `bench-${i + 1}` }));
    const servers = [{ url: platform.url, pid: platform.pid }];
    while (servers.length < API_PROCESSES) servers.push(await platform.addApiProcess());
    const setup_s = Math.round((performance.now() - t0) / 1000);
    const serverCpu = () => servers.reduce((n, p) => n + treeCpuMs(p.pid), 0);
    const iso = new Date(slotStart).toISOString();
    // Every request built before the clock starts, each server on its own keep-alive sockets.
    const senders = servers.map((s) => leanSender(s.url, Math.ceil(CONCURRENCY / servers.length)));
    const requests = order(byTrip.length).map((i, n) => ({
      sender: senders[n % senders.length]!,
      request: preparePost(servers[n % senders.length]!.url, ROUTES.bookSlot.path, tokens[byTrip[i]!.account]!, { tripId: byTrip[i]!.tripId, slotStart: iso }),
    }));
    if (TRIPS_OPEN) await openTrips(platform, senders, servers.map((s) => s.url), tokens, byTrip);
    const warmup = await warmUp(senders, servers.map((s) => s.url), tokens, byTrip, new Date(warmupStart).toISOString());
    // CPU time per request (the server and its database backends): on a shared 2-core machine the
    // wall-clock figures follow the other tenants' load, CPU time per request far less.
    const backends = async () => (await db.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`)).rows.map((r: { pid: number }) => r.pid);
    const dbCpu = (pids: number[]) => pids.reduce((n, pid) => n + treeCpuMs(pid), 0);
    const pidsBefore = await backends();
    // The load generator shares the machine's 2 cores with the server: its own CPU is reported beside the server's.
    const cpu0 = { server: serverCpu(), db: dbCpu(pidsBefore), client: process.cpuUsage() };
    const { answers, latencies, seconds } = await storm(requests.map((r) => async () => {
      const { status, body } = await r.sender.send(r.request);
      if (status >= 200 && status < 300) return 'ok';
      // The refusal's wording as the typed client would show it (ApiError.message), numbers folded.
      const message = status < 500 ? (JSON.parse(body) as { error?: { message?: string } }).error?.message : undefined;
      if (message === undefined) throw new Error(`POST ${r.request.path}: HTTP ${status} ${body.slice(0, 200)}`);
      return `${status} ${message.split(/[;(]/)[0]!.replace(/\d+/g, 'N').trim()}`;
    }));
    const clientCpu = process.cpuUsage(cpu0.client);
    for (const s of senders) s.close();
    // Backends opened during the storm started from zero; those closed meanwhile are not counted.
    const pidsAfter = await backends();
    const server_cpu_us_per_request = usPer(serverCpu() - cpu0.server, answers.length);
    const db_cpu_us_per_request = usPer(dbCpu(pidsAfter) - cpu0.db, answers.length);
    const client_cpu_us_per_request = usPer((clientCpu.user + clientCpu.system) / 1000, answers.length);
    // The record, not the client's view: the database's active bookings of the hour.
    const rows = (await db.query(`SELECT account_id, count(*)::int AS n FROM slot_bookings WHERE slot_start = $1 AND state = 'active' GROUP BY account_id`, [new Date(slotStart)])).rows as Array<{ account_id: string; n: number }>;
    const perAccount = new Map(rows.map((r) => [r.account_id, r.n]));
    const booked = rows.reduce((n, r) => n + r.n, 0);
    return { ...figures(answers, latencies, seconds, perAccount, booked), api_processes: servers.length, trips_open: TRIPS_OPEN, setup_s, warmup,
      server_cpu_us_per_request, db_cpu_us_per_request, client_cpu_us_per_request,
      // What one core would serve of this mix, server alone: the figure a 2-core share hides.
      server_requests_per_core_s: Math.round(1e6 / server_cpu_us_per_request) };
  } finally {
    await db.end();
    await platform.stop();
  }
}

export async function runBookingBench() {
  console.log(`booking bench: ${ACCOUNTS} accounts × ${REQUESTS_PER_ACCOUNT} requests for ${SLOTS} slots, quota ${QUOTA}, ${CONCURRENCY} in flight`);
  const prevQuota = process.env.BOOKING_ACCOUNT_QUOTA;
  process.env.BOOKING_ACCOUNT_QUOTA = String(QUOTA);
  process.env.BOOKING_COMPANY_QUOTA ??= '1000000';
  process.env.BOOKING_RATE_PER_MINUTE ??= '1000';
  try {
    const ledger = await ledgerStorm();
    console.log('ledger (Lua, direct):', JSON.stringify(ledger));
    const http = await httpStorm();
    console.log('http (POST /v1/bookings):', http ? JSON.stringify(http) : 'skipped (set DATABASE_URL)');
    const main = http ?? ledger;
    recordResult('booking', 'npm run bench -- booking', {
      accounts: ACCOUNTS, requests: main.requests, slots: SLOTS, quota: QUOTA,
      oversold: main.oversold, max_slots_per_account: main.max_slots_per_account,
      bookings_per_s: main.bookings_per_s, requests_per_s: main.requests_per_s, p99_ms: main.p99_ms,
      measured_through: http ? 'http' : 'ledger',
      concurrency: CONCURRENCY,
      ledger, http,
    }, `${ACCOUNTS} accounts × ${REQUESTS_PER_ACCOUNT} for ${SLOTS} slots, quota ${QUOTA}, ${CONCURRENCY} in flight. `
      + (http ? `HTTP (${http.api_processes} API process${http.api_processes > 1 ? 'es' : ''}${http.trips_open ? ', trips open' : ''}): ${http.requests_per_s} req/s, p99 ${http.p99_ms} ms (booked ${http.p99_booked_ms}, refused ${http.p99_refused_ms}), CPU per request ${http.server_cpu_us_per_request} µs server (${http.server_requests_per_core_s} req/s a core) + ${http.db_cpu_us_per_request} µs PostgreSQL + ${http.client_cpu_us_per_request} µs load generator, oversold ${http.oversold}, max/account ${http.max_slots_per_account}. ` : 'HTTP: skipped (no DATABASE_URL). ')
      + `Lua ledger direct: ${ledger.requests_per_s} req/s, p99 ${ledger.p99_ms} ms, oversold ${ledger.oversold}, max/account ${ledger.max_slots_per_account}`);
  } finally {
    if (prevQuota === undefined) delete process.env.BOOKING_ACCOUNT_QUOTA;
    else process.env.BOOKING_ACCOUNT_QUOTA = prevQuota;
  }
}
