/**
 * The envelope every message between BorderFlow and an agency travels in
 * (movement notices and gate events out, decisions in), whatever the wire
 * format (JSON, VNACCS-style XML, EDIFACT). Versioned: a receiver rejects a
 * `schemaVersion` it does not know instead of guessing.
 *
 * Receivers are idempotent on `messageId`; `correlationId` ties a decision
 * back to the notice (or trip) it answers. Times are Vietnam time (+07:00)
 * because the customs systems we talk to work in local time.
 */
import { z } from 'zod';
import { ZGateCodeSchema } from '../common.ts';

/** The contract version this code speaks. Bump it (and keep the old one readable) on a breaking change. */
export const AGENCY_SCHEMA_VERSION = '1.0' as const;
export const ZAgencySchemaVersionSchema = z.literal(AGENCY_SCHEMA_VERSION, {
  error: `schemaVersion must be ${AGENCY_SCHEMA_VERSION} (unknown contract version)`,
});

/** What a message carries; the envelope names it so a receiver can route before parsing the payload. */
export const AGENCY_MESSAGE_KINDS = ['movement_notice', 'gate_event', 'agency_decision'] as const;
export const ZAgencyMessageKindSchema = z.enum(AGENCY_MESSAGE_KINDS);
export type AgencyMessageKind = z.infer<typeof ZAgencyMessageKindSchema>;

const VN_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([+-]\d{2}:\d{2}|Z)$/;
const VN_OFFSET_MS = 7 * 3_600_000;

/**
 * ISO 8601 date-time in Vietnam time, i.e. with the `+07:00` offset, e.g.
 * `2025-06-01T08:30:00+07:00` (fractional seconds allowed). Rejects other
 * offsets (rule `datetime_offset`) and impossible dates such as Feb 30
 * (rule `datetime_format`).
 */
export const ZVnDateTimeSchema = z.string().superRefine((input, ctx) => {
  const m = VN_DATE_TIME.exec(input);
  const example = 'e.g. 2025-06-01T08:30:00+07:00';
  if (!m) {
    ctx.addIssue({ code: 'custom', message: `must be an ISO 8601 date-time with the +07:00 offset, ${example}`, params: { rule: 'datetime_format' } });
    return;
  }
  if (m[8] !== '+07:00') {
    ctx.addIssue({ code: 'custom', message: `must use the +07:00 offset (Vietnam time), got ${m[8]}, ${example}`, params: { rule: 'datetime_offset' } });
    return;
  }
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const utc = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  const real = utc.getUTCFullYear() === y && utc.getUTCMonth() === mo - 1 && utc.getUTCDate() === d && h < 24 && mi < 60 && s < 60;
  if (!real) {
    ctx.addIssue({ code: 'custom', message: `is not a real date and time, ${example}`, params: { rule: 'datetime_format' } });
  }
});
export type VnDateTime = z.infer<typeof ZVnDateTimeSchema>;

/**
 * Formats an instant as Vietnam time with milliseconds and the `+07:00` offset
 * (Vietnam has no daylight saving, so a fixed offset is exact).
 *
 * @example
 * formatVnDateTime(new Date('2025-06-01T01:30:00Z')); // '2025-06-01T08:30:00.000+07:00'
 * formatVnDateTime(1748741400000);                    // same instant as ms epoch
 */
export function formatVnDateTime(at: Date | number): string {
  const ms = typeof at === 'number' ? at : at.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('formatVnDateTime: invalid date');
  return new Date(ms + VN_OFFSET_MS).toISOString().replace('Z', '+07:00');
}

/** Id of a system at either end (`borderflow.kt`, `vn-customs.13bb`, `VNACCS`). */
export const ZSystemIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{1,63}$/, 'must be 2–64 letters, digits, ., _, : or -, e.g. borderflow.kt');

/** Correlation id: an opaque reference (UUID, trip id, the agency's own reference). */
export const ZCorrelationIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{1,128}$/, 'correlationId must be 1–128 letters, digits, ., _, : or -');

/**
 * The message signature: HMAC-SHA256 with the key named by `keyId` (keys
 * rotate, so the receiver picks the key by id), computed by services/customs
 * over the canonical body and the `sentAt` timestamp. `value` is the 32-byte
 * MAC as 64 hex digits or base64/base64url.
 */
export const ZSignatureSchema = z
  .object({
    algorithm: z.literal('HMAC-SHA256', { error: 'signature.algorithm must be HMAC-SHA256' }),
    keyId: z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, 'keyId must be 1–64 letters, digits, ., _, : or -'),
    value: z
      .string()
      .regex(/^(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/_-]{43}=?)$/, 'signature value must be a 32-byte HMAC as 64 hex digits or base64'),
  })
  .strict();
export type Signature = z.infer<typeof ZSignatureSchema>;

const headerShape = {
  messageId: z.uuid({ error: 'messageId must be a UUID' }),
  correlationId: ZCorrelationIdSchema,
  schemaVersion: ZAgencySchemaVersionSchema,
  kind: ZAgencyMessageKindSchema,
  sentAt: ZVnDateTimeSchema,
  sender: ZSystemIdSchema,
  receiver: ZSystemIdSchema,
  gateCode: ZGateCodeSchema,
  signature: ZSignatureSchema,
};

/** The envelope's fields without the payload (what codecs write into their own headers). */
export const ZEnvelopeHeaderSchema = z.object(headerShape).strict();
export type EnvelopeHeader = z.infer<typeof ZEnvelopeHeaderSchema>;
/** An envelope before services/customs signs it. */
export type UnsignedEnvelopeHeader = Omit<EnvelopeHeader, 'signature'>;

/** A whole message: header fields plus a typed `payload`. */
export type Envelope<T> = EnvelopeHeader & { payload: T };

/**
 * Builds the envelope schema for one payload. With `kind`, the envelope's
 * `kind` must be that one (rule: the literal's message names it).
 *
 * @example
 * const ZNoticeEnvelope = ZEnvelopeSchema(ZMovementNoticeSchema, 'movement_notice');
 * const env = ZNoticeEnvelope.parse(JSON.parse(body)); // env.payload is a MovementNotice
 */
export function ZEnvelopeSchema<P extends z.ZodType>(payloadSchema: P, kind?: AgencyMessageKind) {
  return z
    .object({
      ...headerShape,
      kind: kind ? z.literal(kind, { error: `kind must be ${kind}` }) : ZAgencyMessageKindSchema,
      payload: payloadSchema,
    })
    .strict();
}
