/**
 * What every chart shares: the figure and its caption, the SVG canvas with y gridlines and
 * tick labels, the legend, the "no data" state, and a visually hidden data table so a screen
 * reader (or a copy-paste into a spreadsheet) gets the numbers the bars show.
 */
import type { ReactNode } from 'react';
import './charts.css';

/** The SVG's own coordinate system; it scales to its container's width. */
export const CHART_WIDTH = 480;
export const CHART_HEIGHT = 240;
export const CHART_MARGIN = { top: 26, right: 12, bottom: 28, left: 48 } as const;

export interface ChartSeries {
  key: string;
  label: string;
  color: string;
}

export interface ChartTable {
  head: readonly string[];
  rows: readonly { label: string; cells: readonly string[] }[];
}

export interface ChartFrameProps {
  title: string;
  unit: string;
  titleId: string;
  series: readonly ChartSeries[];
  ticks: readonly number[];
  y: (v: number) => number;
  format: (value: number) => string;
  hasData: boolean;
  empty: string;
  table: ChartTable;
  testId?: string;
  children: ReactNode;
}

export function ChartFrame(props: ChartFrameProps) {
  const { title, unit, titleId, series, ticks, y, format, hasData, empty, table, testId, children } = props;
  return (
    <figure className="chart card" data-testid={testId}>
      <figcaption className="chart-head">
        <span id={titleId} className="chart-title">{title}</span>
        <span className="chart-legend">
          {series.map((s) => (
            <span key={s.key} className="chart-legend-item">
              <span className="chart-swatch" style={{ background: s.color }} aria-hidden="true" />
              {s.label}
            </span>
          ))}
        </span>
      </figcaption>
      {hasData ? (
        <svg className="chart-svg" viewBox={`0 0 ${CHART_WIDTH} ${CHART_HEIGHT}`} role="img" aria-labelledby={titleId} preserveAspectRatio="xMidYMid meet">
          <text className="chart-unit" x={4} y={14}>{unit}</text>
          {ticks.map((tick) => (
            <g key={tick} className="chart-tick">
              <line x1={CHART_MARGIN.left} x2={CHART_WIDTH - CHART_MARGIN.right} y1={y(tick)} y2={y(tick)} />
              <text x={CHART_MARGIN.left - 6} y={y(tick) + 4} textAnchor="end">{format(tick)}</text>
            </g>
          ))}
          {children}
        </svg>
      ) : (
        <p className="chart-empty muted">{empty}</p>
      )}
      <table className="visually-hidden">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{unit}</th>
            {table.head.map((h) => <th key={h} scope="col">{h}</th>)}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r, i) => (
            <tr key={`${r.label}-${i}`}>
              <th scope="row">{r.label}</th>
              {r.cells.map((c, j) => <td key={j}>{c}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
