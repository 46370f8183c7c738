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
import { startLeasedReader } from '../stream-lease.ts';
import type { GateEvent } from '@borderflow/contracts';
import { parseStreamEntry } from '@borderflow/scheduler';
import { eachEntry, startStreamConsumer, streamConsumerName, type StreamSemantics } from '@borderflow/persist';

export const FANOUT_GROUP = 'fanout';

/**
 * Live clients get history from snapshots, so only new events; a broken one is set aside, not retried
 * long. Acknowledged in the background: the next read goes out at once, and a delta sent twice is
 * dropped by its seq (clients, company feeds).
 */
export const FANOUT_SEMANTICS: StreamSemantics = { startAt: '$', maxAttempts: 3, ackInBackground: true };

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

  // The stream's hash tag: one slot on a Cluster.
  const leased = startLeasedReader({ redis: options.redis, leaseKey: `${key}:${group}-lease`, owner: consumer, leaseMs, log, what: "the gate's deltas", read });
  return { consumer, reading: leased.reading, stop: leased.stop };
}
