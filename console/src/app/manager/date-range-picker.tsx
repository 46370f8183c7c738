/**
 * From/to day pickers with presets (today, 7 days, 30 days). The range lives in the URL query,
 * so the browser's back button and shared links keep it; an invalid range is explained, not sent.
 */
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useRouter, useSearchParams } from '../router/router.tsx';
import { lastDays, localDay, MAX_RANGE_DAYS, rangeFromSearch, rangeProblem, type DayRange } from './report-range.ts';

/** The range in the URL and a setter that writes it back. */
export function useDayRange(): [DayRange, (range: DayRange) => void] {
  const search = useSearchParams();
  const { location, navigate } = useRouter();
  const range = rangeFromSearch(search);
  const set = (next: DayRange) => {
    const params = new URLSearchParams(search);
    params.set('from', next.from);
    params.set('to', next.to);
    navigate(`${location.pathname}?${params.toString()}`, { replace: true });
  };
  return [range, set];
}

export function DateRangePicker({ range, onChange }: { range: DayRange; onChange: (range: DayRange) => void }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState(range);
  useEffect(() => setDraft(range), [range.from, range.to]);
  const problem = rangeProblem(draft);
  const today = localDay(Date.now());

  const edit = (next: DayRange) => {
    setDraft(next);
    if (rangeProblem(next) === null) onChange(next);
  };

  return (
    <div className="range-picker" role="group" aria-label={t('manager.range.label')}>
      <label className="field">
        <span>{t('manager.range.from')}</span>
        <input type="date" value={draft.from} max={today} data-testid="range-from" aria-invalid={problem !== null}
          onChange={(e) => edit({ ...draft, from: e.target.value })} />
      </label>
      <label className="field">
        <span>{t('manager.range.to')}</span>
        <input type="date" value={draft.to} max={today} data-testid="range-to" aria-invalid={problem !== null}
          onChange={(e) => edit({ ...draft, to: e.target.value })} />
      </label>
      <div className="range-presets">
        <button type="button" className="btn btn-small" onClick={() => edit(lastDays(1))}>{t('manager.range.today')}</button>
        <button type="button" className="btn btn-small" onClick={() => edit(lastDays(7))}>{t('manager.range.week')}</button>
        <button type="button" className="btn btn-small" onClick={() => edit(lastDays(30))}>{t('manager.range.month')}</button>
      </div>
      {problem ? (
        <p className="form-error" role="alert" data-testid="range-error">
          {t(`manager.range.problem.${problem}`, { max: MAX_RANGE_DAYS })}
        </p>
      ) : null}
    </div>
  );
}
