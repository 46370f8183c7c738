/**
 * `npm run bench -- api`: autocannon against the whole platform running in a
 * process of its own on loopback (see bench-platform.ts). Phases, in order:
 *   1. creations   POST /v1/trips as driver1, a new random valid truck per request;
 *   2. reads       GET /v1/trips/:id as driver1 (their own trips), of trucks
 *                  waiting in the queue (position + ETA: what a driver polls for);
 *   3. reads       the same, of trips registered but not yet at the gate;
 *   3b. list pages GET /v1/trips?limit=50&cursor= with a company API key (list-page.ts);
 *   4. check-ins   POST /v1/gates/KT/check-ins by plate as operator1 (fills the queue);
 *   5. completions operators working the six Kim Thành lanes (lane-cycle.ts):
 *                  board read → arrive → start → complete, one connection per lane.
 * During the check-ins, the company's administrator follows the company feed (/live `{company: true}`):
 * company_feed_p99_ms is the time from a check-in being sent to the first feed message of that trip
 * reaching the subscriber (every trip is driver1's company's), with the feed's seq checked for gaps.
 * Each phase records req/s, p50/p99 per request kind, non-2xx answers, and
 * Redis commands / PostgreSQL transactions per request.
 * BENCH_API_PROCESSES=N: the read phases (2, 3) are served by N API processes on the same stores,
 * autocannon dealing its connections among them as a balancer would (needs DATABASE_URL: PGlite lives in
 * one process); their server CPU is summed. BENCH_API_PHASES=reads stops after the read phases.
 * Before each read phase the bench waits for the platform to settle (settle.ts): the set-up's check-ins
 * leave a backlog (projection into the database, fan-out, outbox) that would otherwise be counted in the
 * reads' server CPU. BENCH_API_SETTLE=0 skips the wait (to measure what it changes).
 */
import { ROUTES, createClient } from '@borderflow/client';
import { routePath } from '@borderflow/contracts';
import { Redis } from 'ioredis';
import { recordResult } from './record-result.ts';
import { startBenchPlatform, type BenchPlatform } from './bench-platform.ts';
import { runLoad, type LoadOptions, type LoadResult } from './load-run.ts';
import { laneCycleRequests, type LaneCycleStats } from './lane-cycle.ts';
import { perRequest, readStoreCounters, type PerRequest } from './store-counters.ts';
import { uniqueTripFactory } from './unique-trips.ts';
import { fillQueue, SEEDED_PLATES } from './fill-queue.ts';
import { listPageLoad } from './list-page.ts';
import { io } from 'socket.io-client';
import { summarizeLatencies } from './latency.ts';
import pg from 'pg';
import { backendCpuDelta, postgresBackendCpu } from './store-cpu.ts';
import { streamBacklogs, waitForSettle, type Settled } from './settle.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
/** The creations phase's length (a loaded machine needs longer to register the trips the reads need). */
const CREATE_SECONDS = Number(process.env.BENCH_API_CREATE_SECONDS ?? SECONDS);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
/** Trucks waiting while drivers read their status: a busy day's backlog at Kim Thành. */
const QUEUED = Number(process.env.BENCH_API_QUEUED ?? 200);
/** Most trucks checked in for the lane phase. */
const CHECK_INS = Number(process.env.BENCH_API_CHECK_INS ?? 3000);
/** Fewest trucks in the queue when the lanes start (topped up, unmeasured): the lanes must not run dry. */
const LANE_TRUCKS = Number(process.env.BENCH_API_LANE_TRUCKS ?? 400);
const GATE = 'KT';
/**
 * BENCH_API_PHASES=writes: only the creations and the check-ins (of the trips just created), recorded as
 * `api-writes`: a registration's or a check-in's cost measured (and profiled: BENCH_PROFILE=1) without
 * the read and lane phases' samples in the same profile.
 */
const WRITES_ONLY = process.env.BENCH_API_PHASES === 'writes';
/** API processes serving the read phases (the others run on the first). */
const API_PROCESSES = Number(process.env.BENCH_API_PROCESSES ?? 1);
/** BENCH_API_PHASES=reads: stop after the read phases. */
const READS_ONLY = process.env.BENCH_API_PHASES === 'reads';
/** Wait for the platform's background work before the read phases (BENCH_API_SETTLE=0: don't). */
const SETTLE = process.env.BENCH_API_SETTLE !== '0';

type PhaseResult = LoadResult & {
  per_request: PerRequest;
  /** Requests per second one core would serve at this phase's server CPU per request. */
  server_req_per_core_s: number | null;
  /** PostgreSQL backends' CPU per request (µs), when the server is on this machine; PGlite's is in server_cpu_us. */
  pg_cpu_us: number | null;
  /** Stream entries unread or unacknowledged by some consumer group before the warm-up (null: no warm-up) and when the phase began. */
  backlog_before_warmup: number | null;
  backlog_at_start: number;
  /** The wait for the platform to settle before the phase, when there was one. */
  settle: (Settled & {
    /** The idle servers' CPU over the phase, per request (µs): background work in server_cpu_us. */
    background_cpu_us: number | null;
  }) | null;
};

/** The benchmark database's backends (/proc), read around a phase: PostgreSQL's share of a request's CPU. */
async function postgresCpu(databaseUrl: string | null): Promise<Map<number, number> | null> {
  if (!databaseUrl) return null;
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  try {
    return await postgresBackendCpu(pool);
  } finally {
    await pool.end();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Stream entries some consumer group has still to read or acknowledge. */
async function streamBacklog(redis: Redis, prefix: string): Promise<number> {
  return (await streamBacklogs(redis, prefix)).reduce((n, b) => n + b.pending + b.unread, 0);
}

async function phase(platform: BenchPlatform, counters: Redis, options: LoadOptions, warmup?: LoadOptions, pids: readonly number[] = [platform.pid], settleFirst = false): Promise<PhaseResult> {
  const backlog_before_warmup = warmup ? await streamBacklog(counters, platform.prefix) : null;
  if (warmup) await runLoad({ ...warmup, title: `${warmup.title} (warm-up)` });
  const settled = settleFirst ? await waitForSettle({ redis: counters, prefix: platform.prefix, databaseUrl: platform.databaseUrl, pids }) : null;
  const backlog_at_start = await streamBacklog(counters, platform.prefix);
  if (settled) console.log(`${options.title}: settled in ${settled.settle_ms} ms (${settled.groups} consumer groups caught up, servers at ${settled.idle_cores} cores idle; first left: ${settled.first_left.join('; ') || 'nothing'})`);
  const before = await readStoreCounters(counters, platform.databaseUrl, pids);
  const pgBefore = await postgresCpu(platform.databaseUrl);
  const startedUs = process.hrtime.bigint() / 1000n;
  const result = await runLoad(options);
  // CLOCK_MONOTONIC, as V8 stamps a CPU profile's samples: the phase's window in the server's profile.
  if (process.env.BENCH_PROFILE) console.log(`${options.title}: profile window ${startedUs}..${process.hrtime.bigint() / 1000n} µs`);
  // PostgreSQL publishes a backend's counters within ~1 s of it going idle.
  await sleep(1500);
  const per_request = perRequest(before, await readStoreCounters(counters, platform.databaseUrl, pids), result.requests);
  const pgSeconds = backendCpuDelta(pgBefore, await postgresCpu(platform.databaseUrl));
  const pg_cpu_us = pgSeconds === null ? null : Math.round((pgSeconds * 1e6) / Math.max(1, result.requests));
  // On a shared machine wall-clock rates fall with others' load; CPU per request much less so.
  const per_core = per_request.server_cpu_us ? Math.round(1e6 / per_request.server_cpu_us) : null;
  const kinds = Object.entries(result.kinds)
    .map(([k, f]) => `${k} ${f.requests_per_s}/s p50 ${f.p50_ms} p99 ${f.p99_ms} ms, non-2xx ${f.non2xx}`)
    .join('; ');
  console.log(`${options.title}: ${result.requests_per_s} req/s (${kinds}); per request: ${JSON.stringify(per_request)}, PostgreSQL CPU ${pg_cpu_us} µs; one core's worth: ${per_core} req/s`);
  const settle = settled && {
    ...settled,
    background_cpu_us: settled.idle_cores === null ? null : Math.round((settled.idle_cores * result.seconds * 1e6) / Math.max(1, result.requests)),
  };
  console.log(`${options.title}: stream entries left to consumers ${backlog_before_warmup ?? '-'} before the warm-up, ${backlog_at_start} at the start`);
  return { ...result, per_request, server_req_per_core_s: per_core, pg_cpu_us, backlog_before_warmup, backlog_at_start, settle };
}

interface CreatedTrip {
  id: string;
  plate: string;
}

export async function runApiBench() {
  const platform = await startBenchPlatform('api');
  const counters = new Redis(platform.redisUrl, { maxRetriesPerRequest: 3 });
  try {
    console.log(`api bench: server pid ${platform.pid} at ${platform.url} on ${platform.stores}; ${SECONDS}s per phase, ${CONNECTIONS} connections`);
    const driver = await platform.login('driver1');
    const operator = await platform.login('operator1');
    const url = platform.url;
    // Set-up calls (not measured) go through the typed client; the load itself is autocannon's.
    const asOperator = createClient({ baseUrl: url, token: () => operator });

    // 1. Creations: every request a new truck (one active trip per vehicle is enforced).
    const nextTrip = uniqueTripFactory({ gateCode: GATE, seed: 20_251_121, taken: SEEDED_PLATES });
    const created: CreatedTrip[] = [];
    const creation = (title: string, duration: number): LoadOptions => ({
      url, title, connections: CONNECTIONS, duration, token: driver,
      requests: [{
        kind: 'create',
        method: 'POST',
        path: ROUTES.registerTrip.path,
        setup: () => ({ body: nextTrip() }),
        onResponse: (status, body) => {
          if (status !== 201) return;
          const trip = JSON.parse(body) as { id: string; vehicle: { plate: string } };
          created.push({ id: trip.id, plate: trip.vehicle.plate });
        },
      }],
    });
    const creations = await phase(platform, counters, creation('creations', CREATE_SECONDS), creation('creations', WARMUP_SECONDS));
    if (created.length < 40) throw new Error(`only ${created.length} trips were created`);
    // At most half of them wait in the queue while drivers read; the rest arrive later for the lanes.
    const queuedCount = WRITES_ONLY ? 0 : Math.min(QUEUED, Math.floor(created.length / 2));

    if (WRITES_ONLY) return await writesOnly(platform, counters, created, creations, operator);
    // 2. Reads of waiting trucks: check them in first (not measured).
    const queued = created.slice(0, queuedCount);
    for (let i = 0; i < queued.length; i += 8) {
      await Promise.all(queued.slice(i, i + 8).map((t) => asOperator.call(ROUTES.checkIn, { params: { gate: GATE }, body: { plate: t.plate } })));
    }
    const readers = [{ url, pid: platform.pid }];
    while (readers.length < API_PROCESSES) readers.push(await platform.addApiProcess());
    const readPids = readers.map((r) => r.pid);
    const reads = (title: string, trips: CreatedTrip[], duration: number): LoadOptions => {
      let i = 0;
      return {
        url: readers.map((r) => r.url), title, connections: CONNECTIONS, duration, token: driver,
        requests: [{ kind: 'read', method: 'GET', setup: () => ({ path: routePath(ROUTES.readTrip, { tripId: trips[i++ % trips.length]!.id }) }) }],
      };
    };
    const readsQueued = await phase(platform, counters, reads('reads of queued trips', queued, SECONDS), reads('reads', queued, WARMUP_SECONDS), readPids, SETTLE);
    // 3. Reads of trips not yet at the gate (database only).
    const registered = created.slice(queuedCount);
    const readsRegistered = await phase(platform, counters, reads('reads of registered trips', registered, SECONDS), undefined, readPids, SETTLE);
    const readFigures = {
      api_processes: readers.length,
      reads_per_s: readsQueued.requests_per_s, reads_p50_ms: readsQueued.kinds.read!.p50_ms, reads_p99_ms: readsQueued.kinds.read!.p99_ms,
      reads_server_cpu_us: readsQueued.per_request.server_cpu_us,
      settled: SETTLE, settle_ms: readsQueued.settle?.settle_ms ?? null, reads_background_cpu_us: readsQueued.settle?.background_cpu_us ?? null,
      reads_backlog_before_warmup: readsQueued.backlog_before_warmup, reads_backlog_at_start: readsQueued.backlog_at_start,
      reads_registered_per_s: readsRegistered.requests_per_s,
      reads_registered_p50_ms: readsRegistered.kinds.read!.p50_ms, reads_registered_p99_ms: readsRegistered.kinds.read!.p99_ms,
      reads_registered_server_cpu_us: readsRegistered.per_request.server_cpu_us,
      reads_registered_settle_ms: readsRegistered.settle?.settle_ms ?? null,
    };
    if (READS_ONLY) {
      const label = `npm run bench -- api (BENCH_API_PHASES=reads, ${readers.length} API process${readers.length > 1 ? 'es' : ''})`;
      recordResult('api-reads', label, { stores: platform.stores, seconds: SECONDS, connections: CONNECTIONS, queued_while_reading: queuedCount, ...readFigures,
        phases: { reads_queued: readsQueued, reads_registered: readsRegistered } },
        `${platform.stores}; ${readers.length} API process(es); reads ${readFigures.reads_per_s}/s p50 ${readFigures.reads_p50_ms} p99 ${readFigures.reads_p99_ms} ms, `
        + `${readFigures.reads_server_cpu_us} µs server CPU per read (${queuedCount} queued; ${SETTLE ? `settled ${readFigures.settle_ms} ms` : 'not settled'}); registered-trip reads ${readFigures.reads_registered_per_s}/s `
        + `p99 ${readFigures.reads_registered_p99_ms} ms, ${readFigures.reads_registered_server_cpu_us} µs per read`);
      return readFigures;
    }

    // 3b. Pages of the company's trips, read with an API key as an integrator syncs (list-page.ts).
    const listLoad = await listPageLoad(url, await platform.login('fleetadmin1'), SECONDS, CONNECTIONS);
    const listPages = await phase(platform, counters, listLoad);
    const listPage = listPages.kinds['list-page']!;

    // 4. Check-ins: the rest of the registered trucks arrive (fills the queue for the lanes).
    const arriving = registered.slice(0, CHECK_INS);
    const { checkIns, companyFeed } = await checkInPhase(platform, counters, arriving, operator);

    // Top-up (not measured): enough trucks that no lane runs dry while the operators work.
    const topUp = LANE_TRUCKS - queuedCount - arriving.length;
    if (topUp > 0) await fillQueue(url, GATE, topUp, { nextTrip });

    // 5. Lane completions: one operator (connection) per lane at a time.
    const board = await asOperator.call(ROUTES.listLanes, { params: { gate: GATE } });
    const laneIds = board.lanes.map((l) => l.id);
    const stats: LaneCycleStats = { idleLaneReads: 0, completions: 0 };
    const lanes = await phase(platform, counters, {
      url, title: 'lane completions', connections: laneIds.length, duration: SECONDS, token: operator,
      requests: laneCycleRequests(GATE, laneIds, stats),
    });
    const completionsPerS = Math.round(stats.completions / lanes.seconds);
    console.log(`lane completions: ${stats.completions} completed (${completionsPerS}/s), ${stats.idleLaneReads} board reads found the lane idle`);

    const complete = lanes.kinds.complete!;
    const read = readsQueued.kinds.read!;
    const create = creations.kinds.create!;
    const figures = {
      stores: platform.stores,
      seconds: SECONDS,
      connections: CONNECTIONS,
      queued_while_reading: queuedCount,
      ...readFigures,
      reads_target_met: readsQueued.requests_per_s >= 3000 && read.p99_ms <= 25,
      creations_per_s: creations.requests_per_s, creations_p50_ms: create.p50_ms, creations_p99_ms: create.p99_ms,
      creations_target_met: creations.requests_per_s >= 500,
      check_ins_per_s: checkIns.requests_per_s, check_ins_p50_ms: checkIns.kinds['check-in']!.p50_ms, check_ins_p99_ms: checkIns.kinds['check-in']!.p99_ms,
      company_feed_p50_ms: companyFeed.p50_ms, company_feed_p99_ms: companyFeed.p99_ms, company_feed_gaps: companyFeed.gaps,
      company_feed: companyFeed,
      completions_per_s: completionsPerS, complete_p50_ms: complete.p50_ms, complete_p99_ms: complete.p99_ms,
      lane_phase_requests_per_s: lanes.requests_per_s, idle_lane_reads: stats.idleLaneReads,
      list_pages_per_s: listPages.requests_per_s, list_page_p50_ms: listPage.p50_ms, list_page_p99_ms: listPage.p99_ms, list_pages_walked: listLoad.pages,
      non2xx: {
        creations: creations.non2xx, reads_queued: readsQueued.non2xx, reads_registered: readsRegistered.non2xx,
        check_ins: checkIns.non2xx, lanes: lanes.non2xx, list_pages: listPages.non2xx,
      },
      phases: { creations, reads_queued: readsQueued, reads_registered: readsRegistered, list_pages: listPages, check_ins: checkIns, lanes },
    };
    const non2xx = Object.values(figures.non2xx).reduce((a, b) => a + b, 0);
    recordResult('api', 'npm run bench -- api', figures,
      `${platform.stores}; reads ${figures.reads_per_s}/s p50 ${read.p50_ms} p99 ${read.p99_ms} ms (${queuedCount} queued; registered-trip reads ${figures.reads_registered_per_s}/s p99 ${figures.reads_registered_p99_ms} ms); `
      + `creations ${figures.creations_per_s}/s p50 ${create.p50_ms} p99 ${create.p99_ms} ms; check-ins ${figures.check_ins_per_s}/s; `
      + `list pages ${figures.list_pages_per_s}/s p99 ${figures.list_page_p99_ms} ms (${listLoad.pages} pages of 50, API key); `
      + `company feed (check-in → subscriber) p50 ${companyFeed.p50_ms} p99 ${companyFeed.p99_ms} ms, ${companyFeed.gaps} gaps; `
      + `lane completions ${completionsPerS}/s (complete p50 ${complete.p50_ms} p99 ${complete.p99_ms} ms; ${lanes.requests_per_s} req/s board+arrive+start+complete); non-2xx ${non2xx}`);
    return figures;
  } finally {
    counters.disconnect();
    await platform.stop();
  }
}

/** Check-ins of `arriving` by plate while the company's integrator follows every truck of the company. */
async function checkInPhase(platform: BenchPlatform, counters: Redis, arriving: CreatedTrip[], operator: string) {
  const url = platform.url;
  let next = 0;
  const feed = io(`${url}/live`, { auth: { token: await platform.login('fleetadmin1') }, transports: ['websocket'], reconnection: false });
  const sentAt = new Map<string, number>();
  const feedLatencies: number[] = [];
  let feedSeq = -1;
  let feedGaps = 0;
  let feedMessages = 0;
  feed.on('feed_snapshot', (s: { seq: number }) => { feedSeq = s.seq; });
  feed.on('feed', (m: { seq: number; tripId: string }) => {
    feedMessages++;
    if (feedSeq >= 0 && m.seq !== feedSeq + 1) feedGaps++;
    feedSeq = m.seq;
    const at = sentAt.get(m.tripId);
    if (at === undefined) return;
    sentAt.delete(m.tripId);
    feedLatencies.push(performance.now() - at);
  });
  const subscribed = await feed.timeout(10_000).emitWithAck('subscribe', { company: true }) as { ok: boolean };
  if (!subscribed.ok) throw new Error(`company feed subscription refused: ${JSON.stringify(subscribed)}`);
  const checkIns = await phase(platform, counters, {
    url, title: 'check-ins', connections: CONNECTIONS, amount: arriving.length, token: operator,
    requests: [{ kind: 'check-in', method: 'POST', path: routePath(ROUTES.checkIn, { gate: GATE }), setup: () => {
      const trip = arriving[next++]!;
      sentAt.set(trip.id, performance.now());
      return { body: { plate: trip.plate } };
    } }],
  });
  const companyFeed = { ...summarizeLatencies(feedLatencies), gaps: feedGaps, messages: feedMessages, unanswered: sentAt.size };
  feed.disconnect();
  console.log(`company feed during check-ins: ${JSON.stringify(companyFeed)}`);
  return { checkIns, companyFeed };
}

/** BENCH_API_PHASES=writes: the creations (measured already) and the check-ins of the trips they made. */
async function writesOnly(platform: BenchPlatform, counters: Redis, created: CreatedTrip[], creations: PhaseResult, operator: string) {
  const { checkIns, companyFeed } = await checkInPhase(platform, counters, created.slice(0, CHECK_INS), operator);
  const create = creations.kinds.create!;
  const checkIn = checkIns.kinds['check-in']!;
  const figures = {
    stores: platform.stores, seconds: SECONDS, connections: CONNECTIONS,
    creations_per_s: creations.requests_per_s, creations_p50_ms: create.p50_ms, creations_p99_ms: create.p99_ms,
    creation_server_cpu_us: creations.per_request.server_cpu_us, creation_redis_commands: creations.per_request.redis_commands,
    creation_pg_transactions: creations.per_request.pg_transactions, creation_pg_cpu_us: creations.pg_cpu_us,
    check_ins_per_s: checkIns.requests_per_s, check_ins_p50_ms: checkIn.p50_ms, check_ins_p99_ms: checkIn.p99_ms,
    check_in_server_cpu_us: checkIns.per_request.server_cpu_us, check_in_redis_commands: checkIns.per_request.redis_commands,
    check_in_pg_transactions: checkIns.per_request.pg_transactions,
    company_feed: companyFeed,
    non2xx: { creations: creations.non2xx, check_ins: checkIns.non2xx },
    phases: { creations, check_ins: checkIns },
  };
  recordResult('api-writes', 'BENCH_API_PHASES=writes npm run bench -- api', figures,
    `${platform.stores}; creations ${figures.creations_per_s}/s p50 ${create.p50_ms} p99 ${create.p99_ms} ms, server CPU ${figures.creation_server_cpu_us} µs, `
    + `${figures.creation_redis_commands} Redis commands, ${figures.creation_pg_transactions ?? '-'} PostgreSQL transactions per creation; `
    + `check-ins ${figures.check_ins_per_s}/s p50 ${checkIn.p50_ms} p99 ${checkIn.p99_ms} ms, server CPU ${figures.check_in_server_cpu_us} µs, `
    + `${figures.check_in_redis_commands} Redis commands, ${figures.check_in_pg_transactions ?? '-'} PostgreSQL transactions per check-in; `
    + `non-2xx ${creations.non2xx + checkIns.non2xx}`);
  return figures;
}
