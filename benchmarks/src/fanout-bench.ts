/**
 * `npm run bench -- fanout`: BENCH_FANOUT_CLIENTS (1,000) `/live`
 * connections, as staff (manager1), subscribed to gate KT on `/live` as the console is (`batch: true`: a
 * burst of events read together comes as one `deltas` message; every delta in it is checked), to one
 * platform process (its own process, see bench-platform.ts). Each round an
 * operator (operator1, over HTTP) brings the truck called to a lane in and
 * starts its inspection (not timed), then completes it; the lane calls its
 * next truck in the same step. Measured: from sending the complete request to
 * each client receiving the first call-up it caused (the `trip_called` delta
 * carrying the complete's commandId: the lane's next truck, or the completed
 * truck called straight to a lane of its next stage), across clients and
 * rounds, and per round the time until the LAST client had it.
 *
 * Then the same rounds again (BENCH_FANOUT_LOADED_ROUNDS, 30) while drivers register trips and the
 * yard checks them in alongside, paced at BENCH_FANOUT_LOAD_PER_S commands per second (100: half
 * registrations, half check-ins, each check-in a delta to every client): `loaded_p99_ms`, with the
 * rate the platform actually kept (`load_commands_per_s`).
 *
 * All clients live in this one process (in BENCH_FANOUT_THREADS worker
 * threads), on the server's cores, so what they spend on each delta slows the server here (1,000
 * browsers would decode on their own machines). BENCH_FANOUT_CLIENT (`client_kind`): `lean`
 * (default, live-clients-lean.ts: raw WebSocket clients that receive every frame but parse only the
 * one carrying the watched commandId) or `socket.io` (socket.io-client, every delta decoded, as the
 * console does). What they cost is measured as the client threads' busy time per delivered delta,
 * with the size of what each client received (`delta_chars_per_round`).
 *
 * `npm run bench -- fanout-2-processes` (DATABASE_URL set: PGlite lives in one process): a second
 * API process (role `api`) on the same stores, the clients split between the two; the deltas reach
 * the second one's sockets through the Redis streams adapter. Its CPU is added to the server's.
 * With BENCH_FANOUT_TOPOLOGY=live-apart (recorded as `fanout-2-processes-live-apart`) a third process
 * joins: every client is on it (role `api`, no HTTP command reaches it, as a balancer that routes `/live`
 * to replicas of their own would), every HTTP command (the operator's rounds, the registrations and
 * check-ins) goes to the second (role `api`), and the first (role `all`, started first: it holds the
 * gate's fan-out lease) takes no traffic: it reads the streams (fan-out, persistence), as a worker does.
 * No HTTP command then shares an event loop with the fan-out or with the sockets' writes.
 *
 * `server_loop_lag_p99_ms` / `loaded_server_loop_lag_p99_ms`: the worst process's event-loop delay p99
 * over each phase (every callback of the fan-out waits that long before it runs).
 *
 * `event_to_emit_p50_ms` / `…_p99_ms` (and `loaded_…`): the server's part alone, from each gate event to
 * the fan-out's emit of its delta (`borderflow_live_delta_lag_seconds`, every delta of the phase, not only
 * the call-ups; interpolated within the histogram's buckets). The rest of a client's latency is the
 * socket writes, the network and the client's decoding, here on the same 2 cores.
 */
import { randomUUID } from 'node:crypto';
import { ApiClient, type LanesResponse } from '@borderflow/traffic';
import { recordResult } from './record-result.ts';
import { startBenchPlatform } from './bench-platform.ts';
import { connectLiveClients, preciseNow } from './live-clients.ts';
import { fillQueue } from './fill-queue.ts';
import { histogramQuantileMs, summarizeLatencies } from './latency.ts';
import { serverCpuSeconds } from './store-cpu.ts';
import { SEEDED_PLATES } from './fill-queue.ts';
import { uniqueTripFactory } from './unique-trips.ts';

const CLIENTS = Number(process.env.BENCH_FANOUT_CLIENTS ?? 1000);
const ROUNDS = Number(process.env.BENCH_FANOUT_ROUNDS ?? 60);
/** Trucks in the queue before the rounds start (each round uses up one call-up). */
const TRUCKS = Number(process.env.BENCH_FANOUT_TRUCKS ?? 120);
/** Client threads (the machine has 2 cores: more only add switching). */
const THREADS = Number(process.env.BENCH_FANOUT_THREADS ?? 2);
const ROUND_TIMEOUT_MS = 10_000;
const GATE = 'KT';
const LOADED_ROUNDS = Number(process.env.BENCH_FANOUT_LOADED_ROUNDS ?? 30);
/** Commands per second alongside the loaded rounds: registrations and check-ins, half each. */
const LOAD_PER_S = Number(process.env.BENCH_FANOUT_LOAD_PER_S ?? 100);
/** Registrations and check-ins in flight at once at most (a slow server lowers the kept rate, not the pacing). */
const LOAD_CONCURRENCY = 24;
/** API processes the clients are spread over (2: needs DATABASE_URL). */
const PROCESSES = Number(process.env.BENCH_FANOUT_PROCESSES ?? 1);
/** `shared` (default): clients and commands spread over the processes; `live-apart`: see the header. */
const TOPOLOGY = process.env.BENCH_FANOUT_TOPOLOGY ?? 'shared';
/** `lean` (default) or `socket.io`: see the header. */
const CLIENT_KIND = process.env.BENCH_FANOUT_CLIENT ?? 'lean';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The next lane (round-robin) whose called truck is waiting for the operator. */
function pickLane(board: LanesResponse, round: number) {
  const called = board.lanes.filter((l) => l.occupancy === 'called' && l.trip);
  return called.length ? called[round % called.length]! : null;
}

/**
 * Drivers register trips and the yard checks each one in, paced at `perS` commands per second
 * (a registration and its check-in are two), until stopped: the commands a busy gate runs while
 * its boards are followed.
 */
function startCommandLoad(urls: string[], perS: number) {
  // With two processes, as a balancer would: registrations on one, check-ins on the other.
  const driver = new ApiClient({ baseUrl: urls[0]!, username: 'driver1', password: 'demo', timeoutMs: 30_000 });
  const yard = new ApiClient({ baseUrl: urls[urls.length - 1]!, username: 'operator1', password: 'demo', timeoutMs: 30_000 });
  const nextTrip = uniqueTripFactory({ gateCode: GATE, seed: 11, taken: SEEDED_PLATES });
  let stopped = false;
  let commands = 0;
  let errors = 0;
  let inFlight = 0;
  const start = performance.now();
  const pairs = perS / 2;
  const run = async () => {
    try {
      const trip = await driver.createTrip(nextTrip());
      commands++;
      await yard.checkIn(GATE, trip.vehicle.plate, `load-${randomUUID()}`);
      commands++;
    } catch {
      errors++;
    } finally {
      inFlight--;
    }
  };
  const loop = (async () => {
    for (let i = 0; !stopped; i++) {
      const wait = start + (i * 1000) / pairs - performance.now();
      if (wait > 0) await sleep(wait);
      while (inFlight >= LOAD_CONCURRENCY && !stopped) await sleep(2);
      if (stopped) break;
      inFlight++;
      void run();
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      const seconds = (performance.now() - start) / 1000;
      while (inFlight > 0) await sleep(10);
      return { commands_per_s: Math.round(commands / seconds), errors };
    },
  };
}

/** CPU seconds of every server process so far, or null when one cannot be read. */
function serversCpuSeconds(pids: number[]): number | null {
  let total = 0;
  for (const pid of pids) {
    const s = serverCpuSeconds(pid);
    if (s === null) return null;
    total += s;
  }
  return total;
}

export async function runFanoutBench(processes = PROCESSES) {
  if (TOPOLOGY !== 'shared' && TOPOLOGY !== 'live-apart') throw new Error(`BENCH_FANOUT_TOPOLOGY: shared or live-apart, got ${TOPOLOGY}`);
  if (TOPOLOGY === 'live-apart' && processes < 2) throw new Error('BENCH_FANOUT_TOPOLOGY=live-apart needs two processes (npm run bench -- fanout-2-processes)');
  if (CLIENT_KIND !== 'lean' && CLIENT_KIND !== 'socket.io') throw new Error(`BENCH_FANOUT_CLIENT: lean or socket.io, got ${CLIENT_KIND}`);
  const apart = TOPOLOGY === 'live-apart';
  const name = (processes > 1 ? `fanout-${processes}-processes` : 'fanout') + (apart ? '-live-apart' : '');
  const platform = await startBenchPlatform(name);
  let clients: Awaited<ReturnType<typeof connectLiveClients>> | null = null;
  try {
    const servers = [{ url: platform.url, pid: platform.pid }];
    while (servers.length < processes + (apart ? 1 : 0)) servers.push(await platform.addApiProcess());
    const urls = servers.map((s) => s.url);
    const pids = servers.map((s) => s.pid);
    /** Where the sockets connect, and where the HTTP commands go. */
    const liveUrls = apart ? urls.slice(2) : urls;
    const commandUrls = apart ? urls.slice(1, 2) : urls;
    console.log(`${name} bench: ${CLIENTS} clients, ${ROUNDS} rounds, server pids ${pids.join(', ')} on ${platform.stores}`);
    await fillQueue(commandUrls[0]!, GATE, TRUCKS);
    const staffToken = await platform.login('manager1');
    const operator = new ApiClient({ baseUrl: commandUrls[0]!, username: 'operator1', password: 'demo', timeoutMs: 30_000 });
    /** The worst process's event-loop delay since the previous call, and each process's p99 (in `urls` order). */
    const loopLag = async () => {
      const lags = await Promise.all(urls.map((u) => platform.loopLag(u)));
      return { p99_ms: Math.max(...lags.map((l) => l.p99_ms)), max_ms: Math.max(...lags.map((l) => l.max_ms)), each_p99_ms: lags.map((l) => l.p99_ms) };
    };
    const connectStart = performance.now();
    clients = await connectLiveClients(liveUrls, staffToken, GATE, CLIENTS, THREADS, CLIENT_KIND);
    const connectSeconds = (performance.now() - connectStart) / 1000;
    console.log(`${CLIENTS} ${CLIENT_KIND} clients connected and subscribed in ${connectSeconds.toFixed(1)} s`);

    const live = clients;
    /** `queueNeverEmpty`: the load keeps trucks waiting, so a round nobody heard of is a miss, not a round without a call-up. */
    const measure = async (roundCount: number, queueNeverEmpty = false) => {
      const all: number[] = [];
      const lastPerRound: number[] = [];
      const firstPerRound: number[] = [];
      const completeMs: number[] = [];
      let missed = 0;
      let roundsWithoutCallUp = 0;
      let unheard = 0;
      let clientBusyUs = 0;
      let deltasPerClient = 0;
      let messagesPerClient = 0;
      let deltaChars = 0;
      let serverCpuS = 0;
      for (let round = 0; round < roundCount; round++) {
        const lane = pickLane(await operator.lanes(GATE), round);
        if (!lane) throw new Error(`round ${round}: no lane has a called truck (queue ran dry; raise BENCH_FANOUT_TRUCKS)`);
        const tripId = lane.trip!.id;
        await operator.arrive(GATE, lane.id, tripId, `fan-${randomUUID()}`);
        await operator.start(GATE, lane.id, tripId, `fan-${randomUUID()}`);
        // Let the arrive/start deltas reach every client before the clock starts.
        await sleep(150);
        const commandId = `fan-${randomUUID()}`;
        const collect = await live.arm({ type: 'trip_called', commandId }, ROUND_TIMEOUT_MS);
        const server0 = serversCpuSeconds(pids);
        const t0 = preciseNow();
        await operator.complete(GATE, lane.id, tripId, 'cleared', commandId);
        completeMs.push(preciseNow() - t0);
        const { times, busyMs, deltas, messages, deltaBytes } = await collect();
        const server1 = serversCpuSeconds(pids);
        const got = times.filter((t): t is number => t !== null).map((t) => t - t0);
        if (got.length === 0 && queueNeverEmpty) {
          unheard++;
          missed += CLIENTS;
          continue;
        }
        if (got.length === 0) {
          // The completion called nobody (no truck waiting for that lane): not a delivery failure.
          roundsWithoutCallUp++;
          continue;
        }
        missed += CLIENTS - got.length;
        all.push(...got);
        lastPerRound.push(Math.max(...got));
        firstPerRound.push(Math.min(...got));
        clientBusyUs += (busyMs * 1000) / got.length;
        deltasPerClient += deltas / CLIENTS;
        messagesPerClient += messages / CLIENTS;
        deltaChars += deltaBytes;
        if (server0 !== null && server1 !== null) serverCpuS += server1 - server0;
        await sleep(50);
      }
      return { unheard, all, lastPerRound, firstPerRound, completeMs, missed, roundsWithoutCallUp, clientBusyUs, deltasPerClient, messagesPerClient, deltaChars, serverCpuS };
    };
    /** Every process's event → emit histogram, summed (only the gate's fan-out lease holder emits). */
    const deltaLag = async () => {
      const sum = new Map<number, number>();
      for (const one of await Promise.all(urls.map((u) => platform.deltaLag(u)))) for (const [le, n] of one) sum.set(le, (sum.get(le) ?? 0) + n);
      return sum;
    };
    await loopLag();
    const quietEmit0 = await deltaLag();
    const { all, lastPerRound, firstPerRound, completeMs, missed, roundsWithoutCallUp, clientBusyUs, deltasPerClient, messagesPerClient, deltaChars, serverCpuS } = await measure(ROUNDS);
    const quietLag = await loopLag();
    const quietEmit1 = await deltaLag();
    // The same rounds with registrations and check-ins running alongside.
    const load = startCommandLoad(commandUrls, LOAD_PER_S);
    await sleep(2000); // the load at its pace before the clock starts
    await loopLag();
    const loadedEmit0 = await deltaLag();
    const loaded = await measure(LOADED_ROUNDS, true).catch(async (err: unknown) => {
      await load.stop();
      throw err;
    });
    const loadedLag = await loopLag();
    const loadedEmit1 = await deltaLag();
    const kept = await load.stop();
    const loadedPerClient = summarizeLatencies(loaded.all);
    const rounds = lastPerRound.length;
    const perClient = summarizeLatencies(all);
    const last = summarizeLatencies(lastPerRound);
    const first = summarizeLatencies(firstPerRound);
    const figures = {
      stores: platform.stores,
      api_processes: servers.length,
      topology: TOPOLOGY,
      clients: CLIENTS,
      client_kind: CLIENT_KIND,
      rounds,
      rounds_without_call_up: roundsWithoutCallUp,
      deliveries: all.length,
      missed_deliveries: missed,
      connect_seconds: +connectSeconds.toFixed(2),
      p50_ms: perClient.p50_ms, p90_ms: perClient.p90_ms, p99_ms: perClient.p99_ms, max_ms: perClient.max_ms,
      target_met: perClient.p99_ms <= 100 && missed === 0,
      all_clients_p50_ms: last.p50_ms, all_clients_p99_ms: last.p99_ms,
      first_client_p50_ms: first.p50_ms, first_client_p99_ms: first.p99_ms,
      complete_request: summarizeLatencies(completeMs),
      client_threads: THREADS,
      /** Deltas each client got per round until the call-up (stage_completed, trip_queued, … trip_called): the broadcasts it waited behind. */
      deltas_per_client_per_round: +(deltasPerClient / Math.max(1, rounds)).toFixed(2),
      /** Socket.IO messages (a `delta`, or a `deltas` burst) each client parsed per round until the call-up. */
      messages_per_client_per_round: +(messagesPerClient / Math.max(1, rounds)).toFixed(2),
      client_busy_us_per_delivery: Math.round(clientBusyUs / Math.max(1, rounds)),
      /** Characters of delta packets each client parsed per round (until the call-up). */
      delta_chars_per_round: Math.round(deltaChars / Math.max(1, rounds)),
      server_cpu_ms_per_round: Math.round((serverCpuS * 1000) / Math.max(1, rounds)),
      event_to_emit_p50_ms: histogramQuantileMs(quietEmit0, quietEmit1, 0.5), event_to_emit_p99_ms: histogramQuantileMs(quietEmit0, quietEmit1, 0.99),
      loaded_event_to_emit_p50_ms: histogramQuantileMs(loadedEmit0, loadedEmit1, 0.5),
      loaded_event_to_emit_p99_ms: histogramQuantileMs(loadedEmit0, loadedEmit1, 0.99),
      server_loop_lag_p99_ms: quietLag.p99_ms, server_loop_lag_max_ms: quietLag.max_ms, server_loop_lag_p99_ms_each: quietLag.each_p99_ms,
      loaded_rounds: loaded.lastPerRound.length,
      /** Loaded rounds whose call-up reached no client within the round's 10 s (their clients count as missed). */
      loaded_rounds_unheard: loaded.unheard,
      loaded_missed_deliveries: loaded.missed,
      loaded_p50_ms: loadedPerClient.p50_ms, loaded_p99_ms: loadedPerClient.p99_ms, loaded_max_ms: loadedPerClient.max_ms,
      /** The first and the last client of each loaded round: the spread between them is the writes to every socket and the clients' decoding. */
      loaded_first_client_p50_ms: summarizeLatencies(loaded.firstPerRound).p50_ms, loaded_first_client_p99_ms: summarizeLatencies(loaded.firstPerRound).p99_ms,
      loaded_all_clients_p50_ms: summarizeLatencies(loaded.lastPerRound).p50_ms, loaded_all_clients_p99_ms: summarizeLatencies(loaded.lastPerRound).p99_ms,
      loaded_target_met: loaded.lastPerRound.length > 0 && loadedPerClient.p99_ms <= 250 && loaded.missed === 0,
      load_target_per_s: LOAD_PER_S,
      /** Registrations plus check-ins per second the platform kept during the loaded rounds. */
      load_commands_per_s: kept.commands_per_s,
      load_errors: kept.errors,
      loaded_deltas_per_client_per_round: +(loaded.deltasPerClient / Math.max(1, loaded.lastPerRound.length)).toFixed(2),
      loaded_server_cpu_ms_per_round: Math.round((loaded.serverCpuS * 1000) / Math.max(1, loaded.lastPerRound.length)),
      loaded_delta_chars_per_round: Math.round(loaded.deltaChars / Math.max(1, loaded.lastPerRound.length)),
      loaded_client_busy_us_per_delivery: Math.round(loaded.clientBusyUs / Math.max(1, loaded.lastPerRound.length)),
      loaded_server_loop_lag_p99_ms: loadedLag.p99_ms, loaded_server_loop_lag_max_ms: loadedLag.max_ms, loaded_server_loop_lag_p99_ms_each: loadedLag.each_p99_ms,
      /** The operator's complete request under load (HTTP, queued with the load's requests): the part of loaded_p50_ms before the event exists. */
      loaded_complete_request_p50_ms: summarizeLatencies(loaded.completeMs).p50_ms,
      loaded_messages_per_client_per_round: +(loaded.messagesPerClient / Math.max(1, loaded.lastPerRound.length)).toFixed(2),
    };
    recordResult(name, `npm run bench -- ${name}`, figures,
      `${platform.stores}; ${processes} API process(es)${apart ? ' (live apart: sockets on the first, commands on the second)' : ''}; ${CLIENTS} ${CLIENT_KIND} clients × ${rounds} rounds: complete → call-up delta p50 ${perClient.p50_ms} ms, p99 ${perClient.p99_ms} ms, `
      + `max ${perClient.max_ms} ms; last client per round p50 ${last.p50_ms} / p99 ${last.p99_ms} ms; first client p50 ${first.p50_ms} ms; `
      + `missed ${missed}; ${figures.deltas_per_client_per_round} deltas per client per round; client threads busy ${figures.client_busy_us_per_delivery} µs per delivery (${THREADS} threads), server CPU ${figures.server_cpu_ms_per_round} ms per round; `
      + `loaded (${figures.load_commands_per_s} registrations + check-ins/s kept of ${LOAD_PER_S}, ${figures.loaded_rounds} rounds): p50 ${figures.loaded_p50_ms} ms, p99 ${figures.loaded_p99_ms} ms, missed ${figures.loaded_missed_deliveries}; `
      + `server event-loop delay p99 ${figures.server_loop_lag_p99_ms} ms quiet, ${figures.loaded_server_loop_lag_p99_ms} ms loaded; `
      + `event → emit p50/p99 ${figures.event_to_emit_p50_ms}/${figures.event_to_emit_p99_ms} ms quiet, ${figures.loaded_event_to_emit_p50_ms}/${figures.loaded_event_to_emit_p99_ms} ms loaded`);
    return figures;
  } finally {
    await clients?.close();
    await platform.stop();
  }
}
