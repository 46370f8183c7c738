/**
 * The camera's fast path (issue 17: a gateway of at least 200 reads/s). A camera that asks for it
 * (`Prefer: respond-async`, RFC 7240) is answered `queued` as soon as its read is durably stored in
 * the raw log and queued for the decider (read-decider.ts, in a worker process): the gateway only
 * authenticates, validates, stores and queues, so deciding never slows the cameras' answers.
 *
 * - Durable first: the raw rows of the reads arriving together go to the database in one insert (one
 *   round trip for many reads); the camera is answered only after that insert committed. The raw row
 *   with no outcome yet IS the outbox: a read whose queueing failed is queued again by the decider's sweep.
 * - Then queued: each read's message id goes to its gate's read stream, which the decider reads.
 */
import type { ApiContext } from '../context.ts';
import type { DeviceRow } from '../auth/device-keys.ts';
import type { PlateRead } from './plate-reads.ts';
import type { DeviceFormat } from './vendor-formats.ts';
import { queueReads } from './read-decider.ts';

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

export class ReadIntake {
  private batch: Waiter[] = [];
  private flushing = false;

  constructor(private readonly ctx: ApiContext) {}

  /** Stores the read raw (batched with the others arriving now) and queues it; resolves once it is committed. */
  async accept(row: QueuedRead): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.batch.push({ row, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    // Whatever arrived while the previous insert ran goes in the next one.
    while (this.batch.length > 0) {
      const waiters = this.batch;
      this.batch = [];
      try {
        // One statement with one parameter (the rows as JSON), as register-trip.ts writes a trip's cargo:
        // the ORM's createMany spent more CPU compiling the batch than the database spent storing it.
        const rows = JSON.stringify(waiters.map(({ row }) => ({
          id: row.id, device_id: row.device.id, gate_code: row.device.gateCode, format: row.format, raw: row.raw,
          plate: row.read.plate, confidence: row.read.confidence,
        })));
        await this.ctx.db.$executeRaw`
          INSERT INTO "device_messages" ("id", "device_id", "gate_code", "format", "raw", "status", "plate", "confidence")
          SELECT x."id", x."device_id", x."gate_code", x."format", x."raw", 'accepted', x."plate", x."confidence"
          FROM jsonb_to_recordset(CAST(${rows} AS jsonb))
            AS x("id" text, "device_id" text, "gate_code" text, "format" text, "raw" text, "plate" text, "confidence" float8)`;
      } catch (err) {
        for (const w of waiters) w.reject(err);
        continue;
      }
      // Stored is what the camera is promised; a read that could not be queued is found by the sweep.
      await queueReads(this.ctx, waiters.map(({ row }) => ({ id: row.id, gateCode: row.device.gateCode })))
        .catch((err: unknown) => this.ctx.logger.warn({ err, reads: waiters.length }, 'stored reads not queued; the decider\'s sweep queues them'));
      for (const w of waiters) w.resolve();
    }
    this.flushing = false;
  }
}

const intakes = new WeakMap<ApiContext, ReadIntake>();

/**
 * The process's intake for this context (made on first use).
 *
 * @example
 * await readIntakeOf(ctx).accept({ id, device, format, raw, read });
 */
export function readIntakeOf(ctx: ApiContext): ReadIntake {
  let intake = intakes.get(ctx);
  if (!intake) {
    intake = new ReadIntake(ctx);
    intakes.set(ctx, intake);
  }
  return intake;
}
