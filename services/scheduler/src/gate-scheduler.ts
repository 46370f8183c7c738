/**
 * The lane scheduler of one gate. Every mutating method runs exactly one Lua
 * script (commands/*.lua) that changes state and appends its events to the
 * gate's stream atomically, so there is never a change without its event and
 * never a double assignment, whatever runs concurrently.
 */
import type { Redis, Cluster } from 'ioredis';
import type { Direction, Stage, TripPlacement } from '@borderflow/contracts';
import { GateKeys } from './gate-keys.ts';
import { GateReader } from './gate-reader.ts';
import { loadCommands } from './script-loader.ts';
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
type ScriptFn = (...args: (string | number)[]) => Promise<string>;

const COMMANDS = loadCommands();
const defined = new WeakSet<object>();

/** Registers the Lua commands on a client once (EVALSHA with EVAL fallback). */
function defineCommands(redis: Client) {
  if (defined.has(redis)) return;
  for (const c of COMMANDS) redis.defineCommand(`bf_${c.name}`, { numberOfKeys: c.numberOfKeys, lua: c.lua });
  defined.add(redis);
}

export interface GateSchedulerOptions {
  redis: Client;
  /** Gate code, e.g. "KT". */
  gate: string;
  /** Key prefix before the hash tag (tests use a unique one). */
  prefix?: string;
  /** Clock for commands that do not pass `now` (a simulation passes its virtual clock). */
  clock?: () => number;
}

/**
 * @example
 * const kt = new GateScheduler({ redis, gate: 'KT', prefix: 'bf:' });
 * await kt.checkIn({ tripId, plate: '24C12345', direction: 'exit', priorityClass: 'ordinary',
 *                    stages: ['documents', 'gate'], actor: 'user:op1' });
 */
export class GateScheduler {
  readonly keys: GateKeys;
  readonly reader: GateReader;
  readonly gate: string;
  private readonly clock: () => number;

  constructor(private readonly opts: GateSchedulerOptions) {
    this.gate = opts.gate;
    this.keys = new GateKeys(opts.prefix ?? 'bf:', opts.gate);
    this.reader = new GateReader(opts.redis, this.keys);
    this.clock = opts.clock ?? Date.now;
    defineCommands(opts.redis);
  }

  private async run(name: string, meta: CommandMeta, args: (string | number)[]): Promise<Record<string, unknown>> {
    const fn = (this.opts.redis as unknown as Record<string, ScriptFn>)[`bf_${name}`];
    if (!fn) throw new Error(`scheduler command ${name} is not loaded`);
    const raw = await fn.call(
      this.opts.redis, this.keys.meta, this.keys.events, this.keys.base,
      Math.round(meta.now ?? this.clock()), meta.actor, meta.commandId ?? '', this.gate, ...args,
    );
    return JSON.parse(raw) as Record<string, unknown>;
  }

  private async command(name: string, meta: CommandMeta, args: (string | number)[]): Promise<CommandResult> {
    const r = await this.run(name, meta, args);
    if (r.ok) {
      return { ok: true, trip: (r.trip as TripPlacement | null) ?? null, replayed: r.replayed === true, events: Number(r.events ?? 0) };
    }
    return { ok: false, code: r.code as Extract<CommandResult, { ok: false }>['code'], message: String(r.message) };
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
      input.appointmentAt ?? '',
    ]);
  }

  arriveAtLane(input: TripCommandInput & { laneId: string }) {
    return this.command('arriveAtLane', input, [input.laneId, input.tripId]);
  }

  startInspection(input: TripCommandInput & { laneId: string }) {
    return this.command('startInspection', input, [input.laneId, input.tripId]);
  }

  complete(input: CompleteInput) {
    return this.command('completeStage', input, [input.laneId, input.tripId, input.outcome, input.note ?? '']);
  }

  markNoShow(input: TripCommandInput) {
    return this.command('markNoShow', input, [input.tripId]);
  }

  setLaneStatus(input: LaneStatusInput) {
    return this.command('setLaneStatus', input, [input.laneId, input.status, input.reason, input.reopensAt ?? '']);
  }

  placeHold(input: TripCommandInput & { reason: string }) {
    return this.command('setHold', input, [input.tripId, 'place', input.reason]);
  }

  releaseHold(input: TripCommandInput & { reason?: string }) {
    return this.command('setHold', input, [input.tripId, 'release', input.reason ?? '']);
  }

  setStages(input: TripCommandInput & { stages: Stage[] }) {
    return this.command('setStages', input, [input.tripId, input.stages.join(',')]);
  }

  cancel(input: TripCommandInput) {
    return this.command('cancelTrip', input, [input.tripId]);
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

  snapshot(now?: number) { return this.reader.snapshot(now ?? this.clock()); }
  tripStatus(tripId: string, now?: number) { return this.reader.tripStatus(tripId, now ?? this.clock()); }
  readEvents(afterStreamId = '0', count = 1000) { return this.reader.readEvents(afterStreamId, count); }

  /** True when Redis holds this gate (lanes configured); false after a Redis loss. */
  async hasState(): Promise<boolean> {
    return (await this.opts.redis.zcard(this.keys.lanes)) > 0;
  }

  /**
   * Rebuilds the gate's Redis state from the system of record (PostgreSQL):
   * wipes the gate's keys, restores policy, lanes and every live trip at its
   * place (same queue scores, so the same order), then lets idle lanes take
   * waiting trucks. Run it with the gate's writers stopped.
   */
  async rebuild(input: RebuildInput, meta: CommandMeta = { actor: 'system:rebuild' }): Promise<void> {
    const redis = this.opts.redis;
    await this.deleteGateKeys();
    const now = Math.round(meta.now ?? this.clock());
    await redis.hset(this.keys.meta, 'gate', this.gate, 'seq', input.seq);
    await this.setPolicy(input.policy, { ...meta, now }, input.policyVersion);
    for (const lane of input.lanes) await this.configureLane(lane, { ...meta, now });

    const tx = redis.multi();
    for (const t of input.trips) {
      const key = this.keys.trip(t.id);
      tx.hset(key, {
        state: t.state, plate: t.plate, direction: t.direction, class: t.priorityClass,
        stages: t.stages.join(','), stageIndex: t.stageIndex, noShows: t.noShows, hold: t.hold ? 1 : 0,
        score: Math.round(t.score), queuedAt: Math.round(t.queuedAt ?? t.score), lane: t.laneId ?? '',
        deadline: t.deadline ?? '', appointment: '',
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

  /** Removes every key of this gate (SCAN on the hash-tagged base, then UNLINK). */
  async deleteGateKeys(): Promise<void> {
    const redis = this.opts.redis as Redis;
    const pattern = `${this.keys.base.replace(/([*?[\]\\])/g, '\\$1')}*`;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      if (keys.length) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  }
}
