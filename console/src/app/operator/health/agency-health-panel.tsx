/**
 * How the agencies' adapters are doing (customs, quarantine, border guard, far side): shown on
 * the board only when something needs the operator (an adapter degraded or down), collapsed to
 * one line otherwise. Reads GET /v1/agencies/health every 20 s; a server without the endpoint
 * (404) or without adapters shows nothing.
 */
import { ROUTES } from '@borderflow/client';
import { useEffect, useState } from 'react';
import { type AgencyHealthResponse } from '@borderflow/contracts';
import { useApi } from '../../auth/auth-context.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { isApiError } from '../../api/api-error.ts';
import { ColumnHeads } from '../../shared/column-heads.tsx';

const POLL_MS = 20_000;

type HealthState = { kind: 'loading' } | { kind: 'absent' } | { kind: 'failed'; message: string } | { kind: 'ok'; health: AgencyHealthResponse };

export function useAgencyHealth(): HealthState {
  const api = useApi();
  const [state, setState] = useState<HealthState>({ kind: 'loading' });
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const poll = async () => {
      try {
        const health = await api.call(ROUTES.agencyHealth);
        if (!stopped) setState({ kind: 'ok', health });
      } catch (err) {
        if (stopped) return;
        if (isApiError(err) && err.code === 'NOT_FOUND') {
          setState({ kind: 'absent' });
          return; // this server has no agency adapters: stop asking
        }
        setState({ kind: 'failed', message: isApiError(err) ? err.message : String(err) });
      }
      if (!stopped) timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [api]);
  return state;
}

export function AgencyHealthPanel() {
  const { t, fmt } = useI18n();
  const state = useAgencyHealth();
  const [open, setOpen] = useState(false);
  if (state.kind === 'loading' || state.kind === 'absent') return null;
  if (state.kind === 'failed') {
    return (
      <p className="banner banner-warn" data-testid="agency-health">
        {t('health.failed')}: {state.message}
      </p>
    );
  }
  const { health } = state;
  // Nothing configured: nothing for the operator to watch.
  if (health.adapters.length === 0) return null;
  const expanded = open || health.status !== 'ok';
  return (
    <section className={`card agency-health agency-health-${health.status}`} data-testid="agency-health" aria-labelledby="health-title">
      <div className="section-head">
        <h2 id="health-title">
          {t('health.title')}: <span className={`health-status health-${health.status}`}>{t(`health.status.${health.status}`)}</span>
        </h2>
        {health.status === 'ok' ? (
          <button type="button" className="btn btn-small btn-secondary" aria-expanded={expanded} onClick={() => setOpen((v) => !v)}>
            {expanded ? t('health.hide') : t('health.show')}
          </button>
        ) : null}
      </div>
      {expanded ? (
        <table className="table health-table">
          <ColumnHeads keys={['health.col.agency', 'health.col.status', 'health.col.backlog', 'health.col.deadLetters', 'health.col.lastSuccess', 'health.col.lastError']} />
          <tbody>
            {health.adapters.map((a) => (
              <tr key={a.adapter} data-status={a.status}>
                <th scope="row">
                  {t(`agency.${a.agency}`)} <span className="muted">({a.adapter})</span>
                </th>
                <td>
                  <span className={`health-status health-${a.status}`}>{t(`health.status.${a.status}`)}</span>
                  {a.breaker.state !== 'closed' ? <span className="muted"> · {t(`health.breaker.${a.breaker.state}`)}</span> : null}
                </td>
                <td>
                  {fmt.number(a.backlog)}
                  {a.oldestPendingMs !== null ? <span className="muted"> · {fmt.minutes(a.oldestPendingMs)}</span> : null}
                </td>
                <td>{fmt.number(a.deadLetters)}</td>
                <td>{a.lastSuccessAt ? fmt.dateTime(a.lastSuccessAt) : '—'}</td>
                <td className="health-error">{a.lastError ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
