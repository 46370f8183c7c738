/**
 * /waits — public waiting times, no sign-in: per gate and direction, the estimated wait
 * (p50–p90), trucks in line, lanes open and the far side's cap, from GET /v1/public/waits.
 * Refreshed as often as the feed allows (its max-age); a failed refresh keeps the last figures
 * and says since when they are.
 */
import { ROUTES } from '@borderflow/client';
import { useCallback, useEffect, useState } from 'react';
import { ZPriorityClassSchema, type PublicDirectionWait, type PublicWaitsResponse } from '@borderflow/contracts';
import { useApi } from '../auth/auth-context.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { Link } from '../router/router.tsx';
import { PublicSlots } from './public-slots.tsx';
import './public-waits.css';

const MIN_REFRESH_MS = 10_000;

function DirectionCard({ wait }: { wait: PublicDirectionWait }) {
  const { t, fmt } = useI18n();
  const { p50, p90 } = wait.waitMs;
  return (
    <article className="card wait-card" data-testid={`wait-${wait.direction}`}>
      <h3>{t(`dir.${wait.direction}`)}</h3>
      <p className="wait-estimate" data-testid={`wait-estimate-${wait.direction}`}>
        {p50 === null ? (
          <span className="muted">{t('waits.unknown')}</span>
        ) : (
          <>
            <span className="wait-big">{fmt.minutes(p50)}</span>
            {p90 !== null && p90 > p50 ? <span className="wait-upto">{t('waits.upTo', { time: fmt.minutes(p90) })}</span> : null}
          </>
        )}
      </p>
      <p className="muted wait-basis">{t(`waits.basis.${wait.basis}`)}</p>
      <h4>{t('waits.byClass')}</h4>
      <dl className="wait-facts" data-testid={`wait-classes-${wait.direction}`}>
        {ZPriorityClassSchema.options.map((cls) => {
          const w = wait.waitMinByClass[cls];
          return [
            <dt key={`${cls}-t`}>{t(`class.${cls}`)}</dt>,
            <dd key={`${cls}-d`}>
              {w.expectedMin === null
                ? t('waits.unknown')
                : `${fmt.minutes(w.expectedMin * 60_000)}${w.lowMin !== null && w.highMin !== null && w.highMin > w.lowMin ? ` (${fmt.minutes(w.lowMin * 60_000)}–${fmt.minutes(w.highMin * 60_000)})` : ''}`}
            </dd>,
          ];
        })}
      </dl>
      <dl className="wait-facts">
        <dt>{t('waits.queue')}</dt>
        <dd data-testid={`wait-queue-${wait.direction}`}>{t('unit.trucks', { count: fmt.number(wait.queueLength) })}</dd>
        <dt>{t('waits.called')}</dt>
        <dd>{fmt.number(wait.called)}</dd>
        <dt>{t('waits.held')}</dt>
        <dd>{fmt.number(wait.held)}</dd>
        <dt>{t('waits.exitQueue')}</dt>
        <dd>{fmt.number(wait.exitQueueLength)}</dd>
        <dt>{t('waits.lanes')}</dt>
        <dd>{t('waits.lanesOpen', { open: fmt.number(wait.lanesOpen), total: fmt.number(wait.lanesTotal) })}</dd>
        <dt>{t('waits.cap')}</dt>
        <dd>{wait.downstreamCapPerHour === null ? t('waits.noCap') : t('waits.perHour', { count: fmt.number(wait.downstreamCapPerHour) })}</dd>
      </dl>
    </article>
  );
}

export default function PublicWaitsPage() {
  const { t, tAny, fmt } = useI18n();
  const api = useApi();
  const [feed, setFeed] = useState<PublicWaitsResponse | null>(null);
  const [failed, setFailed] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setFeed(await api.call(ROUTES.publicWaits));
      setFailed(null);
    } catch (err) {
      setFailed(err instanceof Error ? err.message : String(err));
    }
  }, [api]);

  const every = Math.max(MIN_REFRESH_MS, (feed?.maxAgeSeconds ?? 0) * 1000);
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), every);
    return () => clearInterval(timer);
  }, [load, every]);

  return (
    <section className="page public-waits" data-testid="public-waits">
      <div className="page-head">
        <h1>{t('waits.title')}</h1>
        <Link to="/login">{t('waits.signIn')}</Link>
      </div>
      <p className="muted">{t('waits.explain')}</p>
      {failed ? (
        <p className="banner banner-warn" role="alert">
          {t('waits.failed')} {feed ? t('waits.lastGood', { time: fmt.time(feed.generatedAt) }) : ''} <span className="muted">({failed})</span>
        </p>
      ) : null}
      {!feed && !failed ? <p className="muted">{t('common.loading')}</p> : null}
      {feed?.gates.map((gate) => (
        <section key={gate.gate} className="wait-gate" aria-labelledby={`gate-${gate.gate}`}>
          <h2 id={`gate-${gate.gate}`}>{tAny(`app.gate.${gate.gate}`, undefined, gate.name)}</h2>
          <div className="wait-cards">
            {gate.directions.map((d) => <DirectionCard key={d.direction} wait={d} />)}
          </div>
          <PublicSlots gate={gate.gate} directions={gate.directions.map((d) => d.direction)} />
        </section>
      ))}
      {feed ? (
        <p className="muted" data-testid="waits-updated">
          {t('waits.updated', { time: fmt.time(feed.generatedAt), minutes: fmt.number(feed.historyWindowMinutes) })}
        </p>
      ) : null}
    </section>
  );
}
