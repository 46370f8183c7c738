/**
 * Recovery of a gate whose event seq went backwards: a Redis failover to a replica that had
 * not received the last commands, or a restart that lost the AOF's tail. PostgreSQL then holds
 * events Redis no longer knows, and the commands run since reuse their seqs.
 *
 * The gate is fenced (every command answers GATE_REBUILDING), every stream entry not yet in
 * PostgreSQL is stored — the ones whose seq is already taken get the next seqs past the stored
 * high-water mark, in stream order, keeping their original seq in `detail.divergedSeq` — and the
 * gate's Redis state is rebuilt from PostgreSQL with its seq past that mark. Nothing the gate
 * acknowledged is dropped, and no seq is ever used twice.
 */
import type { Cluster, Redis } from 'ioredis';
import type { GateEvent } from '@borderflow/contracts';
import type { PrismaClient } from '@borderflow/db';
import { GateScheduler, parseStreamEntry } from '@borderflow/scheduler';
import { loadGateState } from './rebuild-gate.ts';
import { storeEvents } from './store-events.ts';

type Client = Redis | Cluster;

/** Longest one recovery may hold the gate's rebuild lock. */
const LOCK_MS = 60_000;
const PAGE = 1000;

export interface RecoverGateOptions {
  redis: Client;
  prisma: PrismaClient;
  gate: string;
  /** Redis key prefix before the hash tag. Default `bf:`. */
  prefix?: string;
  /** Told what was found and done. */
  log?: (message: string, data: Record<string, unknown>) => void;
}

export interface RecoveryResult {
  /** Highest seq PostgreSQL held before the recovery. */
  highWater: number;
  /** Stream entries stored by the recovery (not yet in PostgreSQL). */
  stored: number;
  /** Of those, entries whose seq was taken and that got a new one. */
  resequenced: number;
  /** The gate's seq after the rebuild. */
  seq: number;
}

/** Highest event seq of a gate in PostgreSQL (0 for none): the seq Redis must never fall below. */
export async function storedHighWater(prisma: PrismaClient, gate: string): Promise<number> {
  const { _max } = await prisma.gateEvent.aggregate({ where: { gateCode: gate }, _max: { seq: true } });
  return _max.seq ?? 0;
}


/**
 * Fences the gate, stores what only Redis has, rebuilds Redis from PostgreSQL and lifts the
 * fence. Waits while another process recovers the same gate, then returns null.
 *
 * @example
 * if (((await kt.seq()) ?? 0) < (await storedHighWater(prisma, 'KT')))
 *   await recoverGate({ redis, prisma, gate: 'KT' }); // { highWater: 812, stored: 3, resequenced: 3, seq: 821 }
 */
export async function recoverGate(options: RecoverGateOptions): Promise<RecoveryResult | null> {
  const { redis, prisma, gate } = options;
  const scheduler = new GateScheduler({ redis, gate, prefix: options.prefix ?? 'bf:' });
  // The lock the platform's startup rebuild takes too.
  const lock = scheduler.rebuildLockKey();
  const owner = `recover:${process.pid}:${Date.now()}`;
  if (!(await redis.set(lock, owner, 'PX', LOCK_MS, 'NX'))) {
    // Someone else recovers (or rebuilds) this gate: its result is ours.
    const end = Date.now() + LOCK_MS;
    while ((await redis.exists(lock)) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    return null;
  }
  // Fence first: from here no command appends to the stream, so what we read is all there is.
  const token = await scheduler.fence();
  try {
    const highWater = await storedHighWater(prisma, gate);
    const entries = await readWholeStream(redis, scheduler.eventsStream());
    const storedIds = new Set(
      (await prisma.gateEvent.findMany({
        where: { gateCode: gate, streamId: { in: entries.map((e) => e.streamId!) } },
        select: { streamId: true },
      })).map((r) => r.streamId),
    );
    let next = highWater;
    let resequenced = 0;
    const missing: GateEvent[] = [];
    for (const e of entries) {
      if (storedIds.has(e.streamId!)) continue;
      if (e.seq <= next) {
        resequenced++;
        next += 1;
        // Every detail schema allows divergedSeq, so the spread stays the same event type.
        missing.push({ ...e, seq: next, detail: { ...e.detail, divergedSeq: e.seq } } as GateEvent);
      } else {
        next = e.seq;
        missing.push(e);
      }
    }
    const result = await storeEvents(prisma, { redis, prefix: options.prefix }, missing);
    if (result.stored !== missing.length) {
      throw new Error(`gate ${gate}: recovery stored ${result.stored} of ${missing.length} events; not rebuilding`);
    }
    options.log?.('gate seq went backwards: stored what only Redis had, rebuilding from PostgreSQL', {
      gate, highWater, redisSeq: await scheduler.seq(), stored: missing.length, resequenced,
    });
    const state = await loadGateState(prisma, gate);
    await scheduler.rebuild(state);
    return { highWater, stored: missing.length, resequenced, seq: (await scheduler.seq()) ?? state.seq };
  } finally {
    await scheduler.unfence(token);
    await (redis as Redis).eval("if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0", 1, lock, owner);
  }
}

async function readWholeStream(redis: Client, stream: string): Promise<GateEvent[]> {
  const events: GateEvent[] = [];
  let start = '-';
  for (;;) {
    const page = await redis.xrange(stream, start, '+', 'COUNT', PAGE);
    for (const [id, fields] of page) {
      try {
        events.push(parseStreamEntry(id, fields));
      } catch {
        // Malformed entries are the consumer's dead letters, not events to keep.
      }
    }
    if (page.length < PAGE) return events;
    start = `(${page[page.length - 1]![0]}`;
  }
}
