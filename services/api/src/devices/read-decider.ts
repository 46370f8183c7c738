/**
 * The decider of queued plate reads (issue 17: the gateway only stores and queues; decisions run
 * elsewhere). The device gateway commits each camera read raw (read-intake.ts) and adds its message
 * id to the gate's read stream; a worker process reads that stream and turns each read into its gate
 * command (plate-reads.ts: the same plate index and check-in an operator uses), writing the outcome
 * on the raw row.
 *
 * - In order: one process at a time decides a gate's reads (a lease, stream-lease.ts), and reads
 *   that could be the same truck (one plate at the entrance, one lane) are decided one after the
 *   other in arrival order, so the second sees the first's check-in (fusion); others run side by
 *   side, a few at a time.
 * - Exactly once: a read is acknowledged on the stream only after its outcome is on its raw row; a
 *   decider that dies before leaves it pending, and the next one claims it (the shared stream
 *   consumer, @borderflow/persist). A read whose row already has an outcome is not decided again, and
 *   a decision cut short and replayed repeats the same commands (the check-in's command id is the
 *   message id; a read has one confirmation row), so nothing is applied twice.
 * - Never lost: the raw row with no outcome IS the outbox. A read stored but never queued (the
 *   gateway stopped between its insert and its XADD, Redis away) is queued again by the sweep, which
 *   runs whenever the decider has caught up with its stream.
 */
import type { Logger } from 'pino';
import { normalisePlate } from '@borderflow/contracts';
import { startStreamConsumer, streamConsumerName, type BatchOutcome, type StreamEntry } from '@borderflow/persist';
import type { ApiContext } from '../context.ts';
import type { DeviceRow } from '../auth/device-keys.ts';
import { duplicateRedis } from '../redis-connection.ts';
import { startLeasedReader, type LeasedReader } from '../stream-lease.ts';
import { handlePlateRead, type PlateRead } from './plate-reads.ts';
import { VENDOR_FORMATS, type DeviceFormat } from './vendor-formats.ts';

/** The consumer group of the deciders on each gate's read stream. */
export const DECIDE_GROUP = 'decide';
/** The stream keeps about this many reads (decided ones are only history: the raw log keeps them). */
const STREAM_MAX_LEN = 100_000;

/**
 * The gate's stream of stored, undecided plate reads (the gate's hash tag: one Cluster slot with its other keys).
 *
 * @example
 * readsStream('bf:', 'KT'); // 'bf:{g:KT}:dev:reads'
 */
export function readsStream(prefix: string, gate: string): string {
  return `${prefix}{g:${gate}}:dev:reads`;
}

/**
 * Queues stored reads for their gate's decider (one XADD each; the shared connection pipelines them).
 *
 * @example
 * await queueReads(ctx, [{ id: messageId, gateCode: 'KT' }]);
 */
export async function queueReads(ctx: Pick<ApiContext, 'redis' | 'prefix'>, reads: ReadonlyArray<{ id: string; gateCode: string }>): Promise<void> {
  await Promise.all(reads.map((r) =>
    ctx.redis.xadd(readsStream(ctx.prefix, r.gateCode), 'MAXLEN', '~', STREAM_MAX_LEN, '*', 'id', r.id)));
}

export interface ReadDeciderOptions {
  /** Reads decided side by side per gate (each is a few database and Redis round trips). Default 8. */
  concurrency?: number;
  /** Reads taken from the stream at once. Default 64. */
  batch?: number;
  /** A pending read idle this long belongs to a dead decider and is claimed. Default 30 s. */
  claimIdleMs?: number;
  /** The gate's decider lease; a dead holder's lapses after this long. Default 5 s. */
  leaseMs?: number;
  blockMs?: number;
  /** A stored read this old with no outcome is queued again by the sweep. Default 30 s. */
  orphanAfterMs?: number;
  /** The sweep runs at most this often (when the stream is caught up). Default 10 s. */
  sweepEveryMs?: number;
  consumer?: string;
}

export interface ReadDecider {
  /** Whether this process decides the gate's reads now (holds its lease). */
  deciding(gate: string): boolean;
  /** Queues the stored reads nobody decided (older than `olderThanMs`); returns how many. */
  sweep(gate: string, olderThanMs?: number): Promise<number>;
  stop(): Promise<void>;
}

interface Queued {
  entry: string;
  row: { id: string; format: string; raw: string; outcome: string | null };
  device: DeviceRow;
  read: PlateRead;
}

/** Reads that could concern the same truck share a key and are decided in order. */
function orderKey(device: DeviceRow, read: PlateRead, id: string): string {
  if (device.position === 'lane') return `lane:${device.laneCode ?? ''}`;
  const plate = read.plate === null ? '' : normalisePlate(read.plate);
  return plate === '' ? `msg:${id}` : `plate:${plate}`;
}

/**
 * Starts deciding the queued reads of these gates (the worker role).
 *
 * @example
 * const decider = startReadDecider(ctx, ['KT'], logger);
 * await decider.stop();
 */
export function startReadDecider(ctx: ApiContext, gates: readonly string[], logger: Logger, options: ReadDeciderOptions = {}): ReadDecider {
  const concurrency = options.concurrency ?? 8;
  const consumer = options.consumer ?? streamConsumerName();
  const claimIdleMs = options.claimIdleMs ?? 30_000;
  const orphanAfterMs = options.orphanAfterMs ?? 30_000;
  const sweepEveryMs = options.sweepEveryMs ?? 10_000;
  const log = logger.child({ component: 'read-decider', consumer });

  async function decideOne(q: Queued): Promise<void> {
    const decision = await handlePlateRead(ctx, q.device, q.read, q.row.id);
    await ctx.db.deviceMessage.updateMany({
      where: { id: q.row.id, outcome: null },
      data: { outcome: decision.outcome, tripId: decision.tripId },
    });
  }

  /** One batch of a gate's stream: decided in order per truck/lane, acknowledged once each outcome is written. */
  async function handle(entries: StreamEntry[]): Promise<BatchOutcome> {
    const ids = new Map<string, string>();
    for (const [entry, fields] of entries) {
      const at = fields?.indexOf('id') ?? -1;
      if (fields && at >= 0 && at % 2 === 0) ids.set(entry, fields[at + 1]!);
    }
    const rows = new Map((await ctx.db.deviceMessage.findMany({
      where: { id: { in: [...new Set(ids.values())] } },
      select: { id: true, deviceId: true, format: true, raw: true, outcome: true },
    })).map((r) => [r.id, r]));
    const deviceIds = [...new Set([...rows.values()].map((r) => r.deviceId).filter((d): d is string => d !== null))];
    const devices = new Map((deviceIds.length === 0 ? [] : await ctx.db.device.findMany({ where: { id: { in: deviceIds } } })).map((d) => [d.id, d]));

    const failed: NonNullable<BatchOutcome['failed']> = [];
    const seen = new Set<string>();
    const chains = new Map<string, Promise<void>>();
    let running = 0;
    const slots: Array<() => void> = [];
    const withSlot = async (work: () => Promise<void>) => {
      if (running >= concurrency) await new Promise<void>((r) => slots.push(r));
      running++;
      try {
        await work();
      } finally {
        running--;
        slots.shift()?.();
      }
    };
    const jobs: Promise<void>[] = [];
    for (const [entry] of entries) {
      const id = ids.get(entry);
      const row = id === undefined ? undefined : rows.get(id);
      // Already decided (a replay after a crash, queued twice by the sweep), or gone: acknowledged as is.
      if (!row || row.outcome !== null || seen.has(row.id)) continue;
      seen.add(row.id);
      const device = row.deviceId === null ? undefined : devices.get(row.deviceId);
      const parsed = VENDOR_FORMATS[row.format as DeviceFormat]?.parse(row.raw);
      if (!device || !parsed?.ok || parsed.value.kind !== 'read') {
        log.warn({ messageId: row.id }, 'queued message is not a plate read of a known device; left undecided');
        continue;
      }
      const q: Queued = { entry, row, device, read: parsed.value.read };
      const key = orderKey(device, q.read, row.id);
      const job = (chains.get(key) ?? Promise.resolve()).then(() => withSlot(() => decideOne(q))).catch((error: unknown) => {
        failed.push({ id: entry, error });
        log.error({ err: error, messageId: row.id, deviceId: device.id }, 'queued plate read not decided; retried');
      });
      chains.set(key, job);
      jobs.push(job);
    }
    await Promise.all(jobs);
    return { failed };
  }

  async function sweep(gate: string, olderThanMs = orphanAfterMs): Promise<number> {
    const rows = await ctx.db.deviceMessage.findMany({
      where: { gateCode: gate, status: 'accepted', outcome: null, deviceId: { not: null }, receivedAt: { lte: new Date(Date.now() - olderThanMs) } },
      orderBy: { receivedAt: 'asc' },
      select: { id: true },
      take: 500,
    });
    await queueReads(ctx, rows.map((r) => ({ id: r.id, gateCode: gate })));
    if (rows.length > 0) log.warn({ gate, reads: rows.length }, 'stored reads found undecided; queued again');
    return rows.length;
  }

  const readers = new Map<string, LeasedReader>();
  for (const gate of gates) {
    const stream = readsStream(ctx.prefix, gate);
    let nextSweepAt = 0;
    readers.set(gate, startLeasedReader({
      redis: ctx.redis,
      leaseKey: `${stream}:${DECIDE_GROUP}-lease`,
      owner: consumer,
      leaseMs: options.leaseMs ?? 5_000,
      log,
      what: `the plate reads of gate ${gate}`,
      read: () => startStreamConsumer({
        redis: ctx.redis,
        reader: duplicateRedis(ctx.redis, `borderflow-${DECIDE_GROUP}:${consumer}`),
        stream,
        group: DECIDE_GROUP,
        consumerName: consumer,
        // Every read still in the stream is decided, however long nobody ran; one that keeps failing
        // is set aside (its row keeps no outcome: the sweep queues it again later).
        semantics: { startAt: '0', maxAttempts: 5 },
        blockMs: options.blockMs ?? 1000,
        batchSize: options.batch ?? 64,
        claimIdleMs,
        claimEveryMs: Math.max(100, claimIdleMs / 2),
        handle,
        onIdle: async () => {
          if (Date.now() < nextSweepAt) return;
          nextSweepAt = Date.now() + sweepEveryMs;
          await sweep(gate);
        },
        onError: (err, context) => log.warn({ err, gate }, context),
      }),
    }));
  }

  return {
    deciding: (gate) => readers.get(gate)?.reading() ?? false,
    sweep,
    async stop() {
      await Promise.all([...readers.values()].map((r) => r.stop()));
    },
  };
}
