/** Loading and failure of the stats request, said plainly (the server's message, a retry button). */
import { useI18n } from '../i18n/i18n-context.tsx';
import type { GateStatsState } from './use-gate-stats.ts';
import { errorText } from '../shared/error-words.ts';

export function StatsStatus({ state }: { state: GateStatsState }) {
  const { t, tAny, fmt } = useI18n();
  if (state.error) {
    const code = (state.error as { code?: string }).code ?? 'INTERNAL';
    return (
      <div className="banner banner-bad stats-error" role="alert">
        <span>
          {errorText({ code, message: state.error.message }, tAny)}
        </span>
        <button type="button" className="btn btn-small" onClick={state.reload}>
          {t('action.retry')}
        </button>
      </div>
    );
  }
  if (state.loading && !state.stats) return <p className="muted">{t('common.loading')}</p>;
  if (state.stats) {
    return (
      <p className="muted stats-window" aria-live="polite">
        {t('manager.stats.window', { from: fmt.dateTime(state.stats.from), to: fmt.dateTime(state.stats.to) })}
        {state.loading ? ` · ${t('common.loading')}` : ''}
      </p>
    );
  }
  return null;
}
