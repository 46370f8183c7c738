/** The audit log and its export. Route contracts (see define-route.ts); who may call each is the api's permission table. */
import { defineRoute } from './define-route.ts';
import { ZAuditCsvQuerySchema, ZAuditPageSchema, ZAuditQuerySchema } from '../audit.ts';

export const AUDIT_ROUTES = {
  listAudit: defineRoute({
    method: 'get',
    path: '/v1/audit',
    summary: 'Audit log entries, newest first (filters: action, actor, targetType, targetId, gate, from, to; cursor paging)',
    tag: 'audit',
    query: ZAuditQuerySchema,
    response: ZAuditPageSchema,
  }),
  exportAuditCsv: defineRoute({
    method: 'get',
    path: '/v1/audit.csv',
    produces: ['text/csv'],
    summary: 'The audit log entries of a filter as CSV (UTF-8 with BOM, times +07:00, formula cells defused)',
    tag: 'audit',
    query: ZAuditCsvQuerySchema,
    response: null,
  }),
};
