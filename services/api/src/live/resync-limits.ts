/**
 * What keeps `resync` from amplifying load: each socket has a token bucket
 * (a burst, then a steady rate; excess gets an error ack), and a gate's
 * snapshot is built once per gate sequence, however many sockets ask for it
 * at that sequence. Checking the sequence is one HGET; building a snapshot
 * reads every lane and queue of the gate.
 */
import type { Cluster, Redis } from 'ioredis';
import type { GateScheduler } from '@borderflow/scheduler';
import { liveWire, type GateSnapshotWire } from '@borderflow/contracts';

export interface ResyncLimits {
  /** Resyncs a socket may send at once. */
  burst: number;
  /** Then one more per this many ms. */
  refillMs: number;
  /** A cached gate snapshot is served at most this long, even if the seq has not moved (waits age). */
  maxSnapshotAgeMs: number;
}

export const DEFAULT_RESYNC_LIMITS: ResyncLimits = { burst: 5, refillMs: 2000, maxSnapshotAgeMs: 2000 };

/**
 * A token bucket for one socket.
 *
 * @example
 * const bucket = new ResyncBucket(DEFAULT_RESYNC_LIMITS);
 * if (!bucket.take()) ack({ ok: false, error: { code: 'RATE_LIMITED', … } });
 */
export class ResyncBucket {
  private tokens: number;
  private at: number;

  constructor(
    private readonly limits: Pick<ResyncLimits, 'burst' | 'refillMs'>,
    private readonly clock: () => number = Date.now,
  ) {
    this.tokens = limits.burst;
    this.at = clock();
  }

  /** Takes one token if there is one. */
  take(): boolean {
    const now = this.clock();
    this.tokens = Math.min(this.limits.burst, this.tokens + (now - this.at) / this.limits.refillMs);
    this.at = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

type Snapshot = GateSnapshotWire;

/**
 * A gate's snapshot as `/live` sends it (times RFC 3339, live-times.ts), read now.
 *
 * @example socket.emit('snapshot', await gateSnapshotWire(scheduler));
 */
export async function gateSnapshotWire(scheduler: GateScheduler): Promise<GateSnapshotWire> {
  const now = scheduler.now();
  return liveWire.gateSnapshot({ ...(await scheduler.snapshot(now)), at: now });
}

/**
 * One gate's snapshot, shared by every resync at the same gate sequence.
 *
 * @example
 * const cache = new GateSnapshotCache(redis, scheduler, DEFAULT_RESYNC_LIMITS);
 * socket.emit('snapshot', await cache.get());
 */
export class GateSnapshotCache {
  private latest: { seq: number; builtAt: number; snapshot: Snapshot } | null = null;
  private building: Promise<Snapshot> | null = null;
  /** Snapshots built so far (tests and metrics). */
  builds = 0;

  constructor(
    private readonly redis: Redis | Cluster,
    private readonly scheduler: GateScheduler,
    private readonly limits: Pick<ResyncLimits, 'maxSnapshotAgeMs'>,
    private readonly clock: () => number = Date.now,
  ) {}

  /** A snapshot at least as new as the gate's sequence now. */
  async get(): Promise<Snapshot> {
    const seq = (await this.scheduler.seq()) ?? 0;
    // Twice at most: a build already running may have started before `seq` was reached.
    for (let attempt = 0; attempt < 2; attempt++) {
      const cached = this.latest;
      if (cached && cached.seq >= seq && this.clock() - cached.builtAt <= this.limits.maxSnapshotAgeMs) return cached.snapshot;
      const snapshot = await (this.building ??= this.build());
      if (Number(snapshot.seq) >= seq) return snapshot;
    }
    return this.build();
  }

  private async build(): Promise<Snapshot> {
    try {
      this.builds += 1;
      const snapshot = await gateSnapshotWire(this.scheduler);
      const seq = Number(snapshot.seq);
      if (!this.latest || seq >= this.latest.seq) this.latest = { seq, builtAt: this.clock(), snapshot };
      return snapshot;
    } finally {
      this.building = null;
    }
  }
}
