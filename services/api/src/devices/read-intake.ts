/**
 * The camera's fast path (issue 17: a gateway of at least 200 reads/s). A camera that asks for it
 * (`Prefer: respond-async`, RFC 7240) is answered as soon as its read is durably stored in the raw
 * log, `queued`; the gate command (check-in, confirmation, lane arrival) follows at once, here.
 *
 * - Durable first: the raw rows of the reads arriving together go to the database in one insert (one
 *   round trip for many reads); the camera is answered only after that insert committed. The raw row
 *   with no outcome yet IS the outbox: nothing else holds the read.
 * - Then decided, exactly as a synchronous read (plate-reads.ts: the same plate index, the same
 *   check-in command the operator uses, with the message id as its command id), and its outcome
 *   written onto the raw row.
 * - Reads that could be the same truck (the same plate read by both entrance cameras; one lane) are
 *   decided one after the other in arrival order, so the second sees the first's check-in (fusion
 *   works as before); others run side by side, a few at a time.
 * - Nothing is lost: a row left without an outcome (a process stopped between the insert and the
 *   decision, a failed decision) is picked up by the sweep of any gateway process. A Redis claim per
 *   message keeps two processes from deciding it twice (and a second decision would replay the same
 *   check-in command anyway).
 */
import type { ApiContext } from '../context.ts';
import type { DeviceRow } from '../auth/device-keys.ts';
import { normalisePlate } from '@borderflow/contracts';
import { handlePlateRead, type PlateRead } from './plate-reads.ts';
import { VENDOR_FORMATS, type DeviceFormat } from './vendor-formats.ts';

/** Reads decided side by side per process (each is a few database and Redis round trips). */
const CONCURRENCY = 4;
/** A row this long without an outcome was not decided by the process that stored it: the sweep takes it. */
export const ORPHAN_AFTER_MS = 30_000;
const SWEEP_EVERY_MS = 10_000;
/** How long one process holds a message it decides (longer than any decision takes). */
const CLAIM_TTL_S = 120;

export interface QueuedRead {
  id: string;
  device: DeviceRow;
  format: DeviceFormat;
  raw: string;
  read: PlateRead;
}

interface Waiter {
  row: QueuedRead;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** Reads that could concern the same truck share a key and are decided in order. */
function orderKey(q: QueuedRead): string {
  if (q.device.position === 'lane') return `${q.device.gateCode}:lane:${q.device.laneCode ?? ''}`;
  const plate = q.read.plate === null ? '' : normalisePlate(q.read.plate);
  return plate === '' ? `msg:${q.id}` : `${q.device.gateCode}:plate:${plate}`;
}

export class ReadIntake {
  private batch: Waiter[] = [];
  private flushing = false;
  private readonly chains = new Map<string, Promise<void>>();
  private running = 0;
  private readonly slots: Array<() => void> = [];
  private readonly inFlight = new Set<Promise<void>>();
  /** Messages queued in this process and not yet decided: the sweep leaves them alone. */
  private readonly queued = new Set<string>();
  private sweepTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly ctx: ApiContext) {
    this.sweepTimer = setInterval(() => void this.sweep().catch((err: unknown) => ctx.logger.warn({ err }, 'read intake sweep failed')), SWEEP_EVERY_MS);
    this.sweepTimer.unref();
  }

  /**
   * Stores the read raw (batched with the others arriving now) and resolves once it is committed;
   * the decision is then queued in this process.
   */
  async accept(row: QueuedRead): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.batch.push({ row, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
    this.decideSoon(row);
  }

  private async flush(): Promise<void> {
    // Whatever arrived while the previous insert ran goes in the next one.
    while (this.batch.length > 0) {
      const waiters = this.batch;
      this.batch = [];
      try {
        await this.ctx.db.deviceMessage.createMany({
          data: waiters.map(({ row }) => ({
            id: row.id,
            deviceId: row.device.id,
            gateCode: row.device.gateCode,
            format: row.format,
            raw: row.raw,
            status: 'accepted',
            outcome: null,
            plate: row.read.plate,
            confidence: row.read.confidence,
          })),
        });
        for (const w of waiters) w.resolve();
      } catch (err) {
        for (const w of waiters) w.reject(err);
      }
    }
    this.flushing = false;
  }

  private decideSoon(row: QueuedRead): void {
    if (this.queued.has(row.id)) return;
    this.queued.add(row.id);
    const key = orderKey(row);
    const previous = this.chains.get(key) ?? Promise.resolve();
    const job = previous.then(() => this.withSlot(() => this.decide(row)));
    this.chains.set(key, job);
    this.inFlight.add(job);
    void job.finally(() => {
      this.inFlight.delete(job);
      this.queued.delete(row.id);
      if (this.chains.get(key) === job) this.chains.delete(key);
    });
  }

  private async withSlot(work: () => Promise<void>): Promise<void> {
    if (this.running >= CONCURRENCY) await new Promise<void>((r) => this.slots.push(r));
    this.running++;
    try {
      await work();
    } finally {
      this.running--;
      this.slots.shift()?.();
    }
  }

  /** Decides one stored read and writes its outcome on the raw row; a failure leaves it to the sweep. */
  private async decide(row: QueuedRead): Promise<void> {
    if (this.closed) return;
    const claim = `${this.ctx.prefix}dev:claim:${row.id}`;
    try {
      if ((await this.ctx.redis.set(claim, '1', 'EX', CLAIM_TTL_S, 'NX')) === null) return;
      const decision = await handlePlateRead(this.ctx, row.device, row.read, row.id);
      await this.ctx.db.deviceMessage.updateMany({
        where: { id: row.id, outcome: null },
        data: { outcome: decision.outcome, tripId: decision.tripId },
      });
    } catch (err) {
      if (this.closed) return;
      this.ctx.logger.error({ err, messageId: row.id, deviceId: row.device.id }, 'queued plate read not decided; the sweep retries it');
      await this.ctx.redis.del(claim).catch(() => undefined);
    }
  }

  /**
   * Queues the stored reads nobody decided (older than ORPHAN_AFTER_MS, or all of them with `olderThanMs` 0).
   * Returns how many it queued.
   */
  async sweep(olderThanMs = ORPHAN_AFTER_MS): Promise<number> {
    if (this.closed) return 0;
    const rows = await this.ctx.db.deviceMessage.findMany({
      where: { status: 'accepted', outcome: null, deviceId: { not: null }, receivedAt: { lte: new Date(Date.now() - olderThanMs) } },
      orderBy: { receivedAt: 'asc' },
      take: 500,
    });
    if (rows.length === 0) return 0;
    const devices = new Map((await this.ctx.db.device.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.deviceId!))] } } })).map((d) => [d.id, d]));
    let queued = 0;
    for (const r of rows) {
      const device = devices.get(r.deviceId!);
      const parsed = VENDOR_FORMATS[r.format as DeviceFormat]?.parse(r.raw);
      if (!device || !parsed?.ok || parsed.value.kind !== 'read' || this.queued.has(r.id)) continue;
      this.decideSoon({ id: r.id, device, format: r.format as DeviceFormat, raw: r.raw, read: parsed.value.read });
      queued++;
    }
    return queued;
  }

  /** Resolves when every read queued so far is decided (tests; a graceful stop). */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0 || this.batch.length > 0 || this.flushing) {
      await Promise.allSettled([...this.inFlight]);
      await new Promise((r) => setImmediate(r));
    }
  }

  /** Stops the sweep; reads not yet decided stay stored for the next process's sweep. */
  close(): void {
    this.closed = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
  }
}

const intakes = new WeakMap<ApiContext, ReadIntake>();

/**
 * The process's intake for this context (made on first use; its sweep starts with it).
 *
 * @example
 * await readIntakeOf(ctx).accept({ id, device, format, raw, read });
 */
export function readIntakeOf(ctx: ApiContext): ReadIntake {
  let intake = intakes.get(ctx);
  if (!intake) {
    intake = new ReadIntake(ctx);
    intakes.set(ctx, intake);
    // Reads a stopped process left undecided are picked up when the gateway first hears from a camera.
    void intake.sweep().catch((err: unknown) => ctx.logger.warn({ err }, 'read intake sweep failed'));
  }
  return intake;
}

/**
 * Stops this context's intake (the platform's close).
 *
 * @example
 * closeReadIntake(ctx);
 */
export function closeReadIntake(ctx: ApiContext): void {
  intakes.get(ctx)?.close();
}
