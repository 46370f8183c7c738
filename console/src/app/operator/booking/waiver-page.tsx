/**
 * /operator/booking-waivers — an operator looks up a driver's booking suspension (no-shows, until
 * when) and lifts it with a reason; and finds a truck's open trips by plate to cancel one (and its
 * booking, whose slot is freed at once) with a reason. The server audits both.
 */
import { ROUTES } from '@borderflow/client';
import { useState, type FormEvent } from 'react';
import {
  type BookingSuspension, ACTIVE_TRIP_STATES, type Trip,
} from '@borderflow/contracts';
import { formatPlate } from '../../shared/plate-format.ts';
import { useApi } from '../../auth/auth-context.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useNotices } from '../../notices/notice-center.tsx';
import '../../booking/booking.css';

export default function WaiverPage() {
  const { t, fmt } = useI18n();
  const api = useApi();
  const { notify, notifyError } = useNotices();
  const [driverId, setDriverId] = useState('');
  const [seen, setSeen] = useState<BookingSuspension | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [plate, setPlate] = useState('');
  const [found, setFound] = useState<Trip[] | null>(null);
  const [cancelReason, setCancelReason] = useState('');

  async function findTrips(e: FormEvent) {
    e.preventDefault();
    try {
      const r = await api.call(ROUTES.listTrips, { query: { plate: plate.trim(), state: ACTIVE_TRIP_STATES.join(',') } });
      setFound(r.trips);
    } catch (err) {
      notifyError(err);
    }
  }
  async function cancelTrip(trip: Trip) {
    setBusy(true);
    try {
      await api.call(ROUTES.cancelTrip, { params: { tripId: trip.id }, body: { reason: cancelReason.trim() } });
      setFound((list) => list?.filter((x) => x.id !== trip.id) ?? null);
      setCancelReason('');
      notify({ kind: 'success', title: t('opCancel.done', { plate: formatPlate(trip.vehicle.plate) }) });
    } catch (err) {
      notifyError(err);
    } finally {
      setBusy(false);
    }
  }

  async function look(e: FormEvent) {
    e.preventDefault();
    setSeen(null);
    try {
      setSeen(await api.call(ROUTES.bookingSuspension, { params: { driverId: driverId.trim() } }));
    } catch (err) {
      notifyError(err);
    }
  }
  async function waive(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      setSeen(await api.call(ROUTES.waiveSuspension, { body: { driverId: driverId.trim(), reason: reason.trim() } }));
      setReason('');
      notify({ kind: 'success', title: t('waiver.done') });
    } catch (err) {
      notifyError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="page" data-testid="waiver-page">
      <h1>{t('waiver.title')}</h1>
      <form className="booking-pickers" onSubmit={(e) => void look(e)}>
        <label>
          {t('waiver.driverId')}
          <input value={driverId} maxLength={64} onChange={(e) => setDriverId(e.target.value)} data-testid="waiver-driver" />
        </label>
        <button type="submit" className="btn" disabled={!driverId.trim()} data-testid="waiver-look">{t('waiver.look')}</button>
      </form>
      {seen ? (
        <p className={`banner ${seen.suspendedUntil ? 'banner-warn' : 'banner-info'}`} data-testid="waiver-status">
          {seen.suspendedUntil
            ? t('waiver.suspended', { until: fmt.dateTime(seen.suspendedUntil), noShows: fmt.number(seen.noShows) })
            : t('waiver.notSuspended', { noShows: fmt.number(seen.noShows) })}
        </p>
      ) : null}
      {seen?.suspendedUntil ? (
        <form className="booking-cancel" onSubmit={(e) => void waive(e)}>
          <label>
            {t('waiver.reason')}
            <input value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} data-testid="waiver-reason" />
          </label>
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="waiver-submit">{t('waiver.submit')}</button>
        </form>
      ) : null}

      <h2>{t('opCancel.title')}</h2>
      <p className="muted">{t('opCancel.intro')}</p>
      <form className="booking-pickers" onSubmit={(e) => void findTrips(e)}>
        <label>
          {t('opCancel.plate')}
          <input value={plate} maxLength={20} onChange={(e) => setPlate(e.target.value)} data-testid="op-cancel-plate" />
        </label>
        <button type="submit" className="btn" disabled={!plate.trim()} data-testid="op-cancel-find">{t('waiver.look')}</button>
      </form>
      {found?.length === 0 ? <p className="muted" data-testid="op-cancel-none">{t('opCancel.none')}</p> : null}
      {found && found.length > 0 ? (
        <>
          <label className="booking-cancel">
            {t('opCancel.reason')}
            <input value={cancelReason} maxLength={500} onChange={(e) => setCancelReason(e.target.value)} data-testid="op-cancel-reason" />
          </label>
          <ul className="booking-history">
            {found.map((trip) => (
              <li key={trip.id} data-testid="op-cancel-trip">
                {`${formatPlate(trip.vehicle.plate)} · ${t(`dir.${trip.direction}`)} · ${t(`tripState.${trip.state}`)} · ${fmt.dateTime(trip.expectedArrival)} `}
                <button type="button" className="btn btn-danger" disabled={busy || !cancelReason.trim()} onClick={() => void cancelTrip(trip)} data-testid="op-cancel-submit">
                  {t('opCancel.submit')}
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
