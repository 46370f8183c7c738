/**
 * /driver/book — a driver books a one-hour crossing slot for one of their trips, sees it, moves it
 * (moves left, the cut-off) or cancels it with a reason. A suspension after no-shows is shown with
 * its reason and end before the driver tries. The server decides everything; refusals are shown
 * as it words them.
 */
import { ROUTES } from '@borderflow/client';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { z } from 'zod';
import {
  ACTIVE_TRIP_STATES, ZBookingSchema, ZBookingSuspensionSchema, slotClassOf, type Booking, type SlotAvailability, type Trip, type WaitlistEntryView,
} from '@borderflow/contracts';
import { useApi } from '../auth/auth-context.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useNotices } from '../notices/notice-center.tsx';
import { formatPlate } from '../shared/plate-format.ts';
import { freeHours, gateDate } from '../booking/slot-model.ts';
import { bookingNoticeText } from '../booking/booking-notice.ts';
import './driver.css';
import '../booking/booking.css';

const ZMyBookingsSchema = z.object({
  bookings: z.array(ZBookingSchema),
  notices: z.array(z.object({ bookingId: z.string(), kind: z.string(), message: z.string(), at: z.string() })),
  suspensions: z.array(ZBookingSuspensionSchema.extend({ driverId: z.string() })),
});
type MyBookings = z.infer<typeof ZMyBookingsSchema>;

export default function BookPage() {
  const { t, tAny, fmt, locale } = useI18n();
  const api = useApi();
  const { notify, notifyError } = useNotices();
  const [trips, setTrips] = useState<Trip[] | null>(null);
  const [mine, setMine] = useState<MyBookings | null>(null);
  const [tripId, setTripId] = useState('');
  const [date, setDate] = useState(() => gateDate(Date.now()));
  const [slots, setSlots] = useState<SlotAvailability | null>(null);
  const [moving, setMoving] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [waiting, setWaiting] = useState<WaitlistEntryView[]>([]);

  const loadMine = useCallback(async () => setMine(ZMyBookingsSchema.parse(await api.call(ROUTES.listBookings))), [api]);
  useEffect(() => {
    api.call(ROUTES.listTrips)
      .then((r) => {
        const open = r.trips.filter((trip) => ACTIVE_TRIP_STATES.includes(trip.state));
        setTrips(open);
        setTripId((id) => id || open[0]?.id || '');
      })
      .catch(notifyError);
    loadMine().catch(notifyError);
  }, [api, loadMine, notifyError]);

  const trip = trips?.find((x) => x.id === tripId) ?? null;
  // Reads of the feed in the order they were asked: only the last one asked may show. A driver who picks a
  // trip, then a date, has two reads in flight; the first (today's hours) answering last showed today's
  // hours under tomorrow's date, and a tap booked an hour of the wrong day.
  const slotReads = useRef(0);
  const loadSlots = useCallback(async () => {
    if (!trip) return;
    const read = ++slotReads.current;
    // Revalidated, never the browser's copy: after the driver's own booking, cancel or a reload the hours
    // must show what the ledger holds now (an unchanged feed costs a 304).
    const feed = await api.call(ROUTES.publicSlots, { params: { gate: trip.gateCode }, query: { date }, cache: 'no-cache' });
    if (read === slotReads.current) setSlots(feed);
  }, [api, trip, date]);
  useEffect(() => {
    loadSlots().catch(notifyError);
    // Others book and cancel while the driver looks: the hours' free places are read again every 15 s.
    const timer = setInterval(() => void loadSlots().catch(() => undefined), 15_000);
    return () => clearInterval(timer);
  }, [loadSlots, notifyError]);
  const gateCode = trip?.gateCode;
  const loadWaiting = useCallback(async () => {
    if (!gateCode) return;
    setWaiting((await api.call(ROUTES.myWaitlist, { params: { gate: gateCode } })).entries);
  }, [api, gateCode]);
  useEffect(() => {
    loadWaiting().catch(notifyError);
    // An offer holds for minutes only: look again every 30 s while the page is open.
    const timer = setInterval(() => void loadWaiting().catch(() => undefined), 30_000);
    return () => clearInterval(timer);
  }, [loadWaiting, notifyError]);

  const current: Booking | null = mine?.bookings.find((b) => b.tripId === tripId && b.state === 'active') ?? null;
  const earlier = mine?.bookings.filter((b) => b.tripId === tripId && b !== current) ?? [];
  const suspension = mine?.suspensions.find((s) => s.suspendedUntil !== null) ?? null;
  const slotClass = trip ? slotClassOf(trip.cargo) : 'ordinary';
  // Without a booking, full hours are listed too: their waiting list can be joined.
  const hours = useMemo(() => (slots && trip ? freeHours(slots, trip.direction, slotClass, Date.now(), !current) : []), [slots, trip, slotClass, current]);
  const tripWaits = waiting.filter((w) => w.tripId === tripId && (w.state === 'waiting' || w.state === 'offered'));

  // Refusals (cut-off, moves used, suspension) are worded by the server in the language asked for.
  const lang = { 'accept-language': locale };
  async function act(run: () => Promise<void>) {
    setBusy(true);
    try {
      await run();
      await Promise.all([loadMine(), loadSlots(), loadWaiting()]);
    } catch (err) {
      notifyError(err);
    } finally {
      setBusy(false);
    }
  }
  const book = (start: string) => act(async () => {
    if (current && moving) {
      await api.call(ROUTES.rescheduleBooking, { params: { bookingId: current.id }, body: { slotStart: start }, headers: lang });
      setMoving(false);
      notify({ kind: 'success', title: t('booking.moved', { time: fmt.dateTime(start) }) });
    } else {
      await api.call(ROUTES.bookSlot, { body: { tripId, slotStart: start }, headers: lang });
      notify({ kind: 'success', title: t('booking.booked', { time: fmt.dateTime(start) }) });
    }
  });
  const join = (start: string) => act(async () => {
    if (!trip) return;
    const entry = await api.call(ROUTES.joinWaitlist, { params: { gate: trip.gateCode }, body: { tripId, slotStart: start }, headers: lang });
    notify({ kind: 'success', title: t('booking.waitJoined', { time: fmt.dateTime(start), n: fmt.number(entry.position ?? 1) }) });
  });
  const accept = (entry: WaitlistEntryView) => act(async () => {
    await api.call(ROUTES.acceptWaitlistOffer, { params: { gate: entry.gateCode, entryId: entry.id }, headers: lang });
    notify({ kind: 'success', title: t('booking.booked', { time: fmt.dateTime(entry.slotStart) }) });
  });
  const leave = (entry: WaitlistEntryView) => act(async () => {
    await api.call(ROUTES.leaveWaitlist, { params: { gate: entry.gateCode, entryId: entry.id }, headers: lang });
  });
  const cancel = () => act(async () => {
    if (!current) return;
    await api.call(ROUTES.cancelBooking, { params: { bookingId: current.id }, body: reason.trim() ? { reason: reason.trim() } : {}, headers: lang });
    setCancelling(false);
    setReason('');
    notify({ kind: 'success', title: t('booking.cancelled') });
  });

  const canPick = !!trip && (!current || moving) && !suspension;
  return (
    <section className="page driver-page booking-page" data-testid="book-page">
      <h1>{t('booking.title')}</h1>
      <p className="muted">{t('booking.intro')}</p>
      {suspension ? (
        <p className="banner banner-warn" role="alert" data-testid="booking-suspended">
          {t('booking.suspended', { until: fmt.dateTime(suspension.suspendedUntil!), noShows: fmt.number(suspension.noShows), driverId: suspension.driverId })}
        </p>
      ) : null}
      {mine?.notices.filter((n) => n.bookingId === current?.id).map((n) => (
        <p key={`${n.bookingId}-${n.at}`} className="banner banner-info" data-testid="booking-notice">{bookingNoticeText(n, fmt.dateTime(current!.slotStart), tAny)}</p>
      ))}
      {trips === null ? <p className="muted">{t('common.loading')}</p> : null}
      {trips?.length === 0 ? <p className="muted" data-testid="booking-no-trips">{t('booking.noTrips')}</p> : null}
      {trips && trips.length > 0 ? (
        <div className="booking-pickers">
          <label>
            {t('booking.trip')}
            <select value={tripId} onChange={(e) => { setTripId(e.target.value); setMoving(false); setCancelling(false); }} data-testid="booking-trip">
              {trips.map((x) => (
                <option key={x.id} value={x.id}>{`${formatPlate(x.vehicle.plate)} · ${t(`dir.${x.direction}`)} · ${fmt.dateTime(x.expectedArrival)}`}</option>
              ))}
            </select>
          </label>
          <label>
            {t('booking.date')}
            <input type="date" value={date} min={gateDate(Date.now())} max={gateDate(Date.now(), 14)} onChange={(e) => e.target.value && setDate(e.target.value)} data-testid="booking-date" />
          </label>
        </div>
      ) : null}

      {current ? (
        <article className="card booking-current" data-testid="booking-current">
          <h2>{t('booking.current')}</h2>
          <dl className="booking-facts">
            <dt>{t('booking.slot')}</dt>
            <dd data-testid="booking-slot">{`${fmt.dateTime(current.slotStart)} – ${fmt.time(current.slotEnd)}`}</dd>
            <dd className="muted">{t('booking.window', { from: fmt.time(current.windowOpens), to: fmt.time(current.windowCloses) })}</dd>
            <dt>{t('booking.reschedule')}</dt>
            <dd data-testid="booking-moves-left">{t('booking.movesLeft', { n: fmt.number(current.reschedulesLeft) })}</dd>
            <dd className="muted" data-testid="booking-cutoff">{t('booking.cutoff', { time: fmt.dateTime(current.reschedulableUntil) })}</dd>
          </dl>
          <div className="booking-actions">
            {current.reschedulesLeft > 0 ? (
              <button type="button" className="btn" disabled={busy} onClick={() => setMoving((m) => !m)} data-testid="booking-reschedule">
                {moving ? t('booking.stopReschedule') : t('booking.reschedule')}
              </button>
            ) : null}
            <button type="button" className="btn btn-danger" disabled={busy} onClick={() => setCancelling((c) => !c)} data-testid="booking-cancel">{t('booking.cancel')}</button>
          </div>
          {moving ? <p className="muted">{t('booking.rescheduleHint')}</p> : null}
          {cancelling ? (
            <form className="booking-cancel" onSubmit={(e) => { e.preventDefault(); void cancel(); }}>
              <label>
                {t('booking.cancelReason')}
                <input value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} data-testid="booking-cancel-reason" />
              </label>
              <button type="submit" className="btn btn-danger" disabled={busy} data-testid="booking-cancel-confirm">{t('booking.confirmCancel')}</button>
            </form>
          ) : null}
        </article>
      ) : null}

      {tripWaits.length > 0 ? (
        <section className="card booking-waitlist" data-testid="booking-waitlist">
          <h2>{t('booking.waitlist')}</h2>
          <ul className="booking-history">
            {tripWaits.map((w) => (
              <li key={w.id} data-testid="booking-wait" data-state={w.state}>
                <span>{fmt.dateTime(w.slotStart)} · </span>
                {w.state === 'offered' ? (
                  <>
                    <strong>{t('booking.waitOffered', { until: fmt.time(w.offerExpiresAt!) })}</strong>{' '}
                    <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void accept(w)} data-testid="booking-wait-accept">{t('booking.waitAccept')}</button>{' '}
                    <button type="button" className="btn" disabled={busy} onClick={() => void leave(w)} data-testid="booking-wait-decline">{t('booking.waitDecline')}</button>
                  </>
                ) : (
                  <>
                    <span>{t('booking.waitPosition', { n: fmt.number(w.position ?? 0) })}</span>{' '}
                    <button type="button" className="btn" disabled={busy} onClick={() => void leave(w)} data-testid="booking-wait-leave">{t('booking.waitLeave')}</button>
                  </>
                )}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {trip && canPick ? (
        <section className="booking-slots" data-testid="booking-slots" data-date={slots?.date ?? ''}>
          <h2>{t('booking.slots')}</h2>
          <p className="muted">{t('booking.slotClass', { cls: t(`booking.class.${slotClass}`) })}</p>
          {slots && hours.length === 0 ? <p className="muted" data-testid="booking-no-slots">{t('booking.noSlots')}</p> : null}
          <table className="table booking-table">
            <thead><tr><th>{t('booking.hour')}</th><th>{t('booking.free')}</th><th /></tr></thead>
            <tbody>
              {hours.map((h) => (
                <tr key={h.start} data-testid="booking-hour" data-start={h.start}>
                  <td>{`${fmt.time(h.start)}`}</td>
                  <td>{fmt.number(h.free)} / {fmt.number(h.capacity)}</td>
                  <td>
                    {h.free > 0 ? (
                      <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void book(h.start)} data-testid="booking-pick">
                        {moving ? t('booking.moveHere') : t('booking.book')}
                      </button>
                    ) : (
                      <button type="button" className="btn" disabled={busy || tripWaits.some((w) => w.slotStart === h.start)} onClick={() => void join(h.start)} data-testid="booking-wait-join">
                        {t('booking.waitJoin')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}

      {earlier.length > 0 ? (
        <section>
          <h2>{t('booking.history')}</h2>
          <ul className="booking-history">
            {earlier.map((b) => (
              <li key={b.id} data-testid="booking-earlier">{fmt.dateTime(b.slotStart)} · {t(`booking.state.${b.state}`)}</li>
            ))}
          </ul>
        </section>
      ) : null}
    </section>
  );
}
