/**
 * The report as tables: what the Reports page shows and what its CSV files contain, from one
 * definition so the screen and the export never disagree. Cells hold raw values (instants in
 * ms, counts, minutes, ratios); the page formats them for the reader's language, the CSV
 * writes ISO times with the gate's offset and plain numbers.
 */
import type { GateStats } from '@borderflow/contracts';
import type { MessageKey } from '../i18n/messages.ts';
import type { Formatters } from '../i18n/format.ts';
import { backlogPoints, holdRows, throughput, waitRows } from './charts/stats-series.ts';
import { toCsv, type CsvCell } from './charts/csv.ts';
import { isoInZone } from './report-range.ts';

export type ColumnKind = 'time' | 'day' | 'text' | 'count' | 'minutes' | 'hours' | 'ratio';

export interface ReportColumn {
  label: MessageKey;
  kind: ColumnKind;
}

export interface ReportTable {
  id: 'throughput' | 'waits' | 'lanes' | 'backlog' | 'holds';
  title: MessageKey;
  columns: ReportColumn[];
  rows: CsvCell[][];
}

/** Translates row labels that are codes (classes, agencies). */
export type Translate = (key: MessageKey) => string;

/**
 * @example
 * const tables = reportTables(stats, 'Asia/Ho_Chi_Minh', t);
 */
export function reportTables(stats: GateStats, timeZone: string, t: Translate): ReportTable[] {
  const tp = throughput(stats, timeZone);
  return [
    {
      id: 'throughput',
      title: 'manager.chart.throughput',
      columns: [
        { label: tp.granularity === 'hour' ? 'manager.col.hour' : 'manager.col.day', kind: tp.granularity === 'hour' ? 'time' : 'day' },
        { label: 'manager.series.exit', kind: 'count' },
        { label: 'manager.series.entry', kind: 'count' },
        { label: 'manager.col.total', kind: 'count' },
      ],
      rows: tp.buckets.map((b) => [b.at, b.exit, b.entry, b.exit + b.entry]),
    },
    {
      id: 'waits',
      title: 'manager.chart.waits',
      columns: [
        { label: 'manager.col.class', kind: 'text' },
        { label: 'manager.col.p50min', kind: 'minutes' },
        { label: 'manager.col.p90min', kind: 'minutes' },
      ],
      rows: waitRows(stats).map((w) => [t(`class.${w.priorityClass}`), w.p50Min, w.p90Min]),
    },
    {
      id: 'lanes',
      title: 'manager.chart.lanes',
      columns: [
        { label: 'manager.col.lane', kind: 'text' },
        { label: 'manager.col.busy', kind: 'ratio' },
      ],
      rows: stats.laneUtilisation.map((l) => [l.laneId, l.busyRatio]),
    },
    {
      id: 'backlog',
      title: 'manager.chart.backlog',
      columns: [
        { label: 'manager.col.time', kind: 'time' },
        { label: 'manager.col.trucks', kind: 'count' },
      ],
      rows: backlogPoints(stats).map((p) => [p.at, p.value]),
    },
    {
      id: 'holds',
      title: 'manager.chart.holds',
      columns: [
        { label: 'manager.col.agency', kind: 'text' },
        { label: 'manager.col.holds', kind: 'count' },
        { label: 'manager.col.p50min', kind: 'minutes' },
        { label: 'manager.col.p90min', kind: 'minutes' },
        { label: 'manager.col.totalHours', kind: 'hours' },
      ],
      rows: holdRows(stats).map((h) => [t(`manager.agency.${h.agency}`), h.count, h.p50Min, h.p90Min, h.totalHours]),
    },
  ];
}

/** A cell as the page shows it. */
export function displayCell(value: CsvCell, kind: ColumnKind, fmt: Formatters): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  switch (kind) {
    case 'time':
      return fmt.dateTime(value);
    case 'day':
      return fmt.date(value);
    case 'ratio':
      return fmt.percent(value, 1);
    case 'minutes':
    case 'hours':
      return fmt.number(value, { maximumFractionDigits: 1 });
    default:
      return fmt.number(value);
  }
}

function csvCell(value: CsvCell, kind: ColumnKind, timeZone: string): CsvCell {
  if (typeof value !== 'number') return value;
  if (kind === 'time') return isoInZone(value, timeZone);
  if (kind === 'day') return isoInZone(value, timeZone).slice(0, 10);
  return value;
}

/**
 * One table as CSV text (header in the reader's language, values machine-readable).
 *
 * @example
 * downloadCsv('kt-waits.csv', tableCsv(tables[1], t, 'Asia/Ho_Chi_Minh'));
 */
export function tableCsv(table: ReportTable, t: Translate, timeZone: string): string {
  return toCsv(
    table.columns.map((c) => t(c.label)),
    table.rows.map((row) => row.map((v, i) => csvCell(v, table.columns[i]!.kind, timeZone))),
  );
}

/** Every table in one long-format CSV: report, row, measure, value. */
export function allTablesCsv(tables: readonly ReportTable[], t: Translate, timeZone: string): string {
  const rows: CsvCell[][] = [];
  for (const table of tables) {
    for (const row of table.rows) {
      const key = csvCell(row[0], table.columns[0]!.kind, timeZone);
      row.slice(1).forEach((v, i) => {
        const column = table.columns[i + 1]!;
        rows.push([table.id, key, t(column.label), csvCell(v, column.kind, timeZone)]);
      });
    }
  }
  return toCsv([t('manager.col.report'), t('manager.col.row'), t('manager.col.measure'), t('manager.col.value')], rows);
}
