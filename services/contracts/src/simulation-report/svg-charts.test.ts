/** The report charts label their axes in the reader's number format. */
import { describe, expect, it } from 'vitest';
import { barChart, lineChart, scatterChart, tickLabel } from './svg-charts.ts';

/** The y-axis tick labels of a chart, bottom to top. */
function yTicks(svg: string): string[] {
  return [...svg.matchAll(/<text x="\d+(?:\.\d+)?" y="[\d.]+" font-size="10" text-anchor="end" fill="#57606a">([^<]*)<\/text>/g)].map((m) => m[1]!);
}

describe('chart tick labels', () => {
  it('use a decimal comma and a dot for thousands in Vietnamese, the reverse in English and Chinese', () => {
    expect(tickLabel(1234.5, 'vi-VN')).toBe('1.234,5');
    expect(tickLabel(1234.5, 'en-GB')).toBe('1,234.5');
    expect(tickLabel(1234.5, 'zh-CN')).toBe('1,234.5');
  });

  it('are formatted on every chart kind (thousands on a line chart, decimals on a bar chart and a scatter)', () => {
    const thousands = lineChart('Queue', ['0:00', '1:00'], [{ name: 'q', values: [0, 4000] }], 'trucks', 'vi-VN');
    expect(yTicks(thousands)).toEqual(['0', '1.250', '2.500', '3.750', '5.000']);
    expect(yTicks(lineChart('Queue', ['0:00', '1:00'], [{ name: 'q', values: [0, 4000] }], 'trucks'))).toEqual(['0', '1,250', '2,500', '3,750', '5,000']);

    const bars = barChart('Share', ['X1'], [{ name: 'busy', values: [4.2] }], '%', 'vi-VN');
    expect(yTicks(bars)).toEqual(['0', '1,3', '2,5', '3,8', '5']);
    expect(bars).toContain('<title>busy X1: 4,2</title>');

    const scatter = scatterChart('ETA', [[1.5, 4]], 'actual', 'predicted', 'vi-VN');
    expect(yTicks(scatter)).toEqual(['0', '1,3', '2,5', '3,8', '5']);
    // The x axis of a scatter carries the same figures, below the plot.
    expect(scatter).toContain('text-anchor="middle" fill="#57606a">2,5</text>');
  });
});
