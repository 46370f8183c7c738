/** A time series as a line over a light area (backlog over time). */
import { useId } from 'react';
import { labelStep, linearScale, niceTicks } from './chart-scale.ts';
import { ChartFrame, CHART_HEIGHT, CHART_MARGIN, CHART_WIDTH, type ChartSeries } from './chart-frame.tsx';

export interface TimePoint {
  at: number;
  value: number;
}

export interface LineChartProps {
  title: string;
  unit: string;
  series: ChartSeries;
  points: readonly TimePoint[];
  format: (value: number) => string;
  formatTime: (at: number) => string;
  empty: string;
  testId?: string;
}

/**
 * @example
 * <LineChart title="Backlog" unit="trucks" series={{ key: 'backlog', label: 'Waiting', color: '#0b3d91' }}
 *   points={[{ at: t0, value: 12 }]} format={String} formatTime={fmt.time} empty="No data" />
 */
export function LineChart(props: LineChartProps) {
  const { series, points, format, formatTime } = props;
  const titleId = useId();
  const ticks = niceTicks(Math.max(0, ...points.map((p) => p.value)));
  const y = linearScale([0, ticks.at(-1)!], [CHART_HEIGHT - CHART_MARGIN.bottom, CHART_MARGIN.top]);
  const first = points[0]?.at ?? 0;
  const last = points.at(-1)?.at ?? 1;
  const x = linearScale([first, last === first ? first + 1 : last], [CHART_MARGIN.left, CHART_WIDTH - CHART_MARGIN.right]);
  const line = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.at).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  const area = points.length > 0 ? `${line} L${x(last).toFixed(1)},${y(0)} L${x(first).toFixed(1)},${y(0)} Z` : '';
  const every = labelStep(points.length, 6);

  return (
    <ChartFrame {...props} series={[series]} titleId={titleId} ticks={ticks} y={y} hasData={points.length > 0}
      table={{ head: [series.label], rows: points.map((p) => ({ label: formatTime(p.at), cells: [format(p.value)] })) }}
    >
      <path className="chart-area" d={area} fill={series.color} />
      <path className="chart-line" d={line} stroke={series.color} data-series={series.key} />
      {points.map((p, i) => (
        <g key={p.at}>
          <circle cx={x(p.at)} cy={y(p.value)} r={points.length > 60 ? 0 : 3} fill={series.color} data-value={p.value}>
            <title>{`${formatTime(p.at)}: ${format(p.value)}`}</title>
          </circle>
          {i % every === 0 ? (
            <text className="chart-x-label" x={x(p.at)} y={CHART_HEIGHT - CHART_MARGIN.bottom + 16} textAnchor="middle">
              {formatTime(p.at)}
            </text>
          ) : null}
        </g>
      ))}
    </ChartFrame>
  );
}
