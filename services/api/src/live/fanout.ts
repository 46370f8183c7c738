/**
 * Reads one gate's event stream with the consumer group `fanout` and hands
 * each event to the Socket.IO rooms. One consumer per API process: each event
 * is delivered to one process, which emits it once; the redis-streams adapter
 * carries that emit to the sockets of every process.
 *
 * At-least-once: an event is acknowledged (XACK) only after it was emitted;
 * entries left pending by a crashed process are claimed (XAUTOCLAIM) once
 * they have been idle for `claimIdleMs`. Clients drop seqs they already have.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { GateEvent } from '@borderflow/contracts';
import { parseStreamEntry } from '@borderflow/scheduler';

export const FANOUT_GROUP = 'fanout';

export interface FanoutOptions {
  /** Used to create a dedicated connection for blocking reads. */
  redis: Redis;
  streamKey: string;
  emit: (event: GateEvent) => void | Promise<void>;
  logger: Logger;
  group?: string;
  consumer?: string;
  blockMs?: number;
  claimIdleMs?: number;
  batch?: number;
}

export interface Fanout {
  consumer: string;
  stop(): Promise<void>;
}

type StreamEntry = [id: string, fields: string[]];

/** A consumer name unique to this process. */
export function fanoutConsumerName(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

async function ensureGroup(redis: Redis, key: string, group: string): Promise<void> {
  try {
    // `$`: live clients only care about what happens from now on; they get history via snapshots.
    await redis.xgroup('CREATE', key, group, '$', 'MKSTREAM');
  } catch (err) {
    if (!String((err as Error).message).includes('BUSYGROUP')) throw err;
  }
}

/**
 * Starts the fan-out loop of one gate.
 *
 * @example
 * const fanout = startFanout({ redis, streamKey: scheduler.keys.events, logger,
 *   emit: (e) => nsp.to(`gate:${e.gate}`).emit('delta', { seq: e.seq, event: e }) });
 * await fanout.stop();
 */
export function startFanout(options: FanoutOptions): Fanout {
  const group = options.group ?? FANOUT_GROUP;
  const consumer = options.consumer ?? fanoutConsumerName();
  const blockMs = options.blockMs ?? 1000;
  const claimIdleMs = options.claimIdleMs ?? 30_000;
  const batch = options.batch ?? 100;
  const key = options.streamKey;
  const log = options.logger.child({ component: 'fanout', stream: key, consumer });
  // Blocking reads get their own connection: XREADGROUP BLOCK would stall every other command on a shared one.
  const reader = options.redis.duplicate({ connectionName: `borderflow-fanout:${consumer}` });
  reader.on('error', () => undefined); // reconnects by itself; failures surface as read errors
  let stopped = false;
  let lastClaim = 0;

  async function deliver(entries: StreamEntry[]): Promise<void> {
    for (const entry of entries) {
      try {
        await options.emit(parseStreamEntry(entry[0], entry[1]));
      } catch (err) {
        // A broken entry must not block the stream forever: log it and acknowledge.
        log.error({ err, id: entry[0] }, 'could not fan out event');
      }
    }
    if (entries.length > 0) await reader.xack(key, group, ...entries.map((e) => e[0]));
  }

  async function claimStale(): Promise<void> {
    lastClaim = Date.now();
    let cursor = '0-0';
    do {
      const res = (await reader.xautoclaim(key, group, consumer, claimIdleMs, cursor, 'COUNT', batch)) as [
        string,
        Array<StreamEntry | null>,
        string[]?,
      ];
      cursor = res[0];
      const entries = res[1].filter((e): e is StreamEntry => e !== null);
      if (entries.length > 0) log.warn({ count: entries.length }, 'claimed stale fan-out entries');
      await deliver(entries);
      // Entries deleted from the stream (trimmed) come back in res[2]; they are gone from the PEL already.
    } while (cursor !== '0-0' && !stopped);
  }

  const loop = (async () => {
    let groupReady = false;
    while (!stopped) {
      try {
        if (!groupReady) {
          await ensureGroup(reader, key, group);
          groupReady = true;
        }
        if (Date.now() - lastClaim > claimIdleMs / 2) await claimStale();
        const res = (await reader.xreadgroup(
          'GROUP', group, consumer, 'COUNT', batch, 'BLOCK', blockMs, 'STREAMS', key, '>',
        )) as Array<[string, StreamEntry[]]> | null;
        if (res?.[0]) await deliver(res[0][1]);
      } catch (err) {
        if (stopped) break;
        const message = String((err as Error).message);
        // The stream or group vanished (rebuild, key cleanup): recreate it on the next turn.
        if (message.includes('NOGROUP')) groupReady = false;
        else log.warn({ err }, 'fan-out read failed; retrying');
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  })();

  return {
    consumer,
    async stop() {
      if (stopped) return;
      stopped = true;
      // Unblock a pending XREADGROUP at once instead of waiting for BLOCK to time out.
      reader.disconnect();
      await loop;
      // Leave the group tidy: a consumer with nothing pending is forgotten (names are per process).
      try {
        const pending = (await options.redis.xpending(key, group, '-', '+', 1, consumer)) as unknown[];
        if (pending.length === 0) await options.redis.xgroup('DELCONSUMER', key, group, consumer);
      } catch {
        // Redis already gone: nothing to tidy.
      }
    },
  };
}
