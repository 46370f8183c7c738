/**
 * /manager/slot-use — how a day's slots were used, per hour (booked, on time, late, no-show,
 * cancelled, walk-in), and the no-show rate per company over 90 days (GET /v1/gates/{gate}/slot-use).
 */
import { ROUTES } from '@borderflow/client';
import { useEffect, useState } from 'react';
import { type SlotUse } from '@borderflow/contracts';
import { useApi } from '../auth/auth-context.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useNotices } from '../notices/notice-center.tsx';
import { gateDate } from '../booking/slot-model.ts';
import '../booking/booking.css';

const GATE = 'KT';
const COLUMNS = ['booked', 'arrived', 'late', 'noShow', 'cancelled', 'walkIn'] as const;

export default function SlotUsePage() {
  const { t, fmt } = useI18n();
  const api = useApi();
  const { notifyError } = useNotices();
  const [date, setDate] = useState(() => gateDate(Date.now()));
  const [use, setUse] = useState<SlotUse | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    api.call(ROUTES.slotUse, { params: { gate: GATE }, query: { date }, signal: controller.signal })
      .then(setUse)
      .catch((err: unknown) => { if ((err as { name?: string }).name !== 'AbortError') notifyError(err); });
    return () => controller.abort();
  }, [api, date, notifyError]);

  const hours = use?.hours.filter((h) => COLUMNS.some((c) => h[c] > 0)) ?? [];
  return (
    <section className="page" data-testid="slot-use">
      <div className="page-head">
        <h1>{t('slotUse.title')}</h1>
        <label>
          {t('booking.date')}{' '}
          <input type="date" value={date} onChange={(e) => e.target.value && setDate(e.target.value)} data-testid="slot-use-date" />
        </label>
      </div>
      {use === null ? <p className="muted">{t('common.loading')}</p> : null}
      {use && hours.length === 0 ? <p className="muted">{t('slotUse.empty')}</p> : null}
      {hours.length > 0 ? (
        <table className="table slot-use-table" data-testid="slot-use-hours">
          <thead><tr><th>{t('booking.hour')}</th>{COLUMNS.map((c) => <th key={c}>{t(`slotUse.${c}`)}</th>)}</tr></thead>
          <tbody>
            {hours.map((h) => (
              <tr key={h.start}><td>{fmt.time(h.start)}</td>{COLUMNS.map((c) => <td key={c}>{fmt.number(h[c])}</td>)}</tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <h2>{t('slotUse.companies')}</h2>
      {use && use.companies.length > 0 ? (
        <table className="table slot-use-table" data-testid="slot-use-companies">
          <thead><tr><th>{t('slotUse.company')}</th><th>{t('slotUse.bookings')}</th><th>{t('slotUse.noShow')}</th><th>{t('slotUse.rate')}</th></tr></thead>
          <tbody>
            {use.companies.map((c) => (
              <tr key={c.companyId ?? c.name}><td>{c.name}</td><td>{fmt.number(c.bookings)}</td><td>{fmt.number(c.noShows)}</td><td>{fmt.percent(c.noShowRate, 0)}</td></tr>
            ))}
          </tbody>
        </table>
      ) : use ? <p className="muted">{t('slotUse.empty')}</p> : null}
    </section>
  );
}
