/**
 * The device gateway's intake: every message a device pushes is authenticated by its device key,
 * parsed and validated (contracts' zod schemas), kept raw in `device_messages` whether accepted or
 * refused, and only then turned into a gate command (plate-reads.ts). A refused message changes
 * nothing but the log.
 */
import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { DEVICE_KEY_HEADER, type DeviceEventResult, type DeviceOutcome } from '@borderflow/contracts';
import { AppError } from '../app-error.ts';
import { REFUSALS } from '../http/refusal-words.ts';
import type { ApiContext } from '../context.ts';
import { authenticateDevice, type DeviceRow } from '../auth/device-keys.ts';
import { problemItems } from '../http/problem.ts';
import { pickLang } from '../http/problem-messages.ts';
import { handlePlateRead, type ReadDecision } from './plate-reads.ts';
import { handleWeighing, type WeighbridgeReading } from './weighbridge.ts';
import { VENDOR_FORMATS, type DeviceFormat, type Parsed } from './vendor-formats.ts';

export type { DeviceFormat } from './vendor-formats.ts';
import { resolveSilence } from './device-health.ts';
import { readIntakeOf } from './read-intake.ts';

/** The raw log keeps at most this much of a body (the parser refuses more than 64 KiB anyway). */
const RAW_LIMIT = 64 * 1024;
/** How long a device's eventId is remembered, so a resend is answered `duplicate` and applied once. */
const EVENT_ID_TTL_S = 24 * 3600;
/** lastSeenAt is written at most this often per device (a camera reads several trucks a second). */
const LAST_SEEN_GRAIN_MS = 5_000;

interface LogEntry {
  id?: string;
  device?: DeviceRow;
  format: DeviceFormat;
  raw: string;
  status: 'accepted' | 'rejected';
  reason?: string;
  outcome?: DeviceOutcome;
  plate?: string | null;
  confidence?: number;
  tripId?: string | null;
}

async function log(ctx: ApiContext, e: LogEntry): Promise<string> {
  const id = e.id ?? randomUUID();
  await ctx.db.deviceMessage.create({
    data: {
      id,
      deviceId: e.device?.id ?? null,
      gateCode: e.device?.gateCode ?? null,
      format: e.format,
      raw: e.raw.slice(0, RAW_LIMIT),
      status: e.status,
      reason: e.reason ?? null,
      outcome: e.outcome ?? null,
      plate: e.plate ?? null,
      confidence: e.confidence ?? null,
      tripId: e.tripId ?? null,
    },
  });
  return id;
}

/** Logs the refusal, then throws it: the caller is told why, the log keeps the rule. */
async function refuse(ctx: ApiContext, e: Omit<LogEntry, 'status'>, err: AppError): Promise<never> {
  await log(ctx, { ...e, status: 'rejected' });
  ctx.logger.warn({ deviceId: e.device?.id ?? null, reason: e.reason, format: e.format }, 'device message refused');
  throw err;
}

/** What each kind of device may send besides heartbeats: a camera reads plates, a weighbridge weighs. */
const SENDS: Partial<Record<DeviceRow['kind'], Parsed['kind']>> = { anpr: 'read', weighbridge: 'weighing' };

/** The message type a device sent, in its own words, for the refusal of a kind it may not send. */
const SENT_TYPE: Record<Exclude<Parsed['kind'], 'heartbeat'>, string> = { read: 'plate_read', weighing: 'weighbridge_reading' };

/**
 * Takes one pushed message (the body as text: express.text ran before) from a device.
 *
 * @example
 * const result = await receiveDeviceMessage(ctx, req, 'generic');
 */
export async function receiveDeviceMessage(ctx: ApiContext, req: Request, format: DeviceFormat): Promise<DeviceEventResult> {
  const raw = typeof req.body === 'string' ? req.body : '';
  const auth = await authenticateCached(ctx, req.get(DEVICE_KEY_HEADER));
  if (!auth.ok) {
    return refuse(ctx, { format, raw, reason: auth.reason }, AppError.worded('UNAUTHENTICATED', REFUSALS.deviceKeyRefused, 'X-Device-Key'));
  }
  const device = auth.device;
  const vendor = VENDOR_FORMATS[format];
  const xml = vendor.media === 'xml';
  if (xml ? !req.is(['application/xml', 'text/xml']) : !req.is('application/json')) {
    return refuse(ctx, { device, format, raw, reason: 'content_type' },
      AppError.worded('UNSUPPORTED_MEDIA_TYPE', xml ? REFUSALS.deviceSendXml : REFUSALS.deviceSendJson, 'Content-Type'));
  }
  const parsed = vendor.parse(raw);
  if (!parsed.ok && parsed.reason === 'body') {
    return refuse(ctx, { device, format, raw, reason: xml ? 'malformed_xml' : 'malformed_json' },
      AppError.worded('VALIDATION_FAILED', xml ? REFUSALS.deviceBodyNotXml : REFUSALS.deviceBodyNotJson, 'body'));
  }
  if (!parsed.ok) {
    const issues = problemItems(parsed.error, 'body', pickLang(req.headers['accept-language']));
    const first = issues[0]!;
    return refuse(ctx, { device, format, raw, reason: `schema:${first.field ?? 'body'}` }, new AppError('VALIDATION_FAILED', first.detail, first.field, issues));
  }
  const now = Date.now();
  await touch(ctx, device, now);
  if (parsed.value.kind === 'heartbeat') {
    const id = await log(ctx, { device, format, raw, status: 'accepted', outcome: 'heartbeat', ...(parsed.value.errors > 0 ? { reason: `device_errors:${parsed.value.errors}` } : {}) });
    return { messageId: id, outcome: 'heartbeat', tripId: null, confirmationId: null };
  }
  if (SENDS[device.kind] !== parsed.value.kind) {
    return refuse(ctx, { device, format, raw, reason: 'wrong_kind' }, AppError.worded('CONFLICT', REFUSALS.deviceWrongKind(device.kind, SENT_TYPE[parsed.value.kind]), 'type'));
  }
  if (parsed.value.kind === 'weighing') return weigh(ctx, device, format, raw, parsed.value.reading);
  const read = parsed.value.read;
  // Where the camera stands is its registration: a camera claiming another lane is refused, not believed.
  if (read.laneId !== null && read.laneId !== device.laneCode) {
    return refuse(
      ctx,
      { device, format, raw, reason: 'lane_mismatch', plate: read.plate, confidence: read.confidence },
      AppError.worded('CONFLICT', REFUSALS.deviceWrongLane(device.laneCode, read.laneId), 'laneId'),
    );
  }
  const fresh = await ctx.redis.set(`${ctx.prefix}dev:evt:${device.id}:${read.eventId}`, '1', 'EX', EVENT_ID_TTL_S, 'NX');
  if (fresh === null) {
    const id = await log(ctx, { device, format, raw, status: 'accepted', outcome: 'duplicate', plate: read.plate, confidence: read.confidence });
    return { messageId: id, outcome: 'duplicate', tripId: null, confirmationId: null };
  }
  const messageId = randomUUID();
  if (prefersAsync(req)) {
    // Answered once the raw read is committed; the gate command follows (read-intake.ts).
    try {
      await readIntakeOf(ctx).accept({ id: messageId, device, format, raw: raw.slice(0, RAW_LIMIT), read });
    } catch (err) {
      await ctx.redis.del(`${ctx.prefix}dev:evt:${device.id}:${read.eventId}`);
      throw err;
    }
    req.res?.setHeader('Preference-Applied', 'respond-async');
    return { messageId, outcome: 'queued', tripId: null, confirmationId: null };
  }
  let decision: ReadDecision;
  try {
    decision = await handlePlateRead(ctx, device, read, messageId);
  } catch (err) {
    // The read was not applied: let the camera's retry (same eventId) try again.
    await ctx.redis.del(`${ctx.prefix}dev:evt:${device.id}:${read.eventId}`);
    throw err;
  }
  await log(ctx, { id: messageId, device, format, raw, status: 'accepted', outcome: decision.outcome, plate: read.plate, confidence: read.confidence, tripId: decision.tripId });
  return { messageId, outcome: decision.outcome, tripId: decision.tripId, confirmationId: decision.confirmationId };
}

/** A weighing, applied once per eventId like a read; kept raw with the plate and the trip it attached to. */
async function weigh(ctx: ApiContext, device: DeviceRow, format: DeviceFormat, raw: string, reading: WeighbridgeReading): Promise<DeviceEventResult> {
  const seen = `${ctx.prefix}dev:evt:${device.id}:${reading.eventId}`;
  if ((await ctx.redis.set(seen, '1', 'EX', EVENT_ID_TTL_S, 'NX')) === null) {
    const id = await log(ctx, { device, format, raw, status: 'accepted', outcome: 'duplicate', plate: reading.plate });
    return { messageId: id, outcome: 'duplicate', tripId: null, confirmationId: null };
  }
  const messageId = randomUUID();
  let decision: ReadDecision;
  try {
    decision = await handleWeighing(ctx, device, reading, messageId);
  } catch (err) {
    await ctx.redis.del(seen);
    throw err;
  }
  await log(ctx, { id: messageId, device, format, raw, status: 'accepted', outcome: decision.outcome, plate: reading.plate, tripId: decision.tripId });
  return { messageId, outcome: decision.outcome, tripId: decision.tripId, confirmationId: null };
}

/**
 * A camera pushes several reads a second: its key is looked up and checked at most once per
 * DEVICE_RECHECK_MS per process (a message with exactly the key checked then passes meanwhile), so a
 * revoked key is refused within that time.
 */
export const DEVICE_RECHECK_MS = 1_000;
const knownDevices = new WeakMap<ApiContext, Map<string, { at: number; auth: Awaited<ReturnType<typeof authenticateDevice>> & { ok: true } }>>();

async function authenticateCached(ctx: ApiContext, presented: string | undefined): ReturnType<typeof authenticateDevice> {
  let known = knownDevices.get(ctx);
  if (!known) knownDevices.set(ctx, (known = new Map()));
  const key = presented?.trim() ?? '';
  const hit = known.get(key);
  const now = Date.now();
  if (hit && now - hit.at < DEVICE_RECHECK_MS) return hit.auth;
  const auth = await authenticateDevice(ctx.db, presented);
  // Only live devices are remembered (an unknown key is looked up each time, and refused each time).
  if (auth.ok) {
    if (known.size > 10_000) known.clear();
    known.set(key, { at: now, auth });
  } else {
    known.delete(key);
  }
  return auth;
}

/** RFC 7240: the camera wants the answer once its read is stored, not once it is decided. */
function prefersAsync(req: Request): boolean {
  return /(^|[\s,;])respond-async($|[\s,;])/i.test(req.get('prefer') ?? '');
}

/** Marks the device alive (at most every few seconds), and closes its silence alert when it was silent. */
async function touch(ctx: ApiContext, device: DeviceRow, now: number): Promise<void> {
  const last = device.lastSeenAt?.getTime() ?? 0;
  if (now - last < LAST_SEEN_GRAIN_MS) return;
  await ctx.db.device.update({ where: { id: device.id }, data: { lastSeenAt: new Date(now) } });
  // The remembered row (authenticateCached) sees it too, or each push of the next second would write again.
  device.lastSeenAt = new Date(now);
  await resolveSilence(ctx, device, last, now);
}
