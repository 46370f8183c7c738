/** /manager/charts — throughput, waits, lane utilisation, backlog and holds over a chosen window. */
import { useI18n } from '../i18n/i18n-context.tsx';
import { StatsCharts } from './charts/stats-charts.tsx';
import { DateRangePicker, useDayRange } from './date-range-picker.tsx';
import { StatsStatus } from './stats-status.tsx';
import { useGateStats } from './use-gate-stats.ts';
import './manager.css';

export default function ChartsPage() {
  const { t } = useI18n();
  const [range, setRange] = useDayRange();
  const state = useGateStats('KT', range);
  return (
    <section className="page" data-testid="charts-page">
      <div className="page-head">
        <h1>{t('manager.charts.title')}</h1>
        <DateRangePicker range={range} onChange={setRange} />
      </div>
      <StatsStatus state={state} />
      {state.stats ? <StatsCharts stats={state.stats} /> : null}
    </section>
  );
}
