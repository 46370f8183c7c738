/**
 * /manager/capacity-plan — the plan in force, a draft to try, and its effect before it is published
 * (issue 12, item 10). The draft (the plan in force to start with, as JSON, or scaled by a
 * percentage) runs as a simulation job for one day beside the plan in force, on the same seed:
 * per-hour lane utilisation, waits for the first call-up, and the bookings the draft would leave
 * over capacity. Publishing is a separate, deliberate step. The run id stays in the URL, so a
 * reload resumes.
 */
import { ROUTES } from '@borderflow/client';
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import type { CapacityPlan, CapacityPlanAnswer, PlanWhatIfStatus } from '@borderflow/contracts';
import { useApi } from '../../auth/auth-context.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useNotices } from '../../notices/notice-center.tsx';
import { useRouter, useSearchParams } from '../../router/router.tsx';
import { gateDate } from '../../booking/slot-model.ts';
import { GroupedBarChart } from '../charts/grouped-bar-chart.tsx';
import { TableScroll } from '../../shared/table-scroll.tsx';
import { draftIssue, scalePlan, whatIfRows } from './what-if-model.ts';
import { useRunPoll } from '../use-run-poll.ts';
import '../manager.css';

const GATE = 'KT';
const DRAFT_COLOUR = '#c2410c';
const PUBLISHED_COLOUR = '#0b3d91';

export default function CapacityPlanPage() {
  const { t, fmt } = useI18n();
  const api = useApi();
  const { notifyError, notify } = useNotices();
  const { navigate, location } = useRouter();
  const runId = useSearchParams().get('run');
  const [inForce, setInForce] = useState<CapacityPlanAnswer | null>(null);
  const [draftText, setDraftText] = useState('');
  const [scale, setScale] = useState('100');
  const [date, setDate] = useState(() => gateDate(Date.now(), 1));
  const [share, setShare] = useState('60');
  const [run, setRun] = useState<PlanWhatIfStatus | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useMemo(() => () => api.call(ROUTES.readCapacityPlan, { params: { gate: GATE } }).then((answer) => {
    setInForce(answer);
    setDraftText((text) => text || JSON.stringify(answer.plan, null, 2));
  }), [api]);
  useEffect(() => {
    load().catch(notifyError);
  }, [load, notifyError]);

  // Follow the run in the URL until it is done.
  const readRun = useCallback((id: string) => api.call(ROUTES.readPlanWhatIf, { params: { gate: GATE, id } }), [api]);
  useRunPoll(runId, readRun, setRun, notifyError);

  const parsed = useMemo(() => draftIssue(draftText), [draftText]);
  const draft: CapacityPlan | null = parsed.plan;

  const applyScale = () => {
    if (!draft) return;
    setDraftText(JSON.stringify(scalePlan(draft, Number(scale) / 100), null, 2));
  };

  const start = async (event: FormEvent) => {
    event.preventDefault();
    if (!draft) return;
    setBusy(true);
    try {
      const { id } = await api.call(ROUTES.startPlanWhatIf, { params: { gate: GATE }, body: { plan: draft, date, share: Number(share) / 100 } });
      setRun(null);
      navigate(`${location.pathname}?run=${id}`);
    } catch (err) {
      notifyError(err);
    } finally {
      setBusy(false);
    }
  };

  const publish = async () => {
    if (!draft) return;
    setBusy(true);
    try {
      const r = await api.call(ROUTES.publishCapacityPlan, { params: { gate: GATE }, body: draft });
      notify({ kind: 'success', title: t('capacityPlan.published', { version: r.version, notified: r.notified }) });
      await load();
    } catch (err) {
      notifyError(err);
    } finally {
      setBusy(false);
    }
  };

  const report = run?.status === 'done' ? run.report : null;
  const rows = report ? whatIfRows(report) : [];
  const value = (v: number | null, kind: string) =>
    v === null ? '—' : kind === 'minutes' ? fmt.number(v, { maximumFractionDigits: 1 }) : kind === 'ratio' ? fmt.percent(v) : fmt.number(v);
  const sides = report ? [
    { key: 'draft', label: t('capacityPlan.draft'), side: report.draft, colour: DRAFT_COLOUR },
    { key: 'published', label: t('capacityPlan.inForce', { version: report.publishedVersion }), side: report.published, colour: PUBLISHED_COLOUR },
  ] : [];
  const hourLabel = (h: number) => `${String(h).padStart(2, '0')}h`;
  const activeHours = report ? report.draft.perHour.filter((h, i) => h.slots > 0 || report.published.perHour[i]!.slots > 0).map((h) => h.hour) : [];

  return (
    <section className="page capacity-plan-page" data-testid="capacity-plan-page">
      <div className="page-head">
        <h1>{t('capacityPlan.title')}</h1>
      </div>
      <p className="muted">{t('capacityPlan.intro')}</p>
      {inForce ? (
        <p data-testid="plan-in-force" data-version={inForce.version}>{t('capacityPlan.inForceFacts', { version: inForce.version, walkIn: fmt.percent(inForce.plan.walkInShare) })}</p>
      ) : <p className="muted">{t('common.loading')}</p>}

      <form className="card sim-form plan-form" onSubmit={(e) => void start(e)}>
        <label className="field">
          <span>{t('capacityPlan.draftJson')}</span>
          <textarea value={draftText} onChange={(e) => setDraftText(e.target.value)} rows={10} spellCheck={false} className="plan-json"
            aria-invalid={parsed.issue ? true : undefined} aria-describedby="plan-draft-issue" data-testid="plan-draft" />
        </label>
        {parsed.issue ? (
          <p id="plan-draft-issue" className="banner banner-bad" role="alert" data-testid="plan-draft-issue">
            {parsed.issue.kind === 'json' ? t('capacityPlan.notJson') : t('capacityPlan.invalid', { field: parsed.issue.field, message: parsed.issue.message })}
          </p>
        ) : null}
        <div className="plan-scale">
          <label className="field">
            <span>{t('capacityPlan.scale')}</span>
            <input value={scale} inputMode="numeric" onChange={(e) => setScale(e.target.value.replace(/\D/g, ''))} data-testid="plan-scale" />
          </label>
          <button type="button" className="btn btn-secondary" onClick={applyScale} disabled={!draft || !scale} data-testid="plan-scale-apply">
            {t('capacityPlan.applyScale')}
          </button>
        </div>
        <div className="plan-scale">
          <label className="field">
            <span>{t('capacityPlan.date')}</span>
            <input type="date" value={date} onChange={(e) => e.target.value && setDate(e.target.value)} data-testid="plan-date" />
          </label>
          <label className="field">
            <span>{t('capacityPlan.share')}</span>
            <input value={share} inputMode="numeric" onChange={(e) => setShare(e.target.value.replace(/\D/g, ''))} data-testid="plan-share" />
          </label>
        </div>
        <div className="sim-actions">
          <button type="submit" className="btn btn-primary" disabled={busy || !draft || !share || run?.status === 'running'} data-testid="plan-run">
            {t('capacityPlan.run')}
          </button>
          <button type="button" className="btn" onClick={() => void publish()} disabled={busy || !draft || !report} data-testid="plan-publish"
            title={report ? undefined : t('capacityPlan.publishHint')}>
            {t('capacityPlan.publish')}
          </button>
        </div>
      </form>

      {run ? (
        <section className="card sim-run" aria-live="polite" data-testid="plan-status" data-status={run.status}>
          <h2>{t('capacityPlan.runTitle', { date: run.date })}</h2>
          <p>{t(`manager.sim.status.${run.status}`)}</p>
          <progress max={1} value={run.progress} aria-label={t('manager.sim.progress')} />
          <span>{fmt.percent(run.progress)}</span>
          {run.error ? <p className="banner banner-bad" role="alert">{run.error}</p> : null}
        </section>
      ) : null}

      {report ? (
        <>
          <section className="card report-table" data-testid="plan-compare">
            <h2>{t('capacityPlan.compare')}</h2>
            <TableScroll label={t('capacityPlan.compare')}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('manager.col.measure')}</th>
                    {sides.map((s) => <th key={s.key} scope="col" className="num">{s.label}</th>)}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <tr key={row.label} data-testid={`plan-row-${row.label}`}>
                      <th scope="row">{t(`capacityPlan.row.${row.label}`)}</th>
                      {row.values.map((v, i) => <td key={i} className="num">{value(v, row.kind)}</td>)}
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </section>
          <GroupedBarChart
            testId="plan-utilisation"
            title={t('capacityPlan.utilisationPerHour')}
            unit="%"
            categories={activeHours.map((h) => ({ key: String(h), label: hourLabel(h) }))}
            series={sides.map((s) => ({ key: s.key, label: s.label, color: s.colour }))}
            value={(hour, key) => {
              const u = sides.find((s) => s.key === key)?.side.perHour[Number(hour)]?.utilisation;
              return u === null || u === undefined ? null : Math.round(u * 100);
            }}
            format={(v) => `${fmt.number(v)} %`}
            empty={t('manager.chart.empty')}
          />
          <section className="card report-table" data-testid="plan-hours">
            <h2>{t('capacityPlan.perHour')}</h2>
            <TableScroll label={t('capacityPlan.perHour')}>
              <table>
                <thead>
                  <tr>
                    <th scope="col" rowSpan={2}>{t('booking.hour')}</th>
                    <th scope="colgroup" colSpan={2}>{t('capacityPlan.col.slots')}</th>
                    <th scope="colgroup" colSpan={2}>{t('capacityPlan.col.utilisation')}</th>
                    <th scope="colgroup" colSpan={2}>{t('capacityPlan.col.waitP90')}</th>
                  </tr>
                  <tr>
                    {[0, 1, 2].flatMap((g) => sides.map((s) => <th key={`${g}-${s.key}`} scope="col" className="num">{s.key === 'draft' ? t('capacityPlan.draft') : t('capacityPlan.published.short')}</th>))}
                  </tr>
                </thead>
                <tbody>
                  {activeHours.map((h) => {
                    const d = report.draft.perHour[h]!;
                    const p = report.published.perHour[h]!;
                    return (
                      <tr key={h}>
                        <th scope="row">{hourLabel(h)}</th>
                        <td className="num">{fmt.number(d.slots)}</td>
                        <td className="num">{fmt.number(p.slots)}</td>
                        <td className="num">{value(d.utilisation, 'ratio')}</td>
                        <td className="num">{value(p.utilisation, 'ratio')}</td>
                        <td className="num">{value(d.waitP90Min, 'minutes')}</td>
                        <td className="num">{value(p.waitP90Min, 'minutes')}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </TableScroll>
          </section>
        </>
      ) : null}
    </section>
  );
}
