/**
 * One reader of a stream at a time across processes: a Redis lease (SET PX, renewed every third of
 * its time) held by the process that reads. Used where order matters more than spreading the work:
 * one gate's deltas (live/fanout.ts), one gate's plate reads (devices/read-decider.ts). A dead
 * holder's lease lapses after `leaseMs`; the next holder claims its pending entries once idle.
 */
import type { Cluster, Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { StreamConsumer } from '@borderflow/persist';

/** Takes the lease if free, renews it if ours; 1 when held by `owner` afterwards. */
const HOLD_LEASE = `
local v = redis.call('GET', KEYS[1])
if v == false then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
if v == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
return 0`;
const RELEASE_LEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export interface LeasedReaderOptions {
  redis: Redis | Cluster;
  /** Carry the stream's hash tag, so the lease sits in the stream's Cluster slot. */
  leaseKey: string;
  /** This process's name (the consumer name). */
  owner: string;
  leaseMs: number;
  log: Logger;
  /** What is read, for the log ("the gate's deltas"). */
  what: string;
  /** Starts reading; called when the lease is taken. */
  read: () => StreamConsumer;
}

export interface LeasedReader {
  /** Whether this process reads the stream now. */
  reading(): boolean;
  stop(): Promise<void>;
}

/**
 * @example
 * const r = startLeasedReader({ redis, leaseKey: `${stream}:decide-lease`, owner, leaseMs: 3000, log, what: 'plate reads', read: () => startStreamConsumer({ … }) });
 * await r.stop();
 */
export function startLeasedReader(options: LeasedReaderOptions): LeasedReader {
  const { redis, leaseKey, owner, leaseMs, log } = options;
  let current: StreamConsumer | null = null;
  let stopped = false;
  let turn: Promise<void> = Promise.resolve();
  const tick = () => {
    // One tick at a time: a slow stop of the reader must not overlap the next take-over.
    turn = turn.then(async () => {
      if (stopped) return;
      try {
        const held = Number(await redis.eval(HOLD_LEASE, 1, leaseKey, owner, leaseMs)) === 1;
        if (held && !current && !stopped) {
          log.info(`lease taken: this process reads ${options.what}`);
          current = options.read();
        } else if (!held && current) {
          log.info(`lease lost to another process: ${options.what}`);
          const c = current;
          current = null;
          await c.stop();
        }
      } catch (err) {
        log.warn({ err }, `lease of ${options.what}`);
      }
    });
  };
  tick();
  const timer = setInterval(tick, Math.max(50, Math.floor(leaseMs / 3)));
  timer.unref();
  return {
    reading: () => current !== null,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await turn;
      const c = current;
      current = null;
      await c?.stop();
      // Handing over at once on a clean stop: the next holder need not wait for the lease to lapse.
      await redis.eval(RELEASE_LEASE, 1, leaseKey, owner).catch(() => undefined);
    },
  };
}
