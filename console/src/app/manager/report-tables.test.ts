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
    const [tp] = reportTables(STATS, ZONE, en);
    expect(tableCsv(tp!, en, ZONE)).toBe(
      'Hour,Exit,Entry,Total\r\n' +
        '2025-06-01T08:00:00+07:00,6,2,8\r\n' +
        '2025-06-01T09:00:00+07:00,0,0,0\r\n' +
        '2025-06-01T10:00:00+07:00,3,0,3\r\n' +
        '2025-06-01T11:00:00+07:00,0,0,0\r\n',
    );
  });

  it('exports waits per class (blank when no samples), lanes, backlog and holds', () => {
    const tables = reportTables(STATS, ZONE, en);
    const csv = (id: string) => tableCsv(tables.find((t) => t.id === id)!, en, ZONE);
    expect(csv('waits')).toBe('Class,p50 (min),p90 (min)\r\nPerishable,4,9\r\nTrusted trader,,\r\nOrdinary,30,75\r\nEmpty return,,\r\n');
    expect(csv('lanes')).toBe('Lane,Busy share\r\nKT-X1,0.5\r\nKT-N1,0.125\r\n');
    expect(csv('backlog').split('\r\n')[1]).toBe('2025-06-01T08:00:00+07:00,3');
    expect(csv('holds')).toContain('Quarantine,3,55,120,4\r\n');
    expect(csv('holds')).toContain('Customs,0,,,0\r\n');
  });

  it('headers follow the language; everything fits one long-format file', () => {
    const vi = (key: MessageKey) => translate('vi', key);
    const tables = reportTables(STATS, ZONE, vi);
    expect(tableCsv(tables[0]!, vi, ZONE).split('\r\n')[0]).toBe('Giờ,Xuất cảnh,Nhập cảnh,Tổng');
    const all = allTablesCsv(tables, vi, ZONE).split('\r\n');
    expect(all[0]).toBe('Bảng,Dòng,Chỉ số,Giá trị');
    expect(all).toContain('throughput,2025-06-01T08:00:00+07:00,Xuất cảnh,6');
    expect(all).toContain('lanes,KT-X1,Tỷ lệ có xe,0.5');
  });

  it('switches to days for long windows', () => {
    const long = { ...STATS, to: new Date(Date.parse(STATS.from) + 72 * 3_600_000).toISOString() };
    const tp = throughput(long, ZONE);
    expect(tp.granularity).toBe('day');
    expect(tp.buckets.reduce((n, b) => n + b.exit, 0)).toBe(9);
    expect(tp.buckets.length).toBeGreaterThanOrEqual(3);
  });
});
