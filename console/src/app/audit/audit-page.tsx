/**
 * /manager/audit — the append-only audit log for managers and admins: filter by action, actor,
 * target and day range (gate days), read newest first page by page, and export the same filter
 * as CSV (made by the server: BOM, +07:00 times, formula cells defused).
 */
import { ROUTES } from '@borderflow/client';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { type AuditEntry } from '@borderflow/contracts';
import { useApi } from '../auth/auth-context.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useNotices } from '../notices/notice-center.tsx';
import { DateRangePicker, useDayRange } from '../manager/date-range-picker.tsx';
import { downloadCsv } from '../manager/charts/csv.ts';
import { AUDIT_ACTIONS, auditQuery, EMPTY_FILTER, type AuditFilterForm } from './audit-filter.ts';
import '../manager/manager.css';
import './audit.css';
import { TableScroll } from '../shared/table-scroll.tsx';
import { ColumnHeads } from '../shared/column-heads.tsx';

const PAGE_SIZE = 100;
/** Long JSON details are cut on screen; the CSV keeps them whole. */
const DETAIL_CHARS = 160;

export default function AuditPage() {
  const { t, tAny, fmt } = useI18n();
  const api = useApi();
  const { notifyError } = useNotices();
  const [range, setRange] = useDayRange();
  const [draft, setDraft] = useState<AuditFilterForm>(EMPTY_FILTER);
  const [filter, setFilter] = useState<AuditFilterForm>(EMPTY_FILTER);
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(
    async (after: string | null) => {
      setLoading(true);
      try {
        const query = { ...auditQuery(filter, range), limit: PAGE_SIZE, ...(after ? { cursor: after } : {}) };
        const page = await api.call(ROUTES.listAudit, { query });
        setEntries((list) => (after ? [...list, ...page.entries] : page.entries));
        setCursor(page.nextCursor);
      } catch (err) {
        notifyError(err);
      } finally {
        setLoading(false);
      }
    },
    [api, filter, range.from, range.to, notifyError],
  );

  useEffect(() => {
    void load(null);
  }, [load]);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilter(draft);
  };

  const exportCsv = async () => {
    try {
      // The answer is not JSON, so the client hands back its text (the BOM is added again on saving).
      const text = await api.text(ROUTES.exportAuditCsv, { query: auditQuery(filter, range) });
      downloadCsv(`borderflow-audit-${range.from}_${range.to}.csv`, text);
    } catch (err) {
      notifyError(err);
    }
  };

  const actionLabel = (action: string) => tAny(`audit.action.${action}`, undefined, action);

  return (
    <section className="page audit-page" data-testid="audit-page">
      <div className="page-head">
        <h1>{t('audit.title')}</h1>
        <DateRangePicker range={range} onChange={setRange} />
        <button type="button" className="btn btn-primary" data-testid="audit-export" onClick={() => void exportCsv()}>
          {t('audit.export')}
        </button>
      </div>
      <p className="muted">{t('audit.intro')}</p>
      <form className="card audit-filter" onSubmit={apply} data-testid="audit-filter">
        <fieldset className="audit-actions">
          <legend>{t('audit.filter.actions')}</legend>
          {AUDIT_ACTIONS.map((action) => (
            <label key={action} className="check">
              <input type="checkbox" value={action} checked={draft.actions.includes(action)} data-testid={`audit-action-${action}`}
                onChange={(e) => setDraft((d) => ({ ...d, actions: e.target.checked ? [...d.actions, action] : d.actions.filter((a) => a !== action) }))} />
              {actionLabel(action)}
            </label>
          ))}
          <small className="muted">{t('audit.filter.actionsHint')}</small>
        </fieldset>
        <label className="field">
          <span>{t('audit.filter.actor')}</span>
          <input value={draft.actor} maxLength={128} data-testid="audit-actor" onChange={(e) => setDraft((d) => ({ ...d, actor: e.target.value }))} />
        </label>
        <label className="field">
          <span>{t('audit.filter.targetType')}</span>
          <input value={draft.targetType} maxLength={32} placeholder="trip, lane, user, policy…"
            onChange={(e) => setDraft((d) => ({ ...d, targetType: e.target.value }))} />
        </label>
        <label className="field">
          <span>{t('audit.filter.targetId')}</span>
          <input value={draft.targetId} maxLength={128} onChange={(e) => setDraft((d) => ({ ...d, targetId: e.target.value }))} />
        </label>
        <div className="audit-buttons">
          <button type="submit" className="btn btn-primary" data-testid="audit-apply">{t('audit.filter.apply')}</button>
          <button type="button" className="btn" onClick={() => { setDraft(EMPTY_FILTER); setFilter(EMPTY_FILTER); }}>
            {t('audit.filter.clear')}
          </button>
        </div>
      </form>
      <section className="card audit-results">
        <p className="muted" data-testid="audit-count">{t('audit.count', { count: fmt.number(entries.length) })}{cursor ? '+' : ''}</p>
        <TableScroll className="audit-table" label={t('audit.title')}>
          <table>
            <ColumnHeads keys={['audit.col.at', 'audit.col.action', 'audit.col.actor', 'audit.col.target', 'audit.col.gate', 'audit.col.reason', 'audit.col.detail']} />
            <tbody>
              {entries.length === 0 && !loading ? (
                <tr><td colSpan={7} className="muted">{t('audit.empty')}</td></tr>
              ) : (
                entries.map((e) => (
                  <tr key={e.id} data-testid="audit-row">
                    <td title={e.at}>{fmt.dateTime(Date.parse(e.at), { dateStyle: 'short', timeStyle: 'medium' })}</td>
                    <td title={e.action}>{actionLabel(e.action)}</td>
                    <td>{e.actorName}{e.actorRole ? <small className="muted"> · {tAny(`role.${e.actorRole}`, undefined, e.actorRole)}</small> : null}</td>
                    <td>{e.targetType ? `${e.targetType} ${e.targetId ?? ''}` : '—'}</td>
                    <td>{e.gateCode ?? '—'}</td>
                    <td>{e.reason ?? '—'}</td>
                    <td className="audit-detail">{detailText(e.detail)}</td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </TableScroll>
        {cursor ? (
          <button type="button" className="btn" disabled={loading} data-testid="audit-more" onClick={() => void load(cursor)}>
            {t('audit.more')}
          </button>
        ) : null}
      </section>
    </section>
  );
}

function detailText(detail: unknown): string {
  if (detail === null || detail === undefined) return '—';
  const text = JSON.stringify(detail);
  return text.length > DETAIL_CHARS ? `${text.slice(0, DETAIL_CHARS)}…` : text;
}
