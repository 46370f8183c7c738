/**
 * Reads one gate's event stream with the consumer group `fanout` and hands
 * each event to the Socket.IO rooms. One consumer per API process: each event
 * is delivered to one process, which emits it once; the redis-streams adapter
 * carries that emit to the sockets of every process.
 *
 * At-least-once (the shared StreamConsumer, @borderflow/persist): an event is
 * acknowledged only after it was emitted; entries left pending by a crashed
 * process are claimed once idle for `claimIdleMs`; an event that cannot be
 * emitted goes to the dead-letter stream. Clients drop seqs they already have.
 *
 * With `leaseMs`, only the process holding the gate's lease reads the stream: with several
 * workers, one gate's deltas are then emitted by one of them, in seq order, instead of being
 * spread over all of them (which made clients see seqs out of order and resync). A dead holder's
 * lease lapses after `leaseMs`; the next holder claims its pending entries once idle.
 */
import type { Cluster, Redis } from 'ioredis';
import type { Logger } from 'pino';
import { duplicateRedis } from '../redis-connection.ts';
import type { GateEvent } from '@borderflow/contracts';
import { parseStreamEntry } from '@borderflow/scheduler';
import { eachEntry, startStreamConsumer, streamConsumerName, type StreamConsumer, type StreamSemantics } from '@borderflow/persist';

export const FANOUT_GROUP = 'fanout';

/** Live clients get history from snapshots, so only new events; a broken one is set aside, not retried long. */
export const FANOUT_SEMANTICS: StreamSemantics = { startAt: '$', maxAttempts: 3 };

export interface FanoutOptions {
  /** Used to create a dedicated connection for blocking reads. */
  redis: Redis | Cluster;
  streamKey: string;
  /** `behind`: events this reader already holds after `event` (0: it is the newest read). */
  emit: (event: GateEvent, behind: number) => void | Promise<void>;
  logger: Logger;
  group?: string;
  consumer?: string;
  blockMs?: number;
  claimIdleMs?: number;
  batch?: number;
  /** Default `FANOUT_SEMANTICS`; the customs relay declares its own. */
  semantics?: StreamSemantics;
  /** Read only while holding the stream's lease of this many ms (renewed every third of it). */
  leaseMs?: number;
}

export interface Fanout {
  consumer: string;
  /** Whether this process reads the stream now (always, without a lease). */
  reading(): boolean;
  stop(): Promise<void>;
}

/** Takes the lease if free, renews it if ours; 1 when held by `owner` afterwards. */
const HOLD_LEASE = `
local v = redis.call('GET', KEYS[1])
if v == false then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
if v == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
return 0`;
const RELEASE_LEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/** A consumer name unique to this process. */
export const fanoutConsumerName = streamConsumerName;

/**
 * Starts the fan-out loop of one gate.
 *
 * @example
 * const fanout = startFanout({ redis, streamKey: scheduler.eventsStream(), logger,
 *   emit: (e) => nsp.to(`gate:${e.gate}`).emit('delta', { seq: e.seq, event: e }) });
 * await fanout.stop();
 */
export function startFanout(options: FanoutOptions): Fanout {
  const group = options.group ?? FANOUT_GROUP;
  const consumer = options.consumer ?? fanoutConsumerName();
  const claimIdleMs = options.claimIdleMs ?? 30_000;
  const key = options.streamKey;
  const log = options.logger.child({ component: 'fanout', stream: key, group, consumer });
  const read = () =>
    startStreamConsumer({
      redis: options.redis,
      reader: duplicateRedis(options.redis, `borderflow-${group}:${consumer}`),
      stream: key,
      group,
      consumerName: consumer,
      semantics: options.semantics ?? FANOUT_SEMANTICS,
      blockMs: options.blockMs ?? 1000,
      batchSize: options.batch ?? 100,
      claimIdleMs,
      claimEveryMs: claimIdleMs / 2,
      handle: eachEntry((id, fields, behind) => options.emit(parseStreamEntry(id, fields), behind)),
      onError: (err, context) => log.warn({ err }, context),
    });
  const leaseMs = options.leaseMs ?? 0;
  if (leaseMs <= 0) {
    const c = read();
    return { consumer, reading: () => true, stop: () => c.stop() };
  }

  const leaseKey = `${key}:${group}-lease`; // the stream's hash tag: one slot on a Cluster
  let current: StreamConsumer | null = null;
  let stopped = false;
  let turn: Promise<void> = Promise.resolve();
  const tick = () => {
    // One tick at a time: a slow stop of the reader must not overlap the next take-over.
    turn = turn.then(async () => {
      if (stopped) return;
      try {
        const held = Number(await options.redis.eval(HOLD_LEASE, 1, leaseKey, consumer, leaseMs)) === 1;
        if (held && !current && !stopped) {
          log.info('fan-out lease taken: this process emits the gate\'s deltas');
          current = read();
        } else if (!held && current) {
          log.info('fan-out lease lost to another process');
          const c = current;
          current = null;
          await c.stop();
        }
      } catch (err) {
        log.warn({ err }, 'fan-out lease');
      }
    });
  };
  tick();
  const timer = setInterval(tick, Math.max(50, Math.floor(leaseMs / 3)));
  timer.unref();
  return {
    consumer,
    reading: () => current !== null,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await turn;
      const c = current;
      current = null;
      await c?.stop();
      // Handing over at once on a clean stop: the next holder need not wait for the lease to lapse.
      await options.redis.eval(RELEASE_LEASE, 1, leaseKey, consumer).catch(() => undefined);
    },
  };
}
