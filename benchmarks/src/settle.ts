/**
 * Waits, between a bench's set-up and a measured phase, until the platform has finished the
 * background work the set-up caused: every consumer group on the run's Redis streams has read and
 * acknowledged everything (persistence into the database, live fan-out, company feed, notices…),
 * the outbox is empty (when the database is reachable from here; PGlite lives inside the server),
 * and the server processes' CPU has fallen to an idle rate. Otherwise that backlog is done during
 * the phase and counted in its server CPU per request.
 */
import type { Redis } from 'ioredis';
import pg from 'pg';
import { serverCpuSeconds } from './store-cpu.ts';

/** One consumer group's work left on one stream. */
export interface GroupBacklog {
  stream: string;
  group: string;
  /** Delivered, not yet acknowledged. */
  pending: number;
  /** Entries not yet delivered to the group. */
  unread: number;
}

/** The run's groups that still have work, described for a reader ("persist on …:events: 3 pending, 120 unread"). */
export function unsettledGroups(backlogs: readonly GroupBacklog[]): string[] {
  return backlogs
    .filter((b) => b.pending > 0 || b.unread > 0)
    .map((b) => `${b.group} on ${b.stream}: ${b.pending} pending, ${b.unread} unread`);
}

/** XINFO GROUPS' flat field lists → objects. */
export function parseGroupInfo(reply: unknown[][]): Array<{ name: string; pending: number; lag: number | null; lastDeliveredId: string }> {
  return reply.map((fields) => {
    const f = new Map<string, unknown>();
    for (let i = 0; i + 1 < fields.length; i += 2) f.set(String(fields[i]), fields[i + 1]);
    const lag = f.get('lag');
    return {
      name: String(f.get('name')),
      pending: Number(f.get('pending') ?? 0),
      lag: lag === null || lag === undefined ? null : Number(lag),
      lastDeliveredId: String(f.get('last-delivered-id') ?? '0-0'),
    };
  });
}

/** Every consumer group of every stream under `prefix`, with what it has left. */
export async function streamBacklogs(redis: Redis, prefix: string): Promise<GroupBacklog[]> {
  const pattern = `${prefix.replace(/[*?[\]\\]/g, (c) => `\\${c}`)}*`;
  const streams: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000, 'TYPE', 'stream');
    cursor = next;
    streams.push(...keys);
  } while (cursor !== '0');
  const backlogs: GroupBacklog[] = [];
  for (const stream of streams) {
    for (const g of parseGroupInfo(await redis.call('XINFO', 'GROUPS', stream) as unknown[][])) {
      // Redis cannot count the lag across deleted (trimmed) entries: look for an entry after the group's.
      const unread = g.lag ?? (await redis.xrange(stream, `(${g.lastDeliveredId}`, '+', 'COUNT', 1)).length;
      backlogs.push({ stream, group: g.name, pending: g.pending, unread });
    }
  }
  return backlogs;
}

/** Messages in the outbox of the run's database, or null for PGlite (inside the server: not reachable). */
async function outboxMessages(databaseUrl: string | null): Promise<number | null> {
  if (!databaseUrl) return null;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM outbox_messages')).rows[0]!.n);
  } finally {
    await client.end();
  }
}

/** CPU seconds of the server processes together, or null without /proc. */
function serversCpu(pids: readonly number[]): number | null {
  const cpus = pids.map(serverCpuSeconds);
  return cpus.includes(null) ? null : (cpus as number[]).reduce((a, b) => a + b, 0);
}

export interface SettleOptions {
  redis: Redis;
  prefix: string;
  databaseUrl: string | null;
  /** The server processes whose CPU must fall idle. */
  pids: readonly number[];
  /** Give up after this long (default BENCH_SETTLE_TIMEOUT_MS or 120 s). */
  timeoutMs?: number;
  /** The server CPU (cores) below which a window counts as idle (default BENCH_SETTLE_IDLE_CORES or 0.1: the platform's own idle (outbox polls, blocked stream reads, timers) was measured at 0.01–0.05). */
  idleCores?: number;
  /** Length of the CPU window (default 1 s). */
  windowMs?: number;
}

export interface Settled {
  settle_ms: number;
  /** Server CPU (cores) in the last, idle window: the background left running during the phase. */
  idle_cores: number | null;
  /** Consumer groups checked (all streams of the run): 0 would mean the check saw none of the platform's. */
  groups: number;
  /** What was still going on in the first window (empty: the platform was settled already). */
  first_left: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Resolves once nothing is left on the streams, in the outbox, and the servers' CPU is idle; throws
 * naming what is left when that takes longer than `timeoutMs`.
 *
 * @example
 * const { settle_ms, idle_cores } = await waitForSettle({ redis, prefix: platform.prefix, databaseUrl: platform.databaseUrl, pids: [platform.pid] });
 */
export async function waitForSettle(options: SettleOptions): Promise<Settled> {
  const timeoutMs = options.timeoutMs ?? Number(process.env.BENCH_SETTLE_TIMEOUT_MS ?? 120_000);
  const idleCores = options.idleCores ?? Number(process.env.BENCH_SETTLE_IDLE_CORES ?? 0.1);
  const windowMs = options.windowMs ?? 1000;
  const started = performance.now();
  let firstLeft: string[] | null = null;
  for (;;) {
    const cpuBefore = serversCpu(options.pids);
    const windowStart = performance.now();
    await sleep(windowMs);
    const cpuAfter = serversCpu(options.pids);
    const cores = cpuBefore === null || cpuAfter === null ? null : (cpuAfter - cpuBefore) / ((performance.now() - windowStart) / 1000);
    const backlogs = await streamBacklogs(options.redis, options.prefix);
    const left = unsettledGroups(backlogs);
    const outbox = await outboxMessages(options.databaseUrl);
    if (outbox) left.push(`${outbox} outbox messages`);
    if (cores !== null && cores > idleCores) left.push(`server CPU ${cores.toFixed(2)} cores (idle is ≤ ${idleCores})`);
    firstLeft ??= left;
    if (left.length === 0) {
      return { settle_ms: Math.round(performance.now() - started), idle_cores: cores === null ? null : Math.round(cores * 1000) / 1000,
        groups: backlogs.length, first_left: firstLeft };
    }
    if (performance.now() - started > timeoutMs) {
      throw new Error(`the platform did not settle within ${timeoutMs} ms (BENCH_SETTLE_TIMEOUT_MS): ${left.join('; ')}`);
    }
  }
}
