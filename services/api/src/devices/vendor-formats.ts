/**
 * The formats cameras push in (docs/devices.md lists them), each turned into the one plate read (or
 * heartbeat) the gateway decides on. A format names the media type it arrives in and a parser from the
 * body's text; the parser validates with the contracts' zod schema, so a refusal names the field.
 *   - generic JSON: ours (plate_read, weighbridge_reading, heartbeat);
 *   - Hikvision ISAPI ANPR `EventNotificationAlert`, as JSON or as the camera's XML;
 *   - Dahua ITC traffic snapshot (ITSAPI JSON).
 */
import { createHash } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { z } from 'zod';
import { ZDahuaTrafficEventSchema, ZDeviceEventSchema, ZHikvisionAnprEventSchema } from '@borderflow/contracts';
import type { PlateRead } from './plate-reads.ts';
import type { WeighbridgeReading } from './weighbridge.ts';

export type DeviceFormat = 'generic' | 'hikvision' | 'hikvision-xml' | 'dahua';

export type Parsed = { kind: 'read'; read: PlateRead } | { kind: 'heartbeat'; errors: number } | { kind: 'weighing'; reading: WeighbridgeReading };

export type ParseResult =
  | { ok: true; value: Parsed }
  /** `body`: not a document of the format's media type at all; `schema`: a document with a field wrong. */
  | { ok: false; reason: 'body' }
  | { ok: false; reason: 'schema'; error: z.ZodError };

export interface VendorFormat {
  media: 'json' | 'xml';
  parse(text: string): ParseResult;
}

/** What vendors print for "I saw a vehicle but read no plate". */
const NO_PLATE = new Set(['', 'unknown', '无车牌', 'noplate']);

function plateOrNull(text: string): string | null {
  return NO_PLATE.has(text.trim().toLowerCase()) ? null : text;
}

function json(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function fromHikvision(e: z.output<typeof ZHikvisionAnprEventSchema>): PlateRead {
  const picture = e.ANPR.pictureInfoList?.find((p) => p.pictureURL ?? p.fileName);
  return {
    eventId: e.UUID,
    capturedAt: e.dateTime,
    plate: plateOrNull(e.ANPR.licensePlate),
    confidence: e.ANPR.confidenceLevel / 100,
    imageRef: picture?.pictureURL ?? picture?.fileName ?? null,
    laneId: null,
  };
}

const xml = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  removeNSPrefix: true,
  ignoreDeclaration: true,
  // One picture is still a list: the JSON form's pictureInfoList is an array.
  isArray: (name) => name === 'pictureInfo',
});

type XmlNode = Record<string, unknown>;
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
/** A number where the XML has digits; anything else is handed to the schema as it is, to be refused there. */
const num = (v: unknown): unknown => (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : v);

/**
 * The camera's XML `EventNotificationAlert` in the JSON form's shape: elements become fields, digits
 * numbers. Older firmware sends no UUID: the first picture's `pId` (unique per capture) stands in.
 */
function hikvisionXmlAsJson(root: XmlNode): unknown {
  const anpr = (root.ANPR ?? {}) as XmlNode;
  const pictures = ((anpr.pictureInfoList as XmlNode | undefined)?.pictureInfo ?? []) as XmlNode[];
  const uuid = text(root.UUID) ?? text(pictures[0]?.pId);
  return {
    eventType: root.eventType,
    dateTime: root.dateTime,
    ...(root.channelID !== undefined ? { channelID: num(root.channelID) } : {}),
    ...(uuid !== undefined ? { UUID: uuid } : {}),
    ANPR: {
      licensePlate: anpr.licensePlate ?? '',
      confidenceLevel: num(anpr.confidenceLevel),
      ...(anpr.laneNo !== undefined ? { laneNo: num(anpr.laneNo) } : {}),
      ...(pictures.length > 0
        ? { pictureInfoList: pictures.map((p) => ({ ...(p.fileName ? { fileName: p.fileName } : {}), ...(p.pictureURL ? { pictureURL: p.pictureURL } : {}) })) }
        : {}),
    },
  };
}

function fromDahua(e: z.output<typeof ZDahuaTrafficEventSchema>): PlateRead {
  const { Plate, SnapInfo, NormalPic } = e.Picture;
  const at = SnapInfo.UTC * 1000 + (SnapInfo.UTCMS ?? 0);
  // Dahua has no event id: the snapshot's device and instant identify it (a resend repeats both).
  const device = createHash('sha256').update(SnapInfo.DeviceID ?? '').digest('hex').slice(0, 12);
  return {
    eventId: `dahua-${device}-${at}`,
    capturedAt: new Date(at).toISOString(),
    plate: plateOrNull(Plate.PlateNumber),
    // No confidence given: the read is doubtful, a person looks at it.
    confidence: (Plate.Confidence ?? 0) / 100,
    imageRef: NormalPic?.PicName ?? null,
    laneId: null,
  };
}

function validated<S extends z.ZodType, T>(schema: S, value: unknown, read: (v: z.output<S>) => T): { ok: true; value: T } | { ok: false; reason: 'schema'; error: z.ZodError } {
  const r = schema.safeParse(value);
  return r.success ? { ok: true, value: read(r.data) } : { ok: false, reason: 'schema', error: r.error };
}

function jsonFormat(parse: (value: unknown) => ParseResult): VendorFormat {
  return {
    media: 'json',
    parse(body) {
      const r = json(body);
      return r.ok ? parse(r.value) : { ok: false, reason: 'body' };
    },
  };
}

/**
 * @example
 * const parsed = VENDOR_FORMATS.dahua.parse(rawBody);
 * if (parsed.ok && parsed.value.kind === 'read') decide(parsed.value.read);
 */
export const VENDOR_FORMATS: Record<DeviceFormat, VendorFormat> = {
  generic: jsonFormat((value) => validated(ZDeviceEventSchema, value, (e): Parsed =>
    e.type === 'heartbeat'
      ? { kind: 'heartbeat', errors: e.errors ?? 0 }
      : e.type === 'weighbridge_reading'
      ? { kind: 'weighing', reading: e }
      : { kind: 'read', read: { eventId: e.eventId, capturedAt: e.capturedAt, plate: e.plate === '' ? null : e.plate, confidence: e.confidence, imageRef: e.imageRef ?? null, laneId: e.laneId ?? null } })),
  hikvision: jsonFormat((value) => validated(ZHikvisionAnprEventSchema, value, (e): Parsed => ({ kind: 'read', read: fromHikvision(e) }))),
  'hikvision-xml': {
    media: 'xml',
    parse(body) {
      if (body.trim() === '' || XMLValidator.validate(body) !== true) return { ok: false, reason: 'body' };
      const root = (xml.parse(body) as XmlNode).EventNotificationAlert;
      if (typeof root !== 'object' || root === null) return { ok: false, reason: 'body' };
      return validated(ZHikvisionAnprEventSchema, hikvisionXmlAsJson(root as XmlNode), (e): Parsed => ({ kind: 'read', read: fromHikvision(e) }));
    },
  },
  dahua: jsonFormat((value) => validated(ZDahuaTrafficEventSchema, value, (e): Parsed => ({ kind: 'read', read: fromDahua(e) }))),
};
