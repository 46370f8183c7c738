/** /driver — the driver's trips, newest first, each linking to its status and pass. */
import { ROUTES } from '@borderflow/client';
import { useEffect, useState } from 'react';
import { type Trip } from '@borderflow/contracts';
import { useApi } from '../auth/auth-context.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useNotices } from '../notices/notice-center.tsx';
import { Link } from '../router/router.tsx';
import { formatPlate } from '../shared/plate-format.ts';
import './driver.css';

export default function MyTripsPage() {
  const { t, fmt } = useI18n();
  const api = useApi();
  const { notifyError } = useNotices();
  const [trips, setTrips] = useState<Trip[] | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    api
      .call(ROUTES.listTrips, { signal: controller.signal })
      .then((r) => setTrips(r.trips))
      .catch((err: unknown) => {
        if ((err as { name?: string }).name !== 'AbortError') notifyError(err);
      });
    return () => controller.abort();
  }, [api, notifyError]);

  return (
    <section className="page driver-page" data-testid="my-trips">
      <div className="page-head">
        <h1>{t('driver.trips.title')}</h1>
        <Link to="/driver/register" className="btn btn-primary" data-testid="new-trip">{t('driver.trips.new')}</Link>
        <Link to="/driver/book" className="btn" data-testid="book-slot">{t('booking.link')}</Link>
      </div>
      {trips === null ? <p className="muted">{t('common.loading')}</p> : null}
      {trips?.length === 0 ? <p className="muted">{t('driver.trips.none')}</p> : null}
      <ul className="trip-list">
        {trips?.map((trip) => (
          <li key={trip.id}>
            <Link to={`/driver/trips/${trip.id}`} className="card trip-item" data-testid="trip-item">
              <span className="trip-item-head">
                <strong>{formatPlate(trip.vehicle.plate)}</strong>
                <span className={`badge trip-badge trip-state-${trip.state}`}>{t(`tripState.${trip.state}`)}</span>
              </span>
              <span>{t(`dir.${trip.direction}`)} · {t(`class.${trip.priorityClass}`)}</span>
              <span className="muted">
                {t('driver.trips.arrival', { time: fmt.dateTime(trip.expectedArrival) })}
                {trip.live?.position ? ` · ${t('driver.trips.position', { n: trip.live.position })}` : ''}
                {trip.live?.laneId ? ` · ${trip.live.laneId}` : ''}
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
