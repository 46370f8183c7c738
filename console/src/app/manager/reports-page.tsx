/**
 * /manager/reports — the stats of a date range as tables, each exportable as CSV (made in the
 * browser from the same tables), plus one long-format CSV of everything. CSV headers are in the
 * reader's language, or the stable English keys when "English column keys" is ticked.
 */
import { useState } from 'react';
import { useI18n } from '../i18n/i18n-context.tsx';
import { GATE_TIME_ZONE } from '../i18n/format.ts';
import { downloadCsv } from './charts/csv.ts';
import { DateRangePicker, useDayRange } from './date-range-picker.tsx';
import { allTablesCsv, displayCell, reportTables, tableCsv, type ColumnKind, type CsvHeader } from './report-tables.ts';
import { StatsStatus } from './stats-status.tsx';
import { useGateStats } from './use-gate-stats.ts';
import './manager.css';
import { TableScroll } from '../shared/table-scroll.tsx';

/** Figures are right-aligned (and their "—" with them); names and times are not. */
const isNumeric = (kind: ColumnKind) => kind !== 'text' && kind !== 'code' && kind !== 'time' && kind !== 'day';

export default function ReportsPage() {
  const { t, fmt } = useI18n();
  const [range, setRange] = useDayRange();
  const state = useGateStats('KT', range);
  const [header, setHeader] = useState<CsvHeader>('localised');
  const tables = state.stats ? reportTables(state.stats, GATE_TIME_ZONE) : [];
  const file = (id: string) => `borderflow-KT-${id}-${range.from}_${range.to}.csv`;

  return (
    <section className="page" data-testid="reports-page">
      <div className="page-head">
        <h1>{t('manager.reports.title')}</h1>
        <DateRangePicker range={range} onChange={setRange} />
        <label className="check" title={t('manager.reports.csvKeysHint')}>
          <input type="checkbox" checked={header === 'keys'} data-testid="csv-keys"
            onChange={(e) => setHeader(e.target.checked ? 'keys' : 'localised')} />
          {t('manager.reports.csvKeys')}
        </label>
        <button type="button" className="btn btn-primary" disabled={!state.stats} data-testid="export-all"
          onClick={() => downloadCsv(file('all'), allTablesCsv(tables, t, GATE_TIME_ZONE, header))}>
          {t('manager.reports.exportAll')}
        </button>
      </div>
      <StatsStatus state={state} />
      <div className="report-grid">
        {tables.map((table) => (
          <section key={table.id} className="card report-table" data-testid={`report-${table.id}`}>
            <div className="report-head">
              <h2>{t(table.title)}</h2>
              <button type="button" className="btn btn-small" data-testid={`export-${table.id}`}
                onClick={() => downloadCsv(file(table.id), tableCsv(table, t, GATE_TIME_ZONE, header))}>
                {t('manager.reports.exportCsv')}
              </button>
            </div>
            <TableScroll label={t(table.title)}>
              <table>
                <thead>
                  <tr>
                    {table.columns.map((c) => (
                      <th key={c.label} scope="col" className={isNumeric(c.kind) ? 'num' : ''}>
                        {t(c.label)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {table.rows.length === 0 ? (
                    <tr>
                      <td colSpan={table.columns.length} className="muted">{t('manager.chart.empty')}</td>
                    </tr>
                  ) : (
                    table.rows.map((row, i) => (
                      <tr key={i}>
                        {row.map((v, j) => (
                          <td key={j} className={isNumeric(table.columns[j]!.kind) ? 'num' : ''}>
                            {displayCell(v, table.columns[j]!, fmt, t)}
                          </td>
                        ))}
                      </tr>
                    ))
                  )}
                </tbody>
              </table>
            </TableScroll>
          </section>
        ))}
      </div>
    </section>
  );
}
