/**
 * GET /v1/audit and /v1/audit.csv — reading the append-only audit log (managers and
 * admins). The filters are shared by the JSON page and the CSV export so a manager
 * exports exactly what the console shows.
 */
import { z } from 'zod';
import { DATE_TIME_RANGE_ISSUE, isWithinDateTimeRange, ZGateCodeSchema } from './common.ts';

/** A dotted action name as the audit log stores it, e.g. `hold.release`, `auth.login-failed`. */
export const ZAuditActionNameSchema = z
  .string()
  .regex(/^[a-z][a-z-]{0,31}(\.[a-z][a-z-]{0,31}){1,2}$/, 'action must be a dotted name such as hold.release');

/** Instants in the audit filters: ISO 8601 with an offset, within a plausible span (no year 0000). */
const ZAuditInstantSchema = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time, e.g. 2025-06-01T08:30:00+07:00' })
  .refine(isWithinDateTimeRange, DATE_TIME_RANGE_ISSUE);

/** A short free-text filter (actor name, target id); no control characters. */
const ZFilterTextSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[^\u0000-\u001f\u007f]*$/, 'must not contain control characters');

/** `action=a&action=b` or `action=a,b`: one or more action names. */
const ZActionListSchema = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== ''))
  .pipe(z.array(ZAuditActionNameSchema).min(1, 'name at least one action').max(20, 'at most 20 actions'));

/** Filters of the audit log, shared by the JSON page and the CSV export. */
export const ZAuditFilterSchema = z.object({
  action: ZActionListSchema.optional(),
  /** The actor's username (or agency name) as recorded. */
  actor: ZFilterTextSchema.optional(),
  targetType: z.string().regex(/^[a-z][a-z_-]{0,31}$/, 'targetType must be a lower-case word such as trip').optional(),
  targetId: ZFilterTextSchema.optional(),
  gate: ZGateCodeSchema.optional(),
  /** Entries at or after this instant. */
  from: ZAuditInstantSchema.optional(),
  /** Entries before this instant. */
  to: ZAuditInstantSchema.optional(),
});
export type AuditFilter = z.infer<typeof ZAuditFilterSchema>;

/** The JSON page: filters, a page size and the cursor of the previous page. */
export const ZAuditQuerySchema = ZAuditFilterSchema.extend({
  limit: z.coerce.number().int().min(1).max(500).optional(),
  /** `nextCursor` of the previous page: entries older than it. */
  cursor: z.string().regex(/^[1-9]\d{0,18}$/, 'cursor must be the nextCursor of a previous page').optional(),
}).strict();
export type AuditQuery = z.infer<typeof ZAuditQuerySchema>;

export const ZAuditCsvQuerySchema = ZAuditFilterSchema.strict();

export const ZAuditEntrySchema = z.object({
  /** Increasing with insertion order; also the cursor. */
  id: z.string(),
  /** RFC 3339 with the gate's offset (+07:00). */
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string(),
  actorRole: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  gateCode: z.string().nullable(),
  reason: z.string().nullable(),
  detail: z.unknown().nullable(),
  ip: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof ZAuditEntrySchema>;

/** One page of entries, newest first; `nextCursor` is null on the last page. */
export const ZAuditPageSchema = z.object({
  entries: z.array(ZAuditEntrySchema),
  nextCursor: z.string().nullable(),
});
export type AuditPage = z.infer<typeof ZAuditPageSchema>;
