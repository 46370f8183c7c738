/**
 * Vertical bars grouped by category (hours, priority classes, agencies), one bar per series,
 * with a y axis, a legend and a hidden data table for screen readers.
 */
import { useId } from 'react';
import { labelStep, linearScale, niceTicks } from './chart-scale.ts';
import { ChartFrame, CHART_HEIGHT, CHART_MARGIN, CHART_WIDTH, type ChartSeries } from './chart-frame.tsx';

export interface Category {
  key: string;
  label: string;
}

export interface GroupedBarChartProps {
  title: string;
  /** What the numbers are, e.g. "trucks" or "minutes" (y axis caption). */
  unit: string;
  categories: readonly Category[];
  series: readonly ChartSeries[];
  /** value(categoryKey, seriesKey): null draws no bar (no samples). */
  value: (category: string, series: string) => number | null;
  format: (value: number) => string;
  /** Text when there is no value at all (no categories, or every value null). */
  empty: string;
  testId?: string;
}

/**
 * @example
 * <GroupedBarChart title="Trucks per hour" unit="trucks" categories={hours} series={[exit, entry]}
 *   value={(h, s) => counts[h][s]} format={String} empty="No crossings" />
 */
export function GroupedBarChart(props: GroupedBarChartProps) {
  const { categories, series, value, format } = props;
  const titleId = useId();
  const values = categories.flatMap((c) => series.map((s) => value(c.key, s.key) ?? 0));
  const ticks = niceTicks(Math.max(0, ...values));
  const top = ticks.at(-1)!;
  const plotW = CHART_WIDTH - CHART_MARGIN.left - CHART_MARGIN.right;
  const plotH = CHART_HEIGHT - CHART_MARGIN.top - CHART_MARGIN.bottom;
  const y = linearScale([0, top], [CHART_MARGIN.top + plotH, CHART_MARGIN.top]);
  const groupW = plotW / Math.max(1, categories.length);
  const barW = Math.max(1, (groupW * 0.8) / Math.max(1, series.length));
  const every = labelStep(categories.length, 12);

  return (
    <ChartFrame {...props} titleId={titleId} ticks={ticks} y={y} hasData={categories.some((c) => series.some((s) => value(c.key, s.key) !== null))}
      table={{
        head: series.map((s) => s.label),
        rows: categories.map((c) => ({ label: c.label, cells: series.map((s) => { const v = value(c.key, s.key); return v === null ? '—' : format(v); }) })),
      }}
    >
      {categories.map((c, ci) => {
        const x0 = CHART_MARGIN.left + ci * groupW + groupW * 0.1;
        return (
          <g key={c.key} data-category={c.key}>
            {series.map((s, si) => {
              const v = value(c.key, s.key);
              if (v === null) return null;
              const yTop = y(v);
              return (
                <rect key={s.key} className="chart-bar" data-series={s.key} data-value={v}
                  x={x0 + si * barW} y={yTop} width={Math.max(0.5, barW - 1)} height={Math.max(0, y(0) - yTop)} fill={s.color}>
                  <title>{`${c.label} · ${s.label}: ${format(v)}`}</title>
                </rect>
              );
            })}
            {ci % every === 0 ? (
              <text className="chart-x-label" x={x0 + (barW * series.length) / 2} y={CHART_HEIGHT - CHART_MARGIN.bottom + 16} textAnchor="middle">
                {c.label}
              </text>
            ) : null}
          </g>
        );
      })}
    </ChartFrame>
  );
}
