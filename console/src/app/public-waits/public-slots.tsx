/**
 * Free crossing slots of today and tomorrow per hour and class, for each gate and direction of the
 * public waits feed (GET /v1/public/gates/{code}/slots?date=, no sign-in).
 */
import { ROUTES } from '@borderflow/client';
import { useEffect, useState } from 'react';
import { SLOT_CLASSES, type SlotAvailability } from '@borderflow/contracts';
import { useApi } from '../auth/auth-context.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { freeByHour, gateDate } from '../booking/slot-model.ts';
import '../booking/booking.css';

const REFRESH_MS = 30_000;

export function PublicSlots({ gate, directions }: { gate: string; directions: ReadonlyArray<'exit' | 'entry'> }) {
  const { t, fmt } = useI18n();
  const api = useApi();
  const [day, setDay] = useState<0 | 1>(0);
  const [slots, setSlots] = useState<SlotAvailability | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    const load = () => api.call(ROUTES.publicSlots, { params: { gate }, query: { date: gateDate(Date.now(), day) } })
      .then((s) => { if (live) { setSlots(s); setFailed(false); } })
      .catch(() => { if (live) setFailed(true); });
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => { live = false; clearInterval(timer); };
  }, [api, gate, day]);

  return (
    <section className="public-slots" data-testid={`public-slots-${gate}`}>
      <div className="page-head">
        <h3>{t('waits.slots.title')}</h3>
        <div role="group">
          <button type="button" className={`btn ${day === 0 ? 'btn-primary' : ''}`} aria-pressed={day === 0} onClick={() => setDay(0)}>{t('waits.slots.today')}</button>
          <button type="button" className={`btn ${day === 1 ? 'btn-primary' : ''}`} aria-pressed={day === 1} onClick={() => setDay(1)} data-testid="slots-tomorrow">{t('waits.slots.tomorrow')}</button>
        </div>
      </div>
      {failed ? <p className="banner banner-warn">{t('waits.slots.failed')}</p> : null}
      {slots ? directions.map((direction) => {
        const rows = freeByHour(slots, direction, Date.now());
        return (
          <div key={direction}>
            <h4>{t(`dir.${direction}`)}</h4>
            {rows.length === 0 ? <p className="muted">{t('waits.slots.none')}</p> : (
              <table className="table slot-use-table" data-testid={`public-slots-${direction}`}>
                <thead><tr><th>{t('booking.hour')}</th>{SLOT_CLASSES.map((c) => <th key={c}>{t(`booking.class.${c}`)}</th>)}</tr></thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.start}><td>{fmt.time(r.start)}</td>{SLOT_CLASSES.map((c) => <td key={c}>{fmt.number(r.free[c])}</td>)}</tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        );
      }) : null}
    </section>
  );
}
