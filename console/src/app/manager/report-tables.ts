/**
 * The report as tables: what the Reports page shows and what its CSV files contain, from one
 * definition so the screen and the export never disagree. Cells hold raw values (instants in
 * ms, counts, minutes, ratios, codes of classes and agencies); the page formats them for the
 * reader's language, the CSV writes ISO times with the gate's offset and plain numbers.
 *
 * CSV headers: the columns' order is fixed (as listed below, documented in console/README.md);
 * the header row is in the reader's language by default, or the stable English keys
 * (`header: 'keys'`, the page's "English column keys" option) for files that programs read —
 * then codes (classes, agencies) and the long format's measures are keys too.
 */
import type { GateStats } from '@borderflow/contracts';
import type { MessageKey } from '../i18n/messages.ts';
import type { Formatters } from '../i18n/format.ts';
import { backlogPoints, holdRows, throughput, waitRows } from './charts/stats-series.ts';
import { toCsv, type CsvCell } from './charts/csv.ts';
import { isoInZone } from './report-range.ts';

/** `code`: a class or agency code, shown by its name (`codePrefix` + code is its message key). */
export type ColumnKind = 'time' | 'day' | 'text' | 'code' | 'count' | 'minutes' | 'hours' | 'ratio';

export interface ReportColumn {
  /** Stable English key: the CSV header with `header: 'keys'`, and the long format's measure. */
  key: string;
  label: MessageKey;
  kind: ColumnKind;
  codePrefix?: 'class.' | 'manager.agency.';
}

/** The CSV's header row: the reader's language, or the stable English keys. */
export type CsvHeader = 'localised' | 'keys';

export interface ReportTable {
  id: 'throughput' | 'waits' | 'lanes' | 'backlog' | 'holds';
  title: MessageKey;
  columns: ReportColumn[];
  rows: CsvCell[][];
}

/** Translates headers and codes (classes, agencies). */
export type Translate = (key: MessageKey) => string;

/**
 * @example
 * const tables = reportTables(stats, 'Asia/Ho_Chi_Minh');
 */
export function reportTables(stats: GateStats, timeZone: string): ReportTable[] {
  const tp = throughput(stats, timeZone);
  return [
    {
      id: 'throughput',
      // Per day when the window is too long for hourly rows: the title says which.
      title: tp.granularity === 'hour' ? 'manager.chart.throughput' : 'manager.chart.throughputDaily',
      columns: [
        { key: tp.granularity === 'hour' ? 'hour' : 'day', label: tp.granularity === 'hour' ? 'manager.col.hour' : 'manager.col.day', kind: tp.granularity === 'hour' ? 'time' : 'day' },
        { key: 'exit', label: 'manager.series.exit', kind: 'count' },
        { key: 'entry', label: 'manager.series.entry', kind: 'count' },
        { key: 'total', label: 'manager.col.total', kind: 'count' },
      ],
      rows: tp.buckets.map((b) => [b.at, b.exit, b.entry, b.exit + b.entry]),
    },
    {
      id: 'waits',
      title: 'manager.chart.waits',
      columns: [
        { key: 'class', label: 'manager.col.class', kind: 'code', codePrefix: 'class.' },
        { key: 'p50_min', label: 'manager.col.p50min', kind: 'minutes' },
        { key: 'p90_min', label: 'manager.col.p90min', kind: 'minutes' },
        { key: 'p50_incl_waiting_min', label: 'manager.col.p50withWaitingMin', kind: 'minutes' },
        { key: 'still_waiting', label: 'manager.col.stillWaiting', kind: 'count' },
      ],
      rows: waitRows(stats).map((w) => {
        const withWaiting = stats.waitIncludingWaitingMs[w.priorityClass];
        const p50 = withWaiting?.p50;
        return [w.priorityClass, w.p50Min, w.p90Min, p50 === null || p50 === undefined ? null : Math.round(p50 / 6_000) / 10, withWaiting?.waiting ?? 0];
      }),
    },
    {
      id: 'lanes',
      title: 'manager.chart.lanes',
      columns: [
        { key: 'lane', label: 'manager.col.lane', kind: 'text' },
        { key: 'busy_share', label: 'manager.col.busy', kind: 'ratio' },
        { key: 'open_hours', label: 'manager.col.openHours', kind: 'hours' },
      ],
      rows: stats.laneUtilisation.map((l) => [l.laneId, l.busyRatio, Math.round(l.openMs / 360_000) / 10]),
    },
    {
      id: 'backlog',
      title: 'manager.chart.backlog',
      columns: [
        { key: 'time', label: 'manager.col.time', kind: 'time' },
        { key: 'trucks', label: 'manager.col.trucks', kind: 'count' },
      ],
      rows: backlogPoints(stats).map((p) => [p.at, p.value]),
    },
    {
      id: 'holds',
      title: 'manager.chart.holds',
      columns: [
        { key: 'agency', label: 'manager.col.agency', kind: 'code', codePrefix: 'manager.agency.' },
        { key: 'holds', label: 'manager.col.holds', kind: 'count' },
        { key: 'p50_min', label: 'manager.col.p50min', kind: 'minutes' },
        { key: 'p90_min', label: 'manager.col.p90min', kind: 'minutes' },
        { key: 'total_hours', label: 'manager.col.totalHours', kind: 'hours' },
      ],
      rows: holdRows(stats).map((h) => [h.agency, h.count, h.p50Min, h.p90Min, h.totalHours]),
    },
  ];
}

/** A code's name in the reader's language (a class or agency); other text as it is. */
function named(value: string, column: ReportColumn, t: Translate): string {
  return column.codePrefix ? t(`${column.codePrefix}${value}` as MessageKey) : value;
}

/** A cell as the page shows it. */
export function displayCell(value: CsvCell, column: ReportColumn, fmt: Formatters, t: Translate): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return named(value, column, t);
  switch (column.kind) {
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

function csvCell(value: CsvCell, column: ReportColumn, timeZone: string, t: Translate, header: CsvHeader): CsvCell {
  if (typeof value === 'string') return header === 'keys' ? value : named(value, column, t);
  if (typeof value !== 'number') return value;
  if (column.kind === 'time') return isoInZone(value, timeZone);
  if (column.kind === 'day') return isoInZone(value, timeZone).slice(0, 10);
  return value;
}

/**
 * One table as CSV text: the header in the reader's language (or the English keys), values
 * machine-readable, columns always in the same order.
 *
 * @example
 * downloadCsv('kt-waits.csv', tableCsv(tables[1], t, 'Asia/Ho_Chi_Minh'));
 * tableCsv(tables[2], t, 'Asia/Ho_Chi_Minh', 'keys'); // 'lane,busy_share,open_hours\r\nKT-X1,0.5,4\r\n…'
 */
export function tableCsv(table: ReportTable, t: Translate, timeZone: string, header: CsvHeader = 'localised'): string {
  return toCsv(
    table.columns.map((c) => (header === 'keys' ? c.key : t(c.label))),
    table.rows.map((row) => row.map((v, i) => csvCell(v, table.columns[i]!, timeZone, t, header))),
  );
}

/** Every table in one long-format CSV: report, row, measure, value (report ids are always keys). */
export function allTablesCsv(tables: readonly ReportTable[], t: Translate, timeZone: string, header: CsvHeader = 'localised'): string {
  const rows: CsvCell[][] = [];
  for (const table of tables) {
    for (const row of table.rows) {
      const key = csvCell(row[0], table.columns[0]!, timeZone, t, header);
      row.slice(1).forEach((v, i) => {
        const column = table.columns[i + 1]!;
        rows.push([table.id, key, header === 'keys' ? column.key : t(column.label), csvCell(v, column, timeZone, t, header)]);
      });
    }
  }
  const head = header === 'keys'
    ? ['report', 'row', 'measure', 'value']
    : [t('manager.col.report'), t('manager.col.row'), t('manager.col.measure'), t('manager.col.value')];
  return toCsv(head, rows);
}
