/**
 * Reading the audit log: the filters of GET /v1/audit and /v1/audit.csv turned
 * into one Prisma query, newest first, paged by entry id (ids grow with
 * insertion, so "older than the cursor" is "id below it" and pages never skip or
 * repeat an entry when new ones arrive meanwhile).
 */
import { formatVnDateTime, type AuditEntry, type AuditFilter } from '@borderflow/contracts';
import type { Prisma, PrismaClient } from '@borderflow/db';

type AuditRow = Awaited<ReturnType<PrismaClient['auditEntry']['findFirstOrThrow']>>;

/** The Prisma `where` of a filter (and of the entries older than `cursor`). */
export function auditWhere(filter: AuditFilter, cursor?: string): Prisma.AuditEntryWhereInput {
  const at: Prisma.DateTimeFilter = {};
  if (filter.from) at.gte = new Date(filter.from);
  if (filter.to) at.lt = new Date(filter.to);
  return {
    ...(filter.action ? { action: { in: filter.action } } : {}),
    ...(filter.actor ? { actorName: filter.actor } : {}),
    ...(filter.targetType ? { targetType: filter.targetType } : {}),
    ...(filter.targetId ? { targetId: filter.targetId } : {}),
    ...(filter.gate ? { gateCode: filter.gate } : {}),
    ...(filter.from || filter.to ? { at } : {}),
    ...(cursor ? { id: { lt: BigInt(cursor) } } : {}),
  };
}

/** One stored entry as the API shows it (times in gate time, +07:00). */
export function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id.toString(),
    at: formatVnDateTime(row.at),
    actorId: row.actorId,
    actorName: row.actorName,
    actorRole: row.actorRole,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    gateCode: row.gateCode,
    reason: row.reason,
    detail: row.detail ?? null,
    ip: row.ip,
  };
}

/**
 * One page of entries, newest first, and the cursor of the next page (null on the last).
 *
 * @example
 * const page = await readAuditPage(db, { action: ['hold.release'] }, 50);
 * const older = await readAuditPage(db, { action: ['hold.release'] }, 50, page.nextCursor ?? undefined);
 */
export async function readAuditPage(
  db: Pick<PrismaClient, 'auditEntry'>,
  filter: AuditFilter,
  limit: number,
  cursor?: string,
): Promise<{ entries: AuditEntry[]; nextCursor: string | null }> {
  // One extra row tells whether another page exists without a count query.
  const rows = await db.auditEntry.findMany({ where: auditWhere(filter, cursor), orderBy: { id: 'desc' }, take: limit + 1 });
  const page = rows.slice(0, limit);
  return {
    entries: page.map(toAuditEntry),
    nextCursor: rows.length > limit ? page[page.length - 1]!.id.toString() : null,
  };
}
