/**
 * The lane scheduler of one gate. Every mutating method runs exactly one Lua
 * script (commands/*.lua) that changes state and appends its events to the
 * gate's stream atomically, so there is never a change without its event and
 * never a double assignment, whatever runs concurrently.
 */
import { randomBytes } from 'node:crypto';
import type { Redis, Cluster } from 'ioredis';
import type { Direction, Stage, TripPlacement } from '@borderflow/contracts';
import { GateKeys } from './gate-keys.ts';
import { checkInvariants } from './invariants.ts';
import { GateReader } from './gate-reader.ts';
import { TripReadModel } from './trip-read-model.ts';
import { defineSchedulerCommands } from './script-loader.ts';
import { runGateCommand } from './gate-functions.ts';
import { commandScope, inputHash, scopedCommandArg } from './command-scope.ts';
import type {
  CheckInInput,
  CommandMeta,
  CommandResult,
  CompleteInput,
  LaneConfig,
  LaneStatusInput,
  PolicyConfig,
  RebuildInput,
  TripCommandInput,
} from './types.ts';

type Client = Redis | Cluster;

export interface GateSchedulerOptions {
  redis: Client;
  /** Gate code, e.g. "KT". */
  gate: string;
  /** Key prefix before the hash tag (tests use a unique one). */
  prefix?: string;
  /** Clock for commands that do not pass `now` (a simulation passes its virtual clock). */
  clock?: () => number;
  /**
   * Durability across a failover: after each command, `WAIT replicas timeoutMs`, and answer
   * NOT_REPLICATED when fewer replicas confirmed it (the command is applied on the primary;
   * a retry with the same command id is safe). Off by default (the single-node demo has no
   * replica). On Redis Cluster the WAIT goes to the gate's master (`replicasConfirming`).
   */
  waitReplicas?: { replicas: number; timeoutMs: number };
  /**
   * Run the commands as functions of the gate library (FCALL) on a Redis 7+ that is not a
   * Cluster (default true); false runs their EVAL scripts. Same Lua, same answers (gate-functions.ts).
   */
  useFunctions?: boolean;
}

/** Reads `REDIS_WAIT_REPLICAS` / `REDIS_WAIT_TIMEOUT_MS` (default 500 ms); undefined when unset or 0. */
export function waitReplicasFromEnv(env: NodeJS.ProcessEnv = process.env): GateSchedulerOptions['waitReplicas'] {
  const replicas = Number(env.REDIS_WAIT_REPLICAS ?? 0);
  if (!Number.isInteger(replicas) || replicas <= 0) return undefined;
  const timeoutMs = Number(env.REDIS_WAIT_TIMEOUT_MS ?? 500);
  return { replicas, timeoutMs: Number.isFinite(timeoutMs) && timeoutMs > 0 ? timeoutMs : 500 };
}

/**
 * @example
 * const kt = new GateScheduler({ redis, gate: 'KT', prefix: 'bf:' });
 * await kt.checkIn({ tripId, plate: '24C12345', direction: 'exit', priorityClass: 'ordinary',
 *                    stages: ['documents', 'gate'], actor: 'user:op1' });
 */
export class GateScheduler {
  /**
   * The gate's Redis key layout: the scheduler's own business (its Lua scripts and reader). Callers
   * use the operations below; tests that must look at raw keys use `gateKeysOf` from
   * `@borderflow/scheduler/testing`.
   */
  private readonly keys: GateKeys;
  readonly reader: GateReader;
  /** Waiting trucks' positions and ETAs, projected once per gate event and shared by every read. */
  readonly readModel: TripReadModel;
  readonly gate: string;
  private readonly clock: () => number;

  constructor(private readonly opts: GateSchedulerOptions) {
    this.gate = opts.gate;
    this.keys = new GateKeys(opts.prefix ?? 'bf:', opts.gate);
    defineSchedulerCommands(opts.redis);
    this.reader = new GateReader(opts.redis, this.keys);
    this.readModel = new TripReadModel(this.reader);
    this.clock = opts.clock ?? Date.now;
  }

  /** `scope` names the command for its idempotency key when one script serves several (place/release hold). */
  private async run(name: string, meta: CommandMeta, args: (string | number)[], scope = name): Promise<Record<string, unknown>> {
    const commandArg = meta.commandId
      ? scopedCommandArg(meta.actor, scope, meta.commandId, meta.inputHash ?? inputHash(args))
      : '';
    const raw = await runGateCommand(this.opts.redis, name, [this.keys.meta, this.keys.events], [
      this.keys.base, Math.round(meta.now ?? this.clock()), meta.actor, commandArg, this.gate, ...args,
    ], this.opts.useFunctions ?? true);
    return JSON.parse(raw) as Record<string, unknown>;
  }

  private async command(name: string, meta: CommandMeta, args: (string | number)[], scope = name): Promise<CommandResult> {
    const r = await this.run(name, meta, args, scope);
    const wait = this.opts.waitReplicas;
    if (r.ok && wait) {
      // Also after a replay: the first answer may have been NOT_REPLICATED, and the retry asks again.
      const acked = await this.replicasConfirming(wait);
      if (acked < wait.replicas) {
        return {
          ok: false, code: 'NOT_REPLICATED',
          message: `command applied on the primary but confirmed by ${acked} of ${wait.replicas} replicas; retry with the same command id`,
        };
      }
    }
    if (r.ok) {
      const done = { ok: true as const, trip: (r.trip as TripPlacement | null) ?? null, replayed: r.replayed === true, events: Number(r.events ?? 0) };
      return 'laneTripId' in r ? { ...done, laneTripId: (r.laneTripId as string | null) ?? null } : done;
    }
    return { ok: false, code: r.code as Extract<CommandResult, { ok: false }>['code'], message: String(r.message) };
  }

  /**
   * WAIT on the connection that ran the command, the gate's master. WAIT names no key, and a Redis
   * Cluster client sends such a command to any master: two times in three (3 masters) it counted
   * another master's replicas, and a command answered before a failover could be missing after it.
   * A pipeline goes to the master of its keys' slot, so the WAIT rides one behind a read of the
   * gate's meta key. On a single Redis it is the same connection either way.
   */
  private async replicasConfirming(wait: { replicas: number; timeoutMs: number }): Promise<number> {
    const replies = await this.opts.redis.pipeline().exists(this.keys.meta).call('WAIT', wait.replicas, wait.timeoutMs).exec();
    const [error, acked] = replies?.[1] ?? [new Error('WAIT got no reply'), 0];
    if (error) throw error;
    return Number(acked);
  }

  /** Defines lanes (idempotent) and publishes the policy if the gate has none yet. */
  async configure(lanes: LaneConfig[], policy: PolicyConfig, meta: CommandMeta): Promise<void> {
    const version = await this.opts.redis.hget(this.keys.meta, 'policyVersion');
    if (!version) await this.setPolicy(policy, meta);
    for (const lane of lanes) await this.configureLane(lane, meta);
  }

  configureLane(lane: LaneConfig, meta: CommandMeta) {
    return this.command('configureLane', meta, [
      lane.id, lane.name, lane.direction, lane.capabilities.join(','), lane.classes.join(','), lane.status,
      lane.reopensAt ?? '',
    ]);
  }

  /** Publishes a new policy version (or re-installs `version` on rebuild). */
  setPolicy(policy: PolicyConfig, meta: CommandMeta, version?: number) {
    return this.command('setPolicy', meta, [
      policy.interleave.join(','), policy.agingMs, policy.callUpTimeoutMs, policy.noShowPenaltyMs,
      policy.appointmentGraceMs, policy.crossCapPerHour.exit, policy.crossCapPerHour.entry, version ?? '',
    ]);
  }

  checkIn(input: CheckInInput) {
    return this.command('checkIn', input, [
      input.tripId, input.plate, input.direction, input.priorityClass, input.stages.join(','),
      input.appointmentAt ?? '', input.classSource ?? '',
    ]);
  }

  arriveAtLane(input: TripCommandInput & { laneId: string }) {
    return this.command('arriveAtLane', input, [input.laneId, input.tripId]);
  }

  startInspection(input: TripCommandInput & { laneId: string }) {
    return this.command('startInspection', input, [input.laneId, input.tripId]);
  }

  complete(input: CompleteInput) {
    // startedAt only when given, so a plain complete keeps the input hash its command id was stored with.
    const startedAt = input.startedAt === undefined ? [] : [Math.round(input.startedAt)];
    return this.command('completeStage', input, [input.laneId, input.tripId, input.outcome, input.note ?? '', ...startedAt]);
  }

  markNoShow(input: TripCommandInput) {
    return this.command('markNoShow', input, [input.tripId]);
  }

  setLaneStatus(input: LaneStatusInput) {
    return this.command('setLaneStatus', input, [input.laneId, input.status, input.reason, input.reopensAt ?? '']);
  }

  placeHold(input: TripCommandInput & { reason: string }) {
    return this.command('setHold', input, [input.tripId, 'place', input.reason], 'placeHold');
  }

  releaseHold(input: TripCommandInput & { reason?: string }) {
    return this.command('setHold', input, [input.tripId, 'release', input.reason ?? ''], 'releaseHold');
  }

  setStages(input: TripCommandInput & { stages: Stage[] }) {
    return this.command('setStages', input, [input.tripId, input.stages.join(',')]);
  }

  /** `onlyIfFree`: a driver's cancel, refused (TRIP_WRONG_STATE) when the truck is called, in a lane, held or on hold. */
  cancel(input: TripCommandInput & { onlyIfFree?: boolean }) {
    return this.command('cancelTrip', input, [input.tripId, input.onlyIfFree ? '1' : '']);
  }

  /** Timer tick: no-shows for call-ups past their deadline. Returns how many expired. */
  async expireCallUps(now?: number, limit = 100): Promise<number> {
    const r = await this.run('expireCallUps', { actor: 'system:timer', now }, [limit]);
    return Number(r.expired ?? 0);
  }

  /** Timer tick: trucks cross at the downstream cap. Returns how many crossed. */
  async paceCrossings(now?: number, limit = 50): Promise<number> {
    const r = await this.run('paceCrossings', { actor: 'system:timer', now }, [limit]);
    return Number(r.crossed ?? 0);
  }

  /** The scheduler's time (ms epoch; a simulation's virtual clock): what reads without `now` use. */
  now(): number { return this.clock(); }

  snapshot(now?: number) { return this.reader.snapshot(now ?? this.clock()); }
  /** One trip as its driver sees it, from the gate's projection at the current seq (trip-read-model.ts). */
  tripStatus(tripId: string, now?: number) { return this.readModel.status(tripId, now ?? this.clock()); }
  /** Several trips' `tripStatus` at one seq, in a few round trips (a page of a trip list). */
  tripStatuses(tripIds: readonly string[], now?: number) { return this.readModel.statuses(tripIds, now ?? this.clock()); }
  readEvents(afterStreamId = '0', count = 1000) { return this.reader.readEvents(afterStreamId, count); }

  /**
   * The gate's event stream, for the consumers that read it in their own group (persist, fan-out,
   * the customs relay).
   * @example startFanout({ redis, streamKey: kt.eventsStream(), consumer, logger, emit });
   */
  eventsStream(): string {
    return this.keys.events;
  }

  /**
   * Whether this actor's command with this id was applied (its answer is kept for replays, 24 h):
   * a decision replayed after a crash tells its own earlier command from someone else's.
   *
   * @example
   * await kt.answered('user:device:cam-1', 'checkIn', messageId); // true once that check-in ran
   */
  async answered(actor: string, command: string, commandId: string): Promise<boolean> {
    return (await this.opts.redis.exists(this.keys.command(commandScope(actor, command, commandId)))) === 1;
  }

  /** The sequence number of the gate's last event in Redis; null when Redis has no state for it. */
  async seq(): Promise<number | null> {
    const value = await this.opts.redis.hget(this.keys.meta, 'seq');
    return value === null ? null : Number(value);
  }

  /**
   * The scheduler's invariants checked against Redis (empty when all hold); see invariants.ts.
   * @example expect(await kt.invariants()).toEqual([]);
   */
  invariants(): Promise<string[]> {
    return checkInvariants(this.opts.redis, this.keys);
  }

  /**
   * The key that one process holds while it rebuilds or recovers this gate: the gate's hash tag
   * (same cluster slot) but outside the `…:` namespace that a rebuild wipes.
   */
  rebuildLockKey(): string {
    return `${this.keys.prefix}{g:${this.gate}}-rebuild-lock`;
  }

  /** The downstream crossing caps in force (trucks/hour per direction; 0 = unpaced). */
  async crossingCaps(): Promise<{ exit: number; entry: number }> {
    const [exit, entry] = await this.opts.redis.hmget(this.keys.meta, 'capExit', 'capEntry');
    return { exit: Number(exit ?? 0), entry: Number(entry ?? 0) };
  }

  /** When each lane is announced to reopen (epoch ms), null when not announced. */
  async lanesReopenAt(laneIds: readonly string[]): Promise<(number | null)[]> {
    const values = await Promise.all(laneIds.map((id) => this.opts.redis.hget(this.keys.lane(id), 'reopensAt')));
    return values.map((v) => (Number(v) > 0 ? Number(v) : null));
  }

  /** A lane's occupancy and the truck in it: one HMGET, cheaper than a snapshot in a simulation's tight loop. */
  async laneOccupant(laneId: string): Promise<{ occupancy: string | null; tripId: string | null }> {
    const [occupancy, tripId] = await this.opts.redis.hmget(this.keys.lane(laneId), 'occupancy', 'trip');
    return { occupancy: occupancy ?? null, tripId: tripId || null };
  }

  /** True when Redis holds this gate (lanes configured); false after a Redis loss. */
  async hasState(): Promise<boolean> {
    return (await this.opts.redis.zcard(this.keys.lanes)) > 0;
  }

  /**
   * Stops the gate taking commands (each answers GATE_REBUILDING) until `unfence`. Returns the
   * fence's token, which is also the actor `rebuild` uses so its own commands pass. A fence that
   * is already set is kept (another process is recovering): its token is returned.
   * @example
   * const token = await kt.fence();
   * await kt.rebuild(await loadGateState(prisma, 'KT'));
   * await kt.unfence(token);
   */
  async fence(ttlMs = 10 * 60_000): Promise<string> {
    const token = `system:rebuild:${randomBytes(6).toString('hex')}`;
    // A TTL, so a recoverer that dies mid-way cannot leave the gate closed for good.
    const set = await this.opts.redis.set(this.keys.fence, token, 'PX', ttlMs, 'NX');
    return set ? token : ((await this.opts.redis.get(this.keys.fence)) ?? token);
  }

  /** Lifts the fence set with `token` (a fence of someone else is left alone). */
  async unfence(token: string): Promise<void> {
    const redis = this.opts.redis as Redis;
    await redis.eval("if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0", 1, this.keys.fence, token);
  }

  /** True while the gate is fenced. */
  async isFenced(): Promise<boolean> {
    return (await this.opts.redis.exists(this.keys.fence)) === 1;
  }

  /**
   * Rebuilds the gate's Redis state from the system of record (PostgreSQL):
   * wipes the gate's keys, restores policy, lanes and every live trip at its
   * place (same queue scores, so the same order), then lets idle lanes take
   * waiting trucks. Run it with the gate's writers stopped, or fenced (`fence`):
   * its own commands then run as the fence's actor, every other command is refused.
   */
  async rebuild(input: RebuildInput, meta: CommandMeta = { actor: 'system:rebuild' }): Promise<void> {
    const redis = this.opts.redis;
    const fence = await redis.get(this.keys.fence);
    if (fence) meta = { ...meta, actor: fence };
    await this.deleteGateKeys();
    const now = Math.round(meta.now ?? this.clock());
    await redis.hset(this.keys.meta, 'gate', this.gate, 'seq', input.seq);
    await this.setPolicy(input.policy, { ...meta, now }, input.policyVersion);
    for (const lane of input.lanes) await this.configureLane(lane, { ...meta, now });

    const tx = redis.multi();
    // Two trips at one lane can only come from a diverged history (events of a failed-over
    // primary stored after the lost tail's): the first keeps the lane, the other waits again.
    const laneTaken = new Set<string>();
    for (const original of input.trips) {
      let t = original;
      if (t.laneId && (t.state === 'called' || t.state === 'at_lane' || t.state === 'inspecting')) {
        if (laneTaken.has(t.laneId) && t.stage) t = { ...t, state: 'queued', laneId: null, deadline: null };
        else laneTaken.add(t.laneId);
      }
      const key = this.keys.trip(t.id);
      tx.hset(key, {
        state: t.state, plate: t.plate, direction: t.direction, class: t.priorityClass,
        stages: t.stages.join(','), stageIndex: t.stageIndex, noShows: t.noShows, hold: t.hold ? 1 : 0,
        score: Math.round(t.score), queuedAt: Math.round(t.queuedAt ?? t.score), lane: t.laneId ?? '',
        deadline: t.deadline ?? '', appointment: '', classSource: input.classSources?.[t.id] ?? '',
      });
      tx.sadd(this.keys.live, t.id);
      if (t.state === 'queued' && t.stage) tx.zadd(this.keys.queue(t.direction, t.stage, t.priorityClass), Math.round(t.score), t.id);
      else if (t.state === 'held') tx.zadd(this.keys.held, Math.round(t.queuedAt ?? now), t.id);
      else if (t.state === 'exit_queue') tx.zadd(this.keys.exitQueue(t.direction as Direction), Math.round(t.queuedAt ?? now), t.id);
      else if (t.laneId && (t.state === 'called' || t.state === 'at_lane' || t.state === 'inspecting')) {
        tx.hset(this.keys.lane(t.laneId), { occupancy: t.state, trip: t.id, since: now });
        tx.zrem(this.keys.idle, t.laneId);
        if (t.state === 'called') tx.zadd(this.keys.deadlines, Math.round(t.deadline ?? now), t.id);
      }
    }
    for (const [key, value] of Object.entries(input.pointers ?? {})) {
      const [direction, stage] = key.split(':') as [Direction, Stage];
      tx.set(this.keys.pointer(direction, stage), value);
    }
    await tx.exec();
    await this.run('settleLanes', { ...meta, now }, []);
  }

  /**
   * Removes every key of this gate (SCAN on the hash-tagged base, then UNLINK). On Redis Cluster
   * SCAN covers one node only, so every master is scanned (the gate's keys are all on one of them).
   */
  async deleteGateKeys(): Promise<void> {
    const client = this.opts.redis;
    const nodes: Redis[] = (client as Cluster).isCluster ? (client as Cluster).nodes('master') : [client as Redis];
    const pattern = `${this.keys.base.replace(/([*?[\]\\])/g, '\\$1')}*`;
    for (const node of nodes) {
      let cursor = '0';
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        if (keys.length) await client.unlink(...keys);
        cursor = next;
      } while (cursor !== '0');
    }
  }
}
