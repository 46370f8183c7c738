/** The calibration report in each of the gate's languages, figures in the reader's number format. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { calibrate } from './calibrate.ts';
import { renderCalibrationHtml } from './calibration-html.ts';
import { parseQueueCsv } from './echerha-csv.ts';

const FIXTURE = join(fileURLToPath(new URL('.', import.meta.url)), 'fixtures/synthetic-slowdown.csv');
const result = calibrate(parseQueueCsv(readFileSync(FIXTURE, 'utf8')), 'synthetic-slowdown.csv');

/** The MdAPE as the report's table shows it in a locale (one decimal, then " %"). */
const pct = (v: number, tag: string) => `${new Intl.NumberFormat(tag, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v * 100)} %`;

describe('calibration report', () => {
  it('reads in Vietnamese with decimal commas in the table and on the chart ticks', () => {
    const html = renderCalibrationHtml(result, 'vi');
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain('Hiệu chỉnh mô hình theo thời gian chờ thực tế');
    expect(html).toContain('Dự báo so với thực tế (giờ)');
    expect(html).toContain(`<td>${pct(result.wait_mdape, 'vi-VN')}</td>`);
    expect(pct(result.wait_mdape, 'vi-VN')).toMatch(/^\d+,\d %$/);
    expect(html).toContain('Mục tiêu (MdAPE ≤ 20 % và ≤ 0,8 × đơn giản)');
    const perTruck = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 }).format(result.model.atSplit.secondsPerTruck);
    expect(perTruck).toMatch(/,/);
    expect(html).toContain(`L = ${perTruck} giây mỗi xe`);
    // No axis tick reads with an English decimal point (the charts' own format is tested in contracts).
    const ticks = [...html.matchAll(/text-anchor="end" fill="#57606a">([^<]*)<\/text>/g)].map((m) => m[1]!);
    expect(ticks.length).toBeGreaterThan(0);
    expect(ticks.filter((t) => /\d\.\d$/.test(t))).toEqual([]);
    expect(html).not.toContain('Predicted against observed');
  });

  it('reads in Chinese and in English', () => {
    const zh = renderCalibrationHtml(result, 'zh');
    expect(zh).toContain('<html lang="zh">');
    expect(zh).toContain('按实际等待时间校准');
    expect(zh).toContain(`<td>${pct(result.wait_mdape, 'zh-CN')}</td>`);
    const en = renderCalibrationHtml(result);
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('Predicted against observed (hours)');
    expect(en).toContain(`<td>${pct(result.wait_mdape, 'en-GB')}</td>`);
  });
});
