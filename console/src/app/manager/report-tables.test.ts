import { describe, expect, it } from 'vitest';
import { translate } from '../i18n/translate.ts';
import type { MessageKey } from '../i18n/messages.ts';
import { STATS } from './charts/stats-fixture.ts';
import { throughput } from './charts/stats-series.ts';
import { allTablesCsv, reportTables, tableCsv } from './report-tables.ts';

const en = (key: MessageKey) => translate('en', key);
const ZONE = 'Asia/Ho_Chi_Minh';

describe('report tables and their CSV', () => {
  it('exports trucks per hour with gate-local ISO times, zero hours included', () => {
    const [tp] = reportTables(STATS, ZONE);
    expect(tableCsv(tp!, en, ZONE)).toBe(
      'Hour,Exit,Entry,Total\r\n' +
        '2025-06-01T08:00:00+07:00,6,2,8\r\n' +
        '2025-06-01T09:00:00+07:00,0,0,0\r\n' +
        '2025-06-01T10:00:00+07:00,3,0,3\r\n' +
        '2025-06-01T11:00:00+07:00,0,0,0\r\n',
    );
  });

  it('exports waits per class (blank when no samples), lanes, backlog and holds', () => {
    const tables = reportTables(STATS, ZONE);
    const csv = (id: string) => tableCsv(tables.find((t) => t.id === id)!, en, ZONE);
    // Completed waits, then the median counting the trucks still waiting (Kaplan–Meier) and how many still wait.
    expect(csv('waits')).toBe(
      'Class,p50 (min),p90 (min),p50 incl. trucks still waiting (min),Still waiting\r\nPerishable,4,9,,0\r\nTrusted trader,,,,0\r\nOrdinary,30,75,35,3\r\nEmpty return,,,,0\r\nWalk-in,,,,0\r\n',
    );
    // Busy share of the time the lane was open, and those hours.
    expect(csv('lanes')).toBe('Lane,Busy share of open time,Hours open\r\nKT-X1,0.5,4\r\nKT-N1,0.125,4\r\n');
    expect(csv('backlog').split('\r\n')[1]).toBe('2025-06-01T08:00:00+07:00,3');
    expect(csv('holds')).toContain('Quarantine,3,55,120,4\r\n');
    expect(csv('holds')).toContain('Customs,0,,,0\r\n');
  });

  it('headers follow the language; everything fits one long-format file', () => {
    const vi = (key: MessageKey) => translate('vi', key);
    const tables = reportTables(STATS, ZONE);
    expect(tableCsv(tables[0]!, vi, ZONE).split('\r\n')[0]).toBe('Giờ,Xuất cảnh,Nhập cảnh,Tổng');
    const all = allTablesCsv(tables, vi, ZONE).split('\r\n');
    expect(all[0]).toBe('Bảng,Dòng,Chỉ số,Giá trị');
    expect(all).toContain('throughput,2025-06-01T08:00:00+07:00,Xuất cảnh,6');
    expect(all).toContain('lanes,KT-X1,Tỷ lệ có xe (trên giờ mở),0.5');
    expect(all).toContain('waits,Tươi sống,p50 (phút),4');
    const zh = (key: MessageKey) => translate('zh', key);
    expect(tableCsv(tables.find((t) => t.id === 'holds')!, zh, ZONE)).toContain('检疫,3,55,120,4\r\n');
  });

  it('writes stable English keys (header, codes, measures) when asked, in the same column order', () => {
    const vi = (key: MessageKey) => translate('vi', key);
    const tables = reportTables(STATS, ZONE);
    const waits = tables.find((t) => t.id === 'waits')!;
    expect(tableCsv(waits, vi, ZONE, 'keys')).toBe(
      'class,p50_min,p90_min,p50_incl_waiting_min,still_waiting\r\nperishable,4,9,,0\r\ntrusted,,,,0\r\nordinary,30,75,35,3\r\nempty_return,,,,0\r\nwalk_in,,,,0\r\n',
    );
    expect(tableCsv(tables[0]!, vi, ZONE, 'keys').split('\r\n')[0]).toBe('hour,exit,entry,total');
    expect(tableCsv(tables.find((t) => t.id === 'holds')!, vi, ZONE, 'keys')).toContain('quarantine,3,55,120,4\r\n');
    const all = allTablesCsv(tables, vi, ZONE, 'keys').split('\r\n');
    expect(all[0]).toBe('report,row,measure,value');
    expect(all).toContain('lanes,KT-X1,busy_share,0.5');
    expect(all).toContain('waits,perishable,p50_min,4');
    // Every column has its own key.
    for (const table of tables) expect(new Set(table.columns.map((c) => c.key)).size).toBe(table.columns.length);
  });

  it('switches to days for long windows', () => {
    const long = { ...STATS, to: new Date(Date.parse(STATS.from) + 72 * 3_600_000).toISOString() };
    const tp = throughput(long, ZONE);
    expect(tp.granularity).toBe('day');
    expect(tp.buckets.reduce((n, b) => n + b.exit, 0)).toBe(9);
    expect(tp.buckets.length).toBeGreaterThanOrEqual(3);
    // The table is titled by what its rows are: days, not "per hour".
    expect(reportTables(long, ZONE)[0]!.title).toBe('manager.chart.throughputDaily');
    expect(reportTables(STATS, ZONE)[0]!.title).toBe('manager.chart.throughput');
  });
});
