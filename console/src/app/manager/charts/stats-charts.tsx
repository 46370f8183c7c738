/** The five manager charts over one stats window. */
import type { GateStats } from '@borderflow/contracts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { GATE_TIME_ZONE } from '../../i18n/format.ts';
import { GroupedBarChart } from './grouped-bar-chart.tsx';
import { LineChart } from './line-chart.tsx';
import { RatioBarChart } from './ratio-bar-chart.tsx';
import { backlogPoints, holdRows, throughput, waitRows } from './stats-series.ts';

/** Colours with at least 3:1 contrast on white (WCAG non-text), told apart without relying on hue alone by the legend order. */
export const CHART_COLOURS = {
  exit: '#0b3d91',
  entry: '#c2410c',
  p50: '#3b82f6',
  p90: '#1e3a8a',
  busy: '#0f766e',
  backlog: '#6d28d9',
  holdP50: '#b45309',
  holdP90: '#7c2d12',
} as const;

export function StatsCharts({ stats }: { stats: GateStats }) {
  const { t, fmt } = useI18n();
  const tp = throughput(stats, GATE_TIME_ZONE);
  const waits = waitRows(stats);
  const holds = holdRows(stats);
  const count = (v: number) => fmt.number(v);
  const minutes = (v: number) => fmt.number(v, { maximumFractionDigits: 1 });
  const bucketLabel = (at: number) => (tp.granularity === 'hour' ? fmt.time(at) : fmt.dateTime(at, { day: '2-digit', month: '2-digit' }));

  return (
    <div className="chart-grid" data-testid="stats-charts">
      <GroupedBarChart
        testId="chart-throughput"
        title={t(tp.granularity === 'hour' ? 'manager.chart.throughput' : 'manager.chart.throughputDaily')}
        unit={t('manager.unit.trucks')}
        categories={tp.buckets.map((b) => ({ key: String(b.at), label: bucketLabel(b.at) }))}
        series={[
          { key: 'exit', label: t('manager.series.exit'), color: CHART_COLOURS.exit },
          { key: 'entry', label: t('manager.series.entry'), color: CHART_COLOURS.entry },
        ]}
        value={(at, s) => {
          const b = tp.buckets.find((x) => String(x.at) === at);
          return b ? b[s as 'exit' | 'entry'] : null;
        }}
        format={count}
        empty={t('manager.chart.empty')}
      />
      <GroupedBarChart
        testId="chart-waits"
        title={t('manager.chart.waits')}
        unit={t('manager.unit.minutes')}
        categories={waits.map((w) => ({ key: w.priorityClass, label: t(`class.${w.priorityClass}`) }))}
        series={[
          { key: 'p50', label: t('manager.series.p50'), color: CHART_COLOURS.p50 },
          { key: 'p90', label: t('manager.series.p90'), color: CHART_COLOURS.p90 },
        ]}
        value={(cls, s) => {
          const w = waits.find((x) => x.priorityClass === cls);
          return (s === 'p50' ? w?.p50Min : w?.p90Min) ?? null;
        }}
        format={minutes}
        empty={t('manager.chart.empty')}
      />
      <RatioBarChart
        testId="chart-lanes"
        title={t('manager.chart.lanes')}
        series={{ key: 'busy', label: t('manager.series.busy'), color: CHART_COLOURS.busy }}
        rows={stats.laneUtilisation.map((l) => ({ key: l.laneId, label: l.laneId, ratio: l.busyRatio }))}
        formatPercent={(r) => fmt.percent(r)}
        empty={t('manager.chart.empty')}
      />
      <LineChart
        testId="chart-backlog"
        title={t('manager.chart.backlog')}
        unit={t('manager.unit.trucks')}
        series={{ key: 'backlog', label: t('manager.series.backlog'), color: CHART_COLOURS.backlog }}
        points={backlogPoints(stats)}
        format={count}
        formatTime={(at) => (tp.granularity === 'hour' ? fmt.time(at) : fmt.dateTime(at, { day: '2-digit', month: '2-digit', hour: '2-digit' }))}
        empty={t('manager.chart.empty')}
      />
      <GroupedBarChart
        testId="chart-holds"
        title={t('manager.chart.holds')}
        unit={t('manager.unit.minutes')}
        categories={holds.map((h) => ({ key: h.agency, label: `${t(`manager.agency.${h.agency}`)} (${fmt.number(h.count)})` }))}
        series={[
          { key: 'p50', label: t('manager.series.p50'), color: CHART_COLOURS.holdP50 },
          { key: 'p90', label: t('manager.series.p90'), color: CHART_COLOURS.holdP90 },
        ]}
        value={(agency, s) => {
          const h = holds.find((x) => x.agency === agency);
          return (s === 'p50' ? h?.p50Min : h?.p90Min) ?? null;
        }}
        format={minutes}
        empty={t('manager.chart.empty')}
      />
    </div>
  );
}
