/**
 * /manager/simulations — pick a scenario (and up to four policies to compare on the same seed),
 * run it on the platform's simulator, follow its progress, then read the key figures here and
 * open or download the full HTML report. The run id stays in the URL, so a reload resumes.
 */
import { ROUTES } from '@borderflow/client';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { simWording, type SimCatalog, type SimRunStatus } from '@borderflow/contracts';
import { useApi } from '../../auth/auth-context.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useNotices } from '../../notices/notice-center.tsx';
import { useRouter, useSearchParams } from '../../router/router.tsx';
import { GroupedBarChart } from '../charts/grouped-bar-chart.tsx';
import { bestIndex, simSummary } from './sim-summary.ts';
import { useRunPoll } from '../use-run-poll.ts';
import '../manager.css';
import { TableScroll } from '../../shared/table-scroll.tsx';

const SERIES_COLOURS = ['#0b3d91', '#c2410c', '#0f766e', '#6d28d9'];

export default function SimulationsPage() {
  const { t, fmt, locale } = useI18n();
  const api = useApi();
  const { notifyError } = useNotices();
  const { navigate, location } = useRouter();
  const runId = useSearchParams().get('run');
  const [catalog, setCatalog] = useState<SimCatalog | null>(null);
  const [scenario, setScenario] = useState('');
  const [policies, setPolicies] = useState<string[]>([]);
  const [seed, setSeed] = useState('');
  const [run, setRun] = useState<SimRunStatus | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.call(ROUTES.simulationCatalog)
      .then((c) => {
        setCatalog(c);
        setScenario((s) => s || c.scenarios[0]?.id || '');
      })
      .catch(notifyError);
  }, [api, notifyError]);

  // Follow the run in the URL until it is done.
  const readRun = useCallback((id: string) => api.call(ROUTES.readSimulation, { params: { id } }), [api]);
  useRunPoll(runId, readRun, setRun, notifyError);

  const start = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const body = { scenario, ...(policies.length ? { policies } : {}), ...(seed.trim() ? { seed: Number(seed) } : {}) };
      const { id } = await api.call(ROUTES.startSimulation, { body });
      setRun(null);
      navigate(`${location.pathname}?run=${id}`);
    } catch (err) {
      notifyError(err);
    } finally {
      setBusy(false);
    }
  };

  /** The HTML report needs the session's token: fetched, then shown from a blob. */
  const report = useCallback(async (download: boolean) => {
    if (!run) return;
    try {
      const html = await api.text(ROUTES.simulationReport, { params: { id: run.id } });
      const url = URL.createObjectURL(new Blob([html], { type: 'text/html;charset=utf-8' }));
      if (download) {
        const a = document.createElement('a');
        a.href = url;
        a.download = `borderflow-simulation-${run.scenario}-${run.seed}.html`;
        a.click();
      } else {
        window.open(url, '_blank', 'noopener');
      }
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (err) {
      notifyError(err);
    }
  }, [api, run, notifyError]);

  const chosen = catalog?.scenarios.find((s) => s.id === scenario);
  const done = run?.status === 'done' && run.report ? run.report : null;
  const rows = done ? simSummary(done) : [];
  const value = (v: number | null, kind: string) =>
    v === null ? '—' : kind === 'minutes' ? fmt.number(v, { maximumFractionDigits: 1 }) : kind === 'ratio' ? fmt.percent(v) : fmt.number(v);

  return (
    <section className="page simulations-page" data-testid="simulations-page">
      <div className="page-head">
        <h1>{t('manager.sim.title')}</h1>
      </div>
      <p className="muted">{t('manager.sim.intro')}</p>
      <form className="card sim-form" onSubmit={(e) => void start(e)}>
        <label className="field">
          <span>{t('manager.sim.scenario')}</span>
          <select value={scenario} onChange={(e) => setScenario(e.target.value)} data-testid="sim-scenario">
            {catalog?.scenarios.map((s) => (
              <option key={s.id} value={s.id}>{simWording(s, locale).title}</option>
            ))}
          </select>
        </label>
        {chosen ? (
          <p className="muted" data-testid="sim-scenario-info">
            {simWording(chosen, locale).description} · {t('manager.sim.scenarioFacts', { trucks: fmt.number(chosen.trucksPerDay), hours: fmt.number(chosen.durationHours) })}
          </p>
        ) : null}
        <fieldset className="sim-policies">
          <legend>{t('manager.sim.policies')}</legend>
          {catalog?.policies.map((p) => (
            <label key={p.id} className="check" title={simWording(p, locale).description}>
              <input type="checkbox" checked={policies.includes(p.id)} disabled={!policies.includes(p.id) && policies.length >= 4}
                onChange={(e) => setPolicies((list) => (e.target.checked ? [...list, p.id] : list.filter((x) => x !== p.id)))} />
              {simWording(p, locale).title}
            </label>
          ))}
          <small className="muted">{t('manager.sim.policiesHint', { policy: chosen?.policy ?? '—' })}</small>
        </fieldset>
        <label className="field sim-seed">
          <span>{t('manager.sim.seed')}</span>
          <input value={seed} inputMode="numeric" onChange={(e) => setSeed(e.target.value.replace(/\D/g, ''))} placeholder={t('manager.sim.seedRandom')} />
        </label>
        <button type="submit" className="btn btn-primary" disabled={busy || !scenario || run?.status === 'running'} data-testid="sim-run">
          {t('manager.sim.run')}
        </button>
      </form>

      {run ? (
        <section className="card sim-run" aria-live="polite" data-testid="sim-status" data-status={run.status}>
          <h2>{t('manager.sim.runTitle', { scenario: run.scenario, seed: run.seed })}</h2>
          <p>{t(`manager.sim.status.${run.status}`)} · {run.policies.join(', ')}</p>
          <progress max={1} value={run.progress} aria-label={t('manager.sim.progress')} />
          <span>{fmt.percent(run.progress)}</span>
          {run.error ? <p className="banner banner-bad" role="alert">{run.error}</p> : null}
          {done ? (
            <div className="sim-actions">
              <button type="button" className="btn" onClick={() => void report(false)} data-testid="sim-open-report">{t('manager.sim.openReport')}</button>
              <button type="button" className="btn btn-secondary" onClick={() => void report(true)}>{t('manager.sim.downloadReport')}</button>
            </div>
          ) : null}
        </section>
      ) : null}

      {done ? (
        <>
          <section className="card report-table" data-testid="sim-summary">
            <h2>{t('manager.sim.summary')}</h2>
            <TableScroll label={t('manager.sim.summary')}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('manager.col.measure')}</th>
                    {done.runs.map((r) => <th key={r.policy.id} scope="col" className="num">{simWording(r.policy, locale).title}</th>)}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => {
                    const best = bestIndex(row);
                    return (
                      <tr key={row.label}>
                        <th scope="row">{t(row.label)}</th>
                        {row.values.map((v, i) => (
                          <td key={i} className={`num${best === i ? ' sim-best' : ''}`}>{value(v, row.kind)}</td>
                        ))}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </TableScroll>
          </section>
          <GroupedBarChart
            testId="sim-throughput"
            title={t('manager.sim.crossedPerHour')}
            unit={t('manager.unit.trucks')}
            categories={(done.runs[0]?.throughputPerHour ?? []).map((h) => ({ key: String(h.hour), label: `${String(h.hour % 24).padStart(2, '0')}h` }))}
            series={done.runs.map((r, i) => ({ key: r.policy.id, label: simWording(r.policy, locale).title, color: SERIES_COLOURS[i % SERIES_COLOURS.length]! }))}
            value={(hour, policy) => done.runs.find((r) => r.policy.id === policy)?.throughputPerHour.find((h) => String(h.hour) === hour)?.crossed ?? null}
            format={(v) => fmt.number(v)}
            empty={t('manager.chart.empty')}
          />
        </>
      ) : null}
    </section>
  );
}
