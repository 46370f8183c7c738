/**
 * Fault scenarios on the production topology (testing/topology.ts), shared by
 * the fault tests (which assert on what they return) and `npm run bench --
 * resilience` (which records it). Each drives real operator traffic at a gate,
 * breaks something real (a process, PostgreSQL's connection), and then counts
 * what the platform lost: trips, events, double assignments.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { Cluster, Redis } from 'ioredis';
import { parseNode, type RedisClusterHandle } from '@borderflow/testkit';
import { LIVE_TRIP_STATES, type TripState } from '@borderflow/contracts';
import { GateScheduler, checkInvariants } from '@borderflow/scheduler';
import { persistCaughtUp, persistPending } from './persist-progress.ts';
import { COMPANY_FEED_GROUP } from '../live/company-feed.ts';
import { gateKeysOf } from '@borderflow/scheduler/testing';
import { tripRequest } from './trip-fixtures.ts';
import type { Answer, Topology } from './topology.ts';
import type { SpawnedPlatform } from './spawn-platform.ts';

const GATE = 'KT';
const NEXT_ACTION: Record<string, 'arrive' | 'start' | 'complete' | undefined> = { called: 'arrive', at_lane: 'start', inspecting: 'complete' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What a scenario lost; every count must be 0. */
export interface LossReport {
  /** Trips answered as registered or checked in that the database or Redis no longer has in a valid place. */
  tripsLost: number;
  /** Seqs the stream handed out that PostgreSQL does not hold once persistence caught up. */
  eventsLost: number;
  /** Lanes holding two trucks, or a truck in two lanes (the scheduler's invariants). */
  doubleAssignments: number;
  /** Every invariant violation, for the failure message. */
  violations: string[];
  /** Entries read by a consumer group but never acknowledged (persist, fan-out). */
  pendingLeft: number;
  /** Events the gate had appended when counted (its seq). */
  events: number;
}

/** A command with its id: a retry after a lost answer sends it again unchanged. */
interface Command {
  path: string;
  body: Record<string, unknown>;
  answers: Answer[];
}

const TOKEN_REFRESH_MS = 10 * 60_000;

/** A gate under operator traffic, for one topology. */
export class GateTraffic {
  readonly redis: Redis | Cluster;
  readonly scheduler: GateScheduler;
  /** Trips answered 201 (registered), and those answered 200 to their check-in. */
  readonly registered = new Set<string>();
  readonly checkedIn = new Set<string>();
  /** Commands that got no answer (their process died): resent, same id, to a live process. */
  private readonly unanswered: Command[] = [];
  driver = '';
  operator = '';
  private loggedInAt = 0;

  constructor(readonly topo: Topology) {
    this.redis = topo.redisClusterNodes
      ? new Cluster(topo.redisClusterNodes.split(',').map(parseNode), { scaleReads: 'master' })
      : new Redis(topo.redisUrl);
    this.redis.on('error', () => undefined); // a failover test takes nodes away under it
    this.scheduler = new GateScheduler({ redis: this.redis, gate: GATE, prefix: topo.prefix });
  }

  async login(base: string): Promise<void> {
    [this.driver, this.operator] = await Promise.all([this.topo.login(base, 'driver1'), this.topo.login(base, 'operator1')]);
    this.loggedInAt = Date.now();
  }

  /** Access tokens last 15 minutes and the full crash loop runs longer: sign in again well before they expire. */
  private async freshTokens(base: string): Promise<void> {
    if (Date.now() - this.loggedInAt <= TOKEN_REFRESH_MS) return;
    try {
      await this.login(base);
    } catch {
      // that process is being killed: the next call, to a live one, signs in
    }
  }

  private async send(base: string, cmd: Command): Promise<Answer | null> {
    try {
      const answer = await this.topo.call(base, 'POST', cmd.path, this.operator, cmd.body);
      cmd.answers.push(answer);
      return answer;
    } catch {
      this.unanswered.push(cmd);
      return null;
    }
  }

  /** Registers `n` trips and checks them in (each a command with its own id). */
  async arrive(base: string, n: number): Promise<void> {
    await this.freshTokens(base);
    await Promise.all(Array.from({ length: n }, async (_, i) => {
      let created: Answer;
      try {
        created = await this.topo.call(base, 'POST', '/v1/trips', this.driver, tripRequest({ direction: i % 2 === 0 ? 'exit' : 'entry' }));
      } catch {
        return; // the process died before answering: the trip was not promised to anyone
      }
      if (created.status !== 201) throw new Error(`registration: ${created.status} ${JSON.stringify(created.body)}`);
      this.registered.add(created.body.id);
      const cmd: Command = { path: `/v1/gates/${GATE}/check-ins`, body: { plate: created.body.vehicle.plate, commandId: `fault-${randomUUID()}` }, answers: [] };
      const answer = await this.send(base, cmd);
      if (answer?.status === 200) this.checkedIn.add(created.body.id);
    }));
  }

  /** One round of lane work: each lane's truck gets its next action. Returns the answers' statuses. */
  async laneRound(base: string): Promise<number[]> {
    await this.freshTokens(base);
    let lanes: Array<{ id: string; trip: { id: string; state: string } | null }>;
    try {
      lanes = (await this.topo.call(base, 'GET', `/v1/gates/${GATE}/lanes`, this.operator)).body?.lanes ?? [];
    } catch {
      return [];
    }
    const statuses = await Promise.all(lanes.map(async (lane) => {
      const action = lane.trip ? NEXT_ACTION[lane.trip.state] : undefined;
      if (!lane.trip || !action) return null;
      const body = { tripId: lane.trip.id, commandId: `fault-${randomUUID()}`, ...(action === 'complete' ? { outcome: 'cleared' } : {}) };
      const answer = await this.send(base, { path: `/v1/gates/${GATE}/lanes/${lane.id}/${action}`, body, answers: [] });
      return answer?.status ?? null;
    }));
    return statuses.filter((s): s is number => s !== null);
  }

  /** Sends again, with the same ids, the commands whose answer a kill took away. */
  async retryUnanswered(base: string): Promise<void> {
    await this.freshTokens(base);
    const retry = this.unanswered.splice(0);
    for (const cmd of retry) {
      const answer = await this.send(base, cmd);
      if (answer && answer.status >= 500) throw new Error(`retry of ${cmd.path}: ${answer.status} ${JSON.stringify(answer.body)}`);
      if (answer?.status === 200 && cmd.path.endsWith('/check-ins')) {
        const trip = answer.body?.trip?.id;
        if (trip) this.checkedIn.add(trip);
      }
    }
  }

  /**
   * Waits until persistence stored everything and fan-out delivered everything (the caller made
   * sure a worker runs). A killed worker's fan-out entries stay pending until a live worker claims
   * them once idle: counting them before that counts a take-over that has not had its turn yet.
   */
  async caughtUp(timeoutMs = 60_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    const stream = gateKeysOf(this.scheduler).events;
    const delivered = async (group: string) => persistCaughtUp(this.redis, stream, group, { missingGroup: true });
    while (!(await persistCaughtUp(this.redis, stream)) || !(await delivered('fanout')) || !(await delivered(COMPANY_FEED_GROUP))) {
      if (Date.now() > end) throw new Error('persistence or fan-out did not catch up');
      await sleep(100);
    }
  }

  /**
   * What was lost. Redis is read first and PostgreSQL only once persistence has caught up with what was
   * read: the worker's timers go on appending after the scenario's last command (exit pacing lets a truck
   * cross every minute), and an event appended between the two reads is not lost, only newer than the count
   * (the kill -9 loop once counted such a crossing as lost: CI's servers phase, `eventsLost: 2`).
   * `whileCounting` runs between the two reads (a test appends there).
   */
  async losses(options: { whileCounting?: () => Promise<void> } = {}): Promise<LossReport> {
    const keys = gateKeysOf(this.scheduler);
    const lastSeq = Number((await this.redis.hget(keys.meta, 'seq')) ?? 0);
    const lastId = (await this.redis.xrevrange(keys.events, '+', '-', 'COUNT', 1))[0]?.[0];
    const live = new Set(await this.redis.smembers(keys.live));
    const violations = await checkInvariants(this.redis, keys);
    await options.whileCounting?.();
    await this.caughtUp();

    const stored = new Set((await this.topo.db.prisma.gateEvent.findMany({ where: { gateCode: GATE, seq: { lte: lastSeq } }, select: { seq: true } })).map((r) => r.seq));
    let eventsLost = 0;
    for (let seq = 1; seq <= lastSeq; seq++) if (!stored.has(seq)) eventsLost++;

    const rows = await this.topo.db.prisma.trip.findMany({ where: { id: { in: [...this.registered] } }, select: { id: true, state: true } });
    const byId = new Map(rows.map((r) => [r.id, r.state as TripState]));
    let tripsLost = 0;
    for (const id of this.registered) {
      const state = byId.get(id);
      if (!state) tripsLost++;
      // Checked in: live in Redis, or ended/crossed in the database; never back to "registered" nor vanished from Redis while live.
      else if (this.checkedIn.has(id) && !live.has(id) && (state === 'registered' || LIVE_TRIP_STATES.includes(state))) tripsLost++;
    }
    const doubleAssignments = violations.filter((v) => /two|twice|both/i.test(v)).length;
    // Entries of the count only: a newer one may be in a consumer's hands this very moment.
    const pendingLeft = lastId === undefined ? 0 : (await Promise.all(['persist', 'fanout', COMPANY_FEED_GROUP]
      .map((group) => persistPending(this.redis, keys.events, group, lastId)))).reduce((a, b) => a + b, 0);
    return { tripsLost, eventsLost, doubleAssignments, violations, pendingLeft, events: lastSeq };
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}

export interface CrashLoopOptions {
  iterations: number;
  /** Called after each iteration (progress of a long run). */
  onIteration?: (i: number, killed: 'api' | 'worker') => void;
}

export interface CrashLoopReport extends LossReport {
  iterations: number;
  killedApi: number;
  killedWorker: number;
}

/**
 * kill -9 of an API or a worker process at a random moment while commands are in flight, then a
 * new one in its place; commands that lost their answer are retried with their ids, as clients do.
 * The topology needs no process started; its children should claim idle entries quickly
 * (`persist: { claimIdleMs }`).
 */
export async function crashLoop(topo: Topology, options: CrashLoopOptions): Promise<CrashLoopReport> {
  let worker: SpawnedPlatform = await topo.startWorker();
  let api: SpawnedPlatform = await topo.startApi();
  const traffic = new GateTraffic(topo);
  let killedApi = 0;
  let killedWorker = 0;
  try {
    await traffic.login(api.url);
    await traffic.arrive(api.url, 10);
    for (let i = 0; i < options.iterations; i++) {
      const victim: 'api' | 'worker' = randomInt(2) === 0 ? 'api' : 'worker';
      let stop = false;
      const load = (async () => {
        const base = api.url;
        while (!stop) {
          const statuses = await traffic.laneRound(base);
          if (statuses.some((s) => s >= 500)) throw new Error(`a command answered ${statuses.join(',')}`);
          if (statuses.length === 0) await traffic.arrive(base, 4);
        }
      })();
      await sleep(randomInt(50, 600));
      if (victim === 'api') {
        await api.kill();
        killedApi++;
      } else {
        await worker.kill();
        killedWorker++;
      }
      stop = true;
      await load;
      if (victim === 'api') api = await topo.startApi();
      else worker = await topo.startWorker();
      await traffic.retryUnanswered(api.url);
      options.onIteration?.(i, victim);
    }
    await traffic.caughtUp();
    return { ...(await traffic.losses()), iterations: options.iterations, killedApi, killedWorker };
  } finally {
    await traffic.close();
  }
}

export interface DbOutageReport extends LossReport {
  outageS: number;
  /** /readyz answers seen during the outage. */
  readyDuringOutage: string[];
  commandsDuringOutage: number;
  /** Command answers ≥ 500 during the outage (the gate must keep running). */
  failedDuringOutage: number;
  eventsDuringOutage: number;
  /** Of the events appended during the outage, the share in PostgreSQL afterwards. */
  persistedAfterRatio: number;
}

/**
 * PostgreSQL away for `outageMs` (the proxy between the processes and it is cut): lane commands go
 * on (they live in Redis), /readyz says degraded, and once PostgreSQL is back every event is stored.
 * The topology's children must reach PostgreSQL through `cut` / `restore`'s proxy.
 */
export async function dbOutage(
  topo: Topology,
  proxy: { cut(): void; restore(): void },
  { outageMs }: { outageMs: number },
): Promise<DbOutageReport> {
  const worker = await topo.startWorker();
  const api = await topo.startApi();
  void worker;
  const traffic = new GateTraffic(topo);
  try {
    await traffic.login(api.url);
    await traffic.arrive(api.url, 16);
    await traffic.caughtUp();
    const seqBefore = Number((await traffic.redis.hget(gateKeysOf(traffic.scheduler).meta, 'seq')) ?? 0);
    proxy.cut();
    const started = Date.now();
    const readyDuringOutage: string[] = [];
    let commands = 0;
    let failed = 0;
    while (Date.now() - started < outageMs) {
      readyDuringOutage.push((await topo.call(api.url, 'GET', '/readyz')).body?.status);
      const statuses = await traffic.laneRound(api.url);
      commands += statuses.length;
      failed += statuses.filter((s) => s >= 500).length;
      await sleep(statuses.length === 0 ? 200 : 20);
    }
    const outageS = (Date.now() - started) / 1000;
    const seqAfter = Number((await traffic.redis.hget(gateKeysOf(traffic.scheduler).meta, 'seq')) ?? 0);
    proxy.restore();
    await traffic.caughtUp(120_000);
    const storedDuring = await topo.db.prisma.gateEvent.count({ where: { gateCode: GATE, seq: { gt: seqBefore, lte: seqAfter } } });
    const eventsDuringOutage = seqAfter - seqBefore;
    return {
      ...(await traffic.losses()),
      outageS,
      readyDuringOutage,
      commandsDuringOutage: commands,
      failedDuringOutage: failed,
      eventsDuringOutage,
      persistedAfterRatio: eventsDuringOutage === 0 ? 0 : storedDuring / eventsDuringOutage,
    };
  } finally {
    await traffic.close();
  }
}

/**
 * Latency across processes: a lane command sent to API process B, until its event reaches a live
 * client of API process A (through the worker's fan-out and the Socket.IO adapter). Starts a worker
 * and two API processes; returns each command's milliseconds, in order.
 */
export async function multiNodeLatency(topo: Topology, { commands }: { commands: number }): Promise<number[]> {
  await topo.startWorker();
  const [a, b] = await Promise.all([topo.startApi(), topo.startApi()]);
  const operator = await topo.login(b.url, 'operator1');
  const socket = await topo.socket(a.url, operator);
  const arrived = new Map<string, number>();
  socket.on('delta', (d: { event: { commandId?: string } }) => {
    if (d.event.commandId) arrived.set(d.event.commandId, performance.now());
  });
  await socket.emitWithAck('subscribe', { gate: GATE });
  const lanes = ['KT-X1', 'KT-N1', 'KT-N2'];
  const latencies: number[] = [];
  for (let i = 0; i < commands; i++) {
    const lane = lanes[i % lanes.length]!;
    const action = Math.floor(i / lanes.length) % 2 === 0 ? 'pause' : 'open';
    const commandId = `latency-${randomUUID()}`;
    const sent = performance.now();
    const res = await topo.call(b.url, 'POST', `/v1/gates/${GATE}/lanes/${lane}/${action}`, operator, { commandId, reason: 'latency' });
    if (res.status !== 200) throw new Error(`${action} ${lane}: ${res.status} ${JSON.stringify(res.body)}`);
    const end = Date.now() + 10_000;
    while (!arrived.has(commandId)) {
      if (Date.now() > end) throw new Error(`the event of ${commandId} never reached process A`);
      await sleep(1);
    }
    latencies.push(arrived.get(commandId)! - sent);
  }
  return latencies;
}

export interface FailoverReport extends LossReport {
  /** From the kill of the gate's master until a lane command is answered again. */
  failoverS: number;
  /** Commands answered 2xx before the kill (each must survive: WAIT for a replica). */
  answeredBeforeKill: number;
}

/** The node lines of `CLUSTER NODES`: id, address, flags, master id, slot ranges. */
async function clusterNodes(redis: Cluster): Promise<Array<{ id: string; port: number; flags: string; master: string; slots: string[] }>> {
  const text = String(await redis.call('CLUSTER', 'NODES'));
  return text.trim().split('\n').map((line) => {
    const [id, addr, flags, master, , , , , ...slots] = line.split(' ');
    return { id: id!, port: Number(addr!.split('@')[0]!.split(':')[1]), flags: flags!, master: master!, slots };
  });
}

const slotIn = (slot: number, ranges: string[]) =>
  ranges.some((r) => {
    const [from, to] = r.split('-').map(Number);
    return slot >= from! && slot <= (to ?? from)!;
  });

/**
 * kill -9 of the Redis Cluster master that holds the gate, while trucks are being assigned, its
 * replica promoted (CLUSTER FAILOVER TAKEOVER) and the dead node restarted. The children must WAIT for a replica
 * (`waitReplicas`), so that what they acknowledged is on the replica that takes over.
 */
export async function redisFailover(topo: Topology, cluster: RedisClusterHandle): Promise<FailoverReport> {
  await topo.startWorker();
  const api = await topo.startApi();
  const traffic = new GateTraffic(topo);
  const redis = traffic.redis as Cluster;
  try {
    await traffic.login(api.url);
    await traffic.arrive(api.url, 12);
    await traffic.caughtUp();
    const slot = Number(await redis.call('CLUSTER', 'KEYSLOT', gateKeysOf(traffic.scheduler).meta));
    const nodes = await clusterNodes(redis);
    const master = nodes.find((n) => n.flags.includes('master') && slotIn(slot, n.slots));
    const replica = master && nodes.find((n) => n.master === master.id);
    if (!master || !replica) throw new Error(`no master with a replica for slot ${slot}`);

    let stop = false;
    let killedAt = 0;
    let backAt = 0;
    let answeredBeforeKill = 0;
    const load = (async () => {
      while (!stop) {
        const statuses = await traffic.laneRound(api.url);
        const ok = statuses.filter((s) => s === 200).length;
        if (!killedAt) answeredBeforeKill += ok;
        else if (ok > 0 && !backAt) backAt = Date.now();
        if (statuses.length === 0) {
          await traffic.arrive(api.url, 3).catch(() => undefined); // refused while Redis has no master: retried later
          await sleep(50);
        }
      }
    })();
    await sleep(1000);
    killedAt = Date.now();
    await cluster.servers.find((s) => s.port === master.port)!.crash();
    const promoter = new Redis(replica.port, '127.0.0.1');
    try {
      await promoter.call('CLUSTER', 'FAILOVER', 'TAKEOVER');
    } finally {
      promoter.disconnect();
    }
    // The dead master is restarted, as an orchestrator would, and comes back as the new master's
    // replica: until it has synced, the new master has no replica to confirm a command's WAIT, and
    // commands are answered NOT_REPLICATED (applied, retried with the same id), never acknowledged
    // unreplicated.
    await cluster.restart(master.port);
    const end = Date.now() + 60_000;
    while (!backAt && Date.now() < end) await sleep(50);
    await sleep(2000);
    stop = true;
    await load;
    if (!backAt) throw new Error('no lane command was answered within 60 s of the failover');
    await traffic.retryUnanswered(api.url);
    await traffic.caughtUp(120_000);
    return { ...(await traffic.losses()), failoverS: (backAt - killedAt) / 1000, answeredBeforeKill };
  } finally {
    await traffic.close();
  }
}

/** The gate's live state an operator sees, in order: each stage's queue, each lane's truck, held, exit queue. */
export async function gateOrder(traffic: GateTraffic): Promise<Record<string, string[]>> {
  const snap = await traffic.scheduler.snapshot(0);
  const order: Record<string, string[]> = {};
  for (const [stage, entries] of Object.entries(snap.queues)) order[`queue:${stage}`] = (entries ?? []).map((e) => e.trip.id);
  for (const lane of snap.lanes) order[`lane:${lane.id}`] = [lane.status, ...(lane.trip ? [lane.trip.id, lane.trip.state] : [])];
  order.held = snap.held.map((t) => t.id);
  order.exitQueue = snap.exitQueue.map((t) => t.id);
  return order;
}

export interface RedisLossReport extends LossReport {
  before: Record<string, string[]>;
  after: Record<string, string[]>;
}

/**
 * Redis loses its memory with the platform's processes running on it: `restart` kills it (SIGKILL)
 * and starts it again on its append-only file (the live state must come back as it was); `flush`
 * empties it (FLUSHALL) and the processes are restarted, rebuilding the gate from PostgreSQL (the
 * same queues in the same order). `restartRedis` starts the server again on the same port and dir.
 * The children should have no timer ticks (they would move trucks between the two reads).
 */
export async function redisLoss(
  topo: Topology,
  mode: 'restart' | 'flush',
  server: { crash(): Promise<void> },
  restartRedis: () => Promise<unknown>,
): Promise<RedisLossReport> {
  let worker = await topo.startWorker();
  let api = await topo.startApi();
  const traffic = new GateTraffic(topo);
  try {
    await traffic.login(api.url);
    await traffic.arrive(api.url, 16);
    for (let i = 0; i < 3; i++) await traffic.laneRound(api.url);
    await traffic.caughtUp();
    const before = await gateOrder(traffic);
    if (mode === 'restart') {
      await server.crash();
      await restartRedis();
    } else {
      await Promise.all([worker.stop(), api.stop()]);
      await traffic.redis.call('FLUSHALL');
      worker = await topo.startWorker();
      api = await topo.startApi();
    }
    // The processes answer again (their Redis clients reconnected, or they rebuilt the gate).
    const end = Date.now() + 60_000;
    while ((await topo.call(api.url, 'GET', '/readyz').catch(() => null))?.body?.status !== 'ready') {
      if (Date.now() > end) throw new Error('the API process did not become ready after the Redis loss');
      await sleep(200);
    }
    const after = await gateOrder(traffic);
    // And the gate goes on: a lane round and new trucks are taken.
    await traffic.laneRound(api.url);
    await traffic.arrive(api.url, 2);
    await traffic.caughtUp();
    return { ...(await traffic.losses()), before, after };
  } finally {
    await traffic.close();
  }
}
