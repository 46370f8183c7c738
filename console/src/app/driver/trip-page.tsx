/**
 * /driver/trips/:tripId — everything a driver needs on the road, phone first: the call-up
 * banner, live status (position, ETA with its range, stage, lane), the QR pass, the trip's
 * details, corrections (until arrival) and their history.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n-context.tsx';
import { Link, useSearchParams } from '../router/router.tsx';
import { useLiveTrip } from '../live/use-live-trip.ts';
import { ConnectionBadge } from '../live/connection-badge.tsx';
import { useNow } from '../live/use-now.ts';
import { CallUpBanner, LaneSign, laneLabel } from './call-up-banner.tsx';
import { notificationsAllowed } from './call-up-alert.ts';
import { QrPass } from './qr-pass.tsx';
import { RevisionHistory } from './revision-history.tsx';
import { TripDetails } from './trip-details.tsx';
import { driverStatus } from './trip-status.ts';
import { useTrip } from './use-trip.ts';
import { formatPlate } from '../shared/plate-format.ts';
import { CancelTripPanel } from '../journey/cancel-trip-panel.tsx';
import { TripEndScreen } from '../journey/trip-end-screen.tsx';
import { driverMayTryCancel, isEnded } from '../journey/journey-links.ts';
import { subscribeToPush } from './web-push.ts';
import { useApi } from '../auth/auth-context.tsx';
import type { Weighing } from '@borderflow/contracts';
import { errorText } from '../shared/error-words.ts';
import './driver.css';

/** The weighbridge's word on the truck: why it is held when it was over the limit. */
function WeighingNote({ weighing }: { weighing: Weighing }) {
  const { t, fmt } = useI18n();
  const kg = (n: number) => t('driver.weighing.kg', { kg: fmt.number(n) });
  const values = { gross: kg(weighing.grossKg), limit: kg(weighing.limitKg), axles: fmt.number(weighing.axles) };
  return weighing.holdOpen ? (
    <p className="banner banner-bad" role="status" data-testid="trip-weighing">{t('driver.weighing.over', values)}</p>
  ) : (
    <p className="muted" data-testid="trip-weighing">{t('driver.weighing.ok', values)}</p>
  );
}

function NotificationPrompt() {
  const { t, locale } = useI18n();
  const api = useApi();
  const [permission, setPermission] = useState(() => (typeof Notification === 'undefined' ? 'unsupported' : Notification.permission));
  // Allowed: also subscribe to Web Push, so a call-up reaches the phone with the page closed.
  useEffect(() => {
    if (permission === 'granted') void subscribeToPush(api, locale);
  }, [permission, api, locale]);
  if (permission !== 'default') return null;
  return (
    <p className="banner banner-info notify-prompt no-print">
      {t('driver.status.notifyWhy')}{' '}
      <button type="button" className="btn btn-small" onClick={() => void Notification.requestPermission().then(setPermission)}>
        {t('driver.status.notifyAllow')}
      </button>
    </p>
  );
}

export default function TripPage({ tripId }: { tripId: string }) {
  const { t, tAny, fmt, locale } = useI18n();
  const api = useApi();
  const { trip, error, reload } = useTrip(tripId);
  // Allowed before (another visit): make sure this browser's Web Push subscription is on the server.
  useEffect(() => {
    if (notificationsAllowed()) void subscribeToPush(api, locale);
  }, [api, locale]);
  const { data: live, connection, clockOffsetMs } = useLiveTrip(tripId);
  const now = useNow() + clockOffsetMs;
  const search = useSearchParams();
  const isNew = search.get('new') === '1';
  const saved = search.get('saved') === '1';

  // The REST view (state, stages, revisions) follows the trip's own events.
  const lastEventSeq = live?.lastEvent?.seq;
  useEffect(() => {
    if (lastEventSeq !== undefined) reload();
  }, [lastEventSeq, reload]);

  // ETAs are relative to the snapshot that carried them: count down from when it came.
  const etaAt = useRef({ eta: null as unknown, at: Date.now() });
  if (etaAt.current.eta !== live?.eta) etaAt.current = { eta: live?.eta ?? null, at: Date.now() };
  const status = useMemo(() => (trip ? driverStatus(trip, live) : null), [trip, live]);

  if (error) {
    return (
      <section className="page driver-page">
        <p className="banner banner-bad" role="alert">{errorText({ code: (error as { code?: string }).code ?? 'INTERNAL', message: error.message }, tAny)}</p>
        <Link to="/driver">{t('driver.trips.back')}</Link>
      </section>
    );
  }
  if (!trip || !status) return <p className="page muted">{t('common.loading')}</p>;

  const elapsed = Math.max(0, Date.now() - etaAt.current.at);
  const eta = status.eta ? { expected: Math.max(0, status.eta.expectedMs - elapsed), low: Math.max(0, status.eta.lowMs - elapsed), high: Math.max(0, status.eta.highMs - elapsed) } : null;
  const live_ = ['queued', 'called', 'at_lane', 'inspecting', 'held', 'exit_queue'].includes(status.state);

  return (
    <section className="page driver-page trip-page" data-testid="trip-page" data-state={status.state}>
      <div className="page-head no-print">
        <h1>{formatPlate(trip.vehicle.plate)}</h1>
        <ConnectionBadge state={connection} />
      </div>
      {isNew && status.state === 'registered' ? (
        <p className="banner banner-info no-print" role="status" data-testid="registered-banner">{t('driver.register.done')}</p>
      ) : null}
      {saved && status.state === 'registered' ? (
        <p className="banner banner-info no-print" role="status" data-testid="saved-banner">{t('driver.correct.done')}</p>
      ) : null}
      <CallUpBanner status={status} now={now} />
      {!notificationsAllowed() && !isEnded(status.state) ? <NotificationPrompt /> : null}

      <section className="card status-card no-print" aria-labelledby="status-title" data-testid="trip-status">
        <h2 id="status-title">{t('driver.status.title')}</h2>
        {trip.weighing ? <WeighingNote weighing={trip.weighing} /> : null}
        <p className={`trip-state trip-state-${status.state}`} data-testid="trip-state">{t(`tripState.${status.state}`)}</p>
        <dl className="status-facts">
          {status.stage && live_ ? (
            <>
              <dt>{t('driver.status.stage')}</dt>
              <dd data-testid="trip-stage">{t(`stage.${status.stage}`)} ({t('driver.status.stageOf', { n: status.stageNumber, count: status.stageCount })})</dd>
            </>
          ) : null}
          {status.position !== null ? (
            <>
              <dt>{t('driver.status.position')}</dt>
              <dd data-testid="trip-position">{fmt.number(status.position)}</dd>
            </>
          ) : null}
          {eta ? (
            <>
              <dt>{t('driver.status.eta')}</dt>
              {/* The range in ms as well as in words: a test reads how it moved, in any language. */}
              <dd data-testid="trip-eta" data-expected-ms={Math.round(eta.expected)} data-low-ms={Math.round(eta.low)} data-high-ms={Math.round(eta.high)}>
                {eta.expected < 60_000
                  ? t('driver.status.etaSoon', { high: fmt.minutes(Math.max(eta.high, 60_000)) })
                  : t('driver.status.etaValue', { time: fmt.minutes(eta.expected), low: fmt.minutes(eta.low), high: fmt.minutes(eta.high) })}
                <br />
                <span className="muted">{t('driver.status.etaClock', { clock: fmt.time(now + eta.expected) })}</span>
              </dd>
            </>
          ) : null}
          {status.laneId ? (
            <>
              <dt>{t('driver.status.lane')}</dt>
              <dd data-testid="trip-lane">{laneLabel(status, locale)} <LaneSign status={status} locale={locale} /></dd>
            </>
          ) : null}
          {status.state === 'registered' ? (
            <>
              <dt>{t('driver.status.next')}</dt>
              <dd>{t('driver.status.registeredNext')}</dd>
            </>
          ) : null}
        </dl>
      </section>

      {/* An ended trip's pass must never be shown: a screenshot of it would still look valid. */}
      {isEnded(status.state) ? <TripEndScreen state={status.state} /> : <QrPass trip={trip} />}

      <div className="trip-actions no-print">
        {trip.state === 'registered' ? (
          <Link to={`/driver/trips/${trip.id}/correct`} className="btn" data-testid="correct-trip">{t('driver.correct.open')}</Link>
        ) : !isEnded(status.state) ? (
          <p className="muted">{t('driver.correct.locked')}</p>
        ) : null}
        <Link to="/driver">{t('driver.trips.back')}</Link>
      </div>
      {driverMayTryCancel(status.state) ? <CancelTripPanel trip={trip} onCancelled={reload} /> : null}
      <TripDetails trip={trip} />
      <RevisionHistory tripId={trip.id} version={trip.revisions} />
    </section>
  );
}
