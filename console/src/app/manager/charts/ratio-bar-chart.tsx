/** Horizontal bars of a 0..1 ratio per row (lane utilisation), each labelled with its percentage. */
import { useId } from 'react';
import { linearScale, niceTicks } from './chart-scale.ts';
import { CHART_MARGIN, CHART_WIDTH, type ChartSeries } from './chart-frame.tsx';
import './charts.css';

export interface RatioRow {
  key: string;
  label: string;
  ratio: number;
}

export interface RatioBarChartProps {
  title: string;
  series: ChartSeries;
  rows: readonly RatioRow[];
  formatPercent: (ratio: number) => string;
  empty: string;
  testId?: string;
}

const ROW_H = 28;
const LABEL_W = 72;

/**
 * @example
 * <RatioBarChart title="Lane utilisation" series={busy} rows={[{ key: 'KT-X1', label: 'KT-X1', ratio: 0.42 }]}
 *   formatPercent={fmt.percent} empty="No lanes" />
 */
export function RatioBarChart({ title, series, rows, formatPercent, empty, testId }: RatioBarChartProps) {
  const titleId = useId();
  const height = 8 + rows.length * ROW_H + 24;
  const x = linearScale([0, 1], [LABEL_W, CHART_WIDTH - CHART_MARGIN.right - 48]);
  const ticks = niceTicks(1, 4, true);
  return (
    <figure className="chart card" data-testid={testId}>
      <figcaption className="chart-head">
        <span id={titleId} className="chart-title">{title}</span>
        <span className="chart-legend">
          <span className="chart-legend-item">
            <span className="chart-swatch" style={{ background: series.color }} aria-hidden="true" />
            {series.label}
          </span>
        </span>
      </figcaption>
      {rows.length > 0 ? (
        <svg className="chart-svg" viewBox={`0 0 ${CHART_WIDTH} ${height}`} role="img" aria-labelledby={titleId}>
          {ticks.map((tick) => (
            <g key={tick} className="chart-tick">
              <line x1={x(tick)} x2={x(tick)} y1={8} y2={height - 20} />
              <text x={x(tick)} y={height - 6} textAnchor="middle">{formatPercent(tick)}</text>
            </g>
          ))}
          {rows.map((r, i) => {
            const top = 8 + i * ROW_H + 4;
            const ratio = Math.min(1, Math.max(0, r.ratio));
            return (
              <g key={r.key} data-category={r.key}>
                <text x={LABEL_W - 8} y={top + 15} textAnchor="end">{r.label}</text>
                <rect className="chart-bar" data-series={series.key} data-value={ratio} x={x(0)} y={top}
                  width={Math.max(0, x(ratio) - x(0))} height={ROW_H - 8} fill={series.color}>
                  <title>{`${r.label}: ${formatPercent(ratio)}`}</title>
                </rect>
                <text x={x(ratio) + 6} y={top + 15}>{formatPercent(ratio)}</text>
              </g>
            );
          })}
        </svg>
      ) : (
        <p className="chart-empty muted">{empty}</p>
      )}
      <table className="visually-hidden">
        <caption>{title}</caption>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.label}</th>
              <td>{formatPercent(r.ratio)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
