/**
 * Small shared fields of requests: command ids (idempotency), gate and lane
 * codes, trip ids, timestamps.
 */
import { z } from 'zod';

/**
 * Idempotency key of an operator command: the same id is applied once and a
 * repeat returns the first result. 8–64 characters of `[A-Za-z0-9_-]` (a UUID fits).
 */
export const ZCommandIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, 'commandId must be 8–64 characters of A–Z, a–z, 0–9, _ or -');
export type CommandId = z.infer<typeof ZCommandIdSchema>;

/** Gate code, e.g. `KT` (Kim Thành). */
export const ZGateCodeSchema = z.string().regex(/^[A-Z][A-Z0-9]{1,15}$/, 'gate code must be 2–16 upper-case letters/digits, e.g. KT');

/** Lane id, e.g. `KT-X1`. */
export const ZLaneIdSchema = z.string().regex(/^[A-Z0-9][A-Za-z0-9_-]{0,31}$/, 'lane id must be 1–32 letters, digits, _ or -, e.g. KT-X1');

/** Trip id as issued by the API (opaque: cuid/uuid). */
export const ZTripIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'trip id must be 1–64 letters, digits, _ or -');

/** Dates a request may carry: the year 0000 or 275760 would pass the ISO pattern but fail in PostgreSQL. */
export const DATE_TIME_RANGE = { from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' } as const;
const RANGE_MS = { from: Date.parse(DATE_TIME_RANGE.from), to: Date.parse(DATE_TIME_RANGE.to) };
/** The issue a date-time outside DATE_TIME_RANGE raises (worded in three languages by its rule). */
export const DATE_TIME_RANGE_ISSUE = { message: 'must be a date-time from the year 2000 to 2099', params: { rule: 'datetime_range' } };

/** ISO 8601 date-time with `Z` or an offset, e.g. 2025-06-01T08:30:00+07:00, between 2000 and 2100. */
export const ZIsoDateTimeSchema = z.iso
  .datetime({
    offset: true,
    message: 'must be an ISO 8601 date-time, e.g. 2025-06-01T08:30:00+07:00',
  })
  .refine(isWithinDateTimeRange, DATE_TIME_RANGE_ISSUE);

/** Whether an ISO date-time falls in DATE_TIME_RANGE: every date-time a request carries is checked by this. */
export function isWithinDateTimeRange(text: string): boolean {
  const ms = Date.parse(text);
  return Number.isFinite(ms) && ms >= RANGE_MS.from && ms < RANGE_MS.to;
}

/** Agencies that send decisions and holds. */
export const ZAgencySchema = z.enum(['customs', 'quarantine', 'border_guard', 'far_side']);
export type Agency = z.infer<typeof ZAgencySchema>;
