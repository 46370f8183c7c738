/**
 * /v1/audit — managers and admins read the append-only audit log: filtered,
 * newest first, paged by cursor; /v1/audit.csv exports the same filter as a file.
 */
import { ROUTES, type AuditEntry } from '@borderflow/contracts';
import type { ApiRouter } from '../http/api-router.ts';
import type { ApiContext } from '../context.ts';
import { AppError } from '../app-error.ts';
import { readAuditPage } from '../audit/audit-query.ts';
import { auditCsv } from '../audit/audit-csv.ts';
import { clientIp, recordAudit } from '../audit/audit-log.ts';
import { principalOf } from '../auth/require-auth.ts';
import { REFUSALS } from '../http/refusal-words.ts';

const DEFAULT_PAGE = 100;
/** Rows read per query while building an export. */
const EXPORT_PAGE = 1000;
/** Largest export in rows: beyond it the file says so and the manager narrows the filter. */
export const AUDIT_EXPORT_MAX = 50_000;

function checkWindow(from: string | undefined, to: string | undefined): void {
  if (from && to && Date.parse(from) >= Date.parse(to)) throw AppError.worded('VALIDATION_FAILED', REFUSALS.fromBeforeTo, 'from');
}

export function auditRoutes(api: ApiRouter, ctx: ApiContext): void {
  api.route(ROUTES.listAudit, {
    permission: 'audit.read',
    handler: async ({ query }) => {
      const { limit, cursor, ...filter } = query;
      checkWindow(filter.from, filter.to);
      return readAuditPage(ctx.db, filter, limit ?? DEFAULT_PAGE, cursor);
    },
  });

  api.route(ROUTES.exportAuditCsv, {
    permission: 'audit.read',
    handler: async ({ query, req, res }) => {
      checkWindow(query.from, query.to);
      const entries: AuditEntry[] = [];
      let cursor: string | undefined;
      do {
        const page = await readAuditPage(ctx.db, query, EXPORT_PAGE, cursor);
        entries.push(...page.entries);
        cursor = page.nextCursor ?? undefined;
      } while (cursor && entries.length < AUDIT_EXPORT_MAX);
      const truncated = cursor !== undefined;
      // A bulk export of names and addresses is itself a privileged act: who took which slice, and when.
      await recordAudit(ctx.db, {
        action: 'audit.export',
        actor: principalOf(req),
        targetType: 'audit',
        detail: { filter: query, rows: Math.min(entries.length, AUDIT_EXPORT_MAX), truncated },
        ip: clientIp(req),
      });
      res.setHeader('Content-Disposition', 'attachment; filename="borderflow-audit.csv"');
      // A cut export must not pass for a complete one.
      res.setHeader('X-Audit-Truncated', truncated ? 'true' : 'false');
      res.type('text/csv; charset=utf-8').send(auditCsv(entries.slice(0, AUDIT_EXPORT_MAX)));
      return undefined;
    },
  });
}
