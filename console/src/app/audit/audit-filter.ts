/**
 * The audit page's filter: what the manager picked, as the query of GET /v1/audit and
 * /v1/audit.csv (the same filter for both, so the file holds what the screen shows).
 */
import { rangeInstants, type DayRange } from '../manager/report-range.ts';

/** Query parameters of a URL (undefined and null ones are left out). */
export type Query = Record<string, string | number | boolean | null | undefined>;

/**
 * Actions the page offers as choices, grouped as issue 10 lists them. The log may hold others
 * (added later); they are still shown, under their raw name.
 */
export const AUDIT_ACTIONS = [
  'channel.set', 'channel.lower', 'hold.place', 'hold.release',
  'trip.cancel', 'trip.operator-cancel', 'trip.class-confirm', 'declaration.swap', 'no-show.waive',
  'vehicle.authorise', 'vehicle.dispute-resolve',
  'user.create', 'user.disable', 'user.enable', 'user.delete', 'user.role',
  'policy.change', 'lane.status',
  'auth.login-failed', 'auth.logout', 'audit.export',
] as const;

export interface AuditFilterForm {
  actions: string[];
  actor: string;
  targetType: string;
  targetId: string;
}

export const EMPTY_FILTER: AuditFilterForm = { actions: [], actor: '', targetType: '', targetId: '' };

/**
 * The query of a filter over a day range (gate days, +07:00); empty fields are left out.
 *
 * @example
 * auditQuery({ ...EMPTY_FILTER, actions: ['hold.release'] }, { from: '2025-06-01', to: '2025-06-01' });
 * // { action: 'hold.release', from: '2025-05-31T17:00:00.000Z', to: '2025-06-01T17:00:00.000Z' }
 */
export function auditQuery(filter: AuditFilterForm, range: DayRange, now: number = Date.now()): Query {
  const { from, to } = rangeInstants(range, now);
  const text = (v: string) => (v.trim() === '' ? undefined : v.trim());
  return {
    action: filter.actions.length ? filter.actions.join(',') : undefined,
    actor: text(filter.actor),
    targetType: text(filter.targetType),
    targetId: text(filter.targetId),
    from,
    to,
  };
}

/** `?a=1&b=2` of a query, for the CSV link. */
export function queryString(query: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}
