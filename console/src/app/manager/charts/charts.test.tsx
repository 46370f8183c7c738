import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import { renderWithApp } from '../../testing/render-app.tsx';
import { GroupedBarChart } from './grouped-bar-chart.tsx';
import { LineChart } from './line-chart.tsx';
import { StatsCharts } from './stats-charts.tsx';
import { labelStep, niceTicks } from './chart-scale.ts';
import { STATS } from './stats-fixture.ts';


const bars = (root: HTMLElement, series?: string) =>
  [...root.querySelectorAll<SVGRectElement>(`rect.chart-bar${series ? `[data-series="${series}"]` : ''}`)];

describe('chart scales', () => {
  it('picks round ticks covering the maximum', () => {
    expect(niceTicks(87)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(9)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(niceTicks(1, 4, true)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(labelStep(48, 12)).toBe(4);
  });
});

describe('GroupedBarChart', () => {
  it('draws one bar per category and series, heights in proportion, none for missing values', () => {
    renderWithApp(
      <GroupedBarChart testId="c" title="Trucks" unit="trucks" empty="none" format={String}
        categories={[{ key: 'a', label: 'A' }, { key: 'b', label: 'B' }]}
        series={[{ key: 'x', label: 'X', color: '#000' }, { key: 'y', label: 'Y', color: '#f00' }]}
        value={(c, s) => ({ 'a:x': 10, 'a:y': 5, 'b:x': 20, 'b:y': null } as Record<string, number | null>)[`${c}:${s}`] ?? null} />,
    );
    const chart = screen.getByTestId('c');
    expect(bars(chart)).toHaveLength(3);
    const h = (s: string, c: string) => Number(chart.querySelector(`[data-category="${c}"] rect[data-series="${s}"]`)!.getAttribute('height'));
    expect(h('x', 'b')).toBeCloseTo(2 * h('x', 'a'), 5);
    expect(h('y', 'a')).toBeCloseTo(h('x', 'a') / 2, 5);
    expect(within(chart).getByRole('img', { name: 'Trucks' })).toBeTruthy();
    // The numbers are in a table too (screen readers, copy-paste).
    expect(within(chart).getByRole('table').textContent).toContain('20');
  });

  it('says so when there is nothing to draw', () => {
    renderWithApp(<GroupedBarChart testId="c" title="T" unit="u" empty="Nothing yet" format={String} categories={[]} series={[]} value={() => null} />);
    expect(screen.getByTestId('c').textContent).toContain('Nothing yet');
    expect(screen.getByTestId('c').querySelector('svg')).toBeNull();
  });
});

describe('LineChart', () => {
  it('draws a path through every point', () => {
    renderWithApp(<LineChart testId="l" title="Backlog" unit="trucks" series={{ key: 'b', label: 'B', color: '#00f' }} empty="none"
      points={[{ at: 0, value: 1 }, { at: 1, value: 4 }, { at: 2, value: 2 }]} format={String} formatTime={String} />);
    const d = screen.getByTestId('l').querySelector('path.chart-line')!.getAttribute('d')!;
    expect(d.match(/[ML]/g)).toHaveLength(3);
  });
});

describe('StatsCharts', () => {
  it('shows the five charts of a stats window, empty hours filled, in the chosen language', () => {
    renderWithApp(<StatsCharts stats={STATS} />, { locale: 'en' });
    const throughput = screen.getByTestId('chart-throughput');
    // 4 hours in the window: 4 exit bars (2 of them zero-height), and the 08:00 exit bar is twice the 10:00 one.
    expect(bars(throughput, 'exit')).toHaveLength(4);
    const exit = bars(throughput, 'exit').map((r) => Number(r.getAttribute('height')));
    expect(exit[0]).toBeCloseTo(2 * exit[2]!, 5);
    expect(exit[1]).toBe(0);
    expect(throughput.textContent).toContain('08:00');
    expect(throughput.textContent).toContain('Trucks crossing per hour');

    const waits = screen.getByTestId('chart-waits');
    expect(bars(waits, 'p90').map((r) => r.getAttribute('data-value'))).toEqual(['9', '75']); // perishable, ordinary
    expect(waits.textContent).toContain('Perishable');
    expect(bars(screen.getByTestId('chart-lanes')).map((r) => r.getAttribute('data-value'))).toEqual(['0.5', '0.125']);
    expect(screen.getByTestId('chart-lanes').textContent).toContain('50%');
    expect(screen.getByTestId('chart-backlog').querySelectorAll('circle')).toHaveLength(5);
    const holds = screen.getByTestId('chart-holds');
    expect(bars(holds, 'p50').map((r) => r.getAttribute('data-value'))).toEqual(['55']);
    expect(holds.textContent).toContain('Quarantine (3)');
  });

  it("labels the axes in the reader's number format: a day-long backup reads 1.000 in Vietnamese, 1,000 in English", () => {
    // An ordinary truck's 90th-percentile wait of 25 h: a backlog of more than a day.
    const backedUp = { ...STATS, waitMs: { ...STATS.waitMs, ordinary: { p50: 600 * 60_000, p90: 1500 * 60_000 } } };
    const ticks = () => [...screen.getByTestId('chart-waits').querySelectorAll('.chart-tick text')].map((t) => t.textContent);
    const vi = renderWithApp(<StatsCharts stats={backedUp} />, { locale: 'vi' });
    expect(ticks()).toContain('1.000');
    expect(ticks()).not.toContain('1,000');
    vi.unmount();
    renderWithApp(<StatsCharts stats={backedUp} />, { locale: 'en' });
    expect(ticks()).toContain('1,000');
  });

  it('speaks Chinese', () => {
    renderWithApp(<StatsCharts stats={STATS} />, { locale: 'zh' });
    expect(screen.getByTestId('chart-throughput').textContent).toContain('每小时过境车辆');
    expect(screen.getByTestId('chart-holds').textContent).toContain('检疫 (3)');
  });
});
