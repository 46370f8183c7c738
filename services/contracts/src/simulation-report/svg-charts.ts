/**
 * Small inline SVG charts for the self-contained HTML report: no script, no
 * external asset, readable when the file is mailed or opened offline.
 */

export interface Series {
  name: string;
  values: readonly (number | null)[];
}

const PALETTE = ['#1f6feb', '#d1242f', '#1a7f37', '#9a6700', '#8250df', '#bf3989', '#0a7a8c', '#57606a'];
const W = 720;
const H = 260;
const PAD = { left: 48, right: 12, top: 14, bottom: 36 };

/** Escapes text for HTML and SVG. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * A tick or value label in the reader's number format (BCP 47 tag): `1.234,5` in vi-VN, `1,234.5`
 * in en-GB and zh-CN. A manager reading a Vietnamese report must not read a decimal comma as a
 * thousands separator.
 *
 * @example tickLabel(1234.5, 'vi-VN'); // '1.234,5'
 */
export function tickLabel(v: number, numberLocale: string): string {
  return new Intl.NumberFormat(numberLocale, { maximumFractionDigits: 1 }).format(v);
}

/** A "nice" axis maximum (1, 2, 5 × 10^k) at or above `max`. */
function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 5, 10]) if (m * p >= max) return m * p;
  return 10 * p;
}

function frame(yMax: number, xLabels: readonly string[], xAxis: (i: number) => number, title: string, yUnit: string, numberLocale: string) {
  const plotH = H - PAD.top - PAD.bottom;
  let s = `<text x="${PAD.left}" y="10" font-size="11" fill="#57606a">${esc(yUnit)}</text>`;
  for (let k = 0; k <= 4; k++) {
    const v = (yMax * k) / 4;
    const y = PAD.top + plotH - (plotH * k) / 4;
    s += `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y}" y2="${y}" stroke="#eaeef2"/>`;
    s += `<text x="${PAD.left - 6}" y="${y + 4}" font-size="10" text-anchor="end" fill="#57606a">${esc(tickLabel(v, numberLocale))}</text>`;
  }
  const every = Math.max(1, Math.ceil(xLabels.length / 16));
  xLabels.forEach((label, i) => {
    if (i % every === 0) s += `<text x="${xAxis(i)}" y="${H - PAD.bottom + 14}" font-size="10" text-anchor="middle" fill="#57606a">${esc(label)}</text>`;
  });
  return `<svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="${esc(title)}" xmlns="http://www.w3.org/2000/svg">${s}`;
}

function legend(names: readonly string[]): string {
  return `<div class="legend">${names.map((n, i) => `<span><i style="background:${PALETTE[i % PALETTE.length]}"></i>${esc(n)}</span>`).join('')}</div>`;
}

/**
 * Lines over a shared x axis (e.g. queue length per stage every 15 min); `numberLocale` formats the ticks.
 * @example lineChart('Queues', ['0:00', '0:15'], [{ name: 'documents', values: [0, 3] }], 'trucks', 'vi-VN')
 */
export function lineChart(title: string, xLabels: readonly string[], series: readonly Series[], yUnit: string, numberLocale = 'en-GB'): string {
  const max = niceMax(Math.max(0, ...series.flatMap((s) => s.values.filter((v): v is number => v !== null))));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (xLabels.length > 1 ? (plotW * i) / (xLabels.length - 1) : plotW / 2);
  const y = (v: number) => PAD.top + plotH - (plotH * v) / max;
  let svg = frame(max, xLabels, x, title, yUnit, numberLocale);
  series.forEach((s, k) => {
    const pts = s.values.map((v, i) => (v === null ? null : `${x(i).toFixed(1)},${y(v).toFixed(1)}`)).filter(Boolean).join(' ');
    svg += `<polyline fill="none" stroke="${PALETTE[k % PALETTE.length]}" stroke-width="1.8" points="${pts}"/>`;
  });
  return `<figure><figcaption>${esc(title)}</figcaption>${svg}</svg>${legend(series.map((s) => s.name))}</figure>`;
}

/** Grouped bars: one group per x label, one bar per series. */
export function barChart(title: string, xLabels: readonly string[], series: readonly Series[], yUnit: string, numberLocale = 'en-GB'): string {
  const max = niceMax(Math.max(0, ...series.flatMap((s) => s.values.filter((v): v is number => v !== null))));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const group = plotW / Math.max(1, xLabels.length);
  const bar = (group * 0.8) / Math.max(1, series.length);
  const x = (i: number) => PAD.left + group * i + group / 2;
  let svg = frame(max, xLabels, x, title, yUnit, numberLocale);
  series.forEach((s, k) => {
    s.values.forEach((v, i) => {
      if (v === null || v <= 0) return;
      const h = (plotH * v) / max;
      const left = PAD.left + group * i + group * 0.1 + bar * k;
      svg += `<rect x="${left.toFixed(1)}" y="${(PAD.top + plotH - h).toFixed(1)}" width="${Math.max(1, bar - 1).toFixed(1)}" height="${h.toFixed(1)}" fill="${PALETTE[k % PALETTE.length]}"><title>${esc(`${s.name} ${xLabels[i]}: ${tickLabel(v, numberLocale)}`)}</title></rect>`;
    });
  });
  return `<figure><figcaption>${esc(title)}</figcaption>${svg}</svg>${legend(series.map((s) => s.name))}</figure>`;
}

/** Predicted against actual (minutes), with the diagonal where they agree. */
export function scatterChart(title: string, points: readonly (readonly [number, number])[], xName: string, yName: string, numberLocale = 'en-GB'): string {
  const max = niceMax(Math.max(1, ...points.flatMap(([a, b]) => [a, b])));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const x = (v: number) => PAD.left + (plotW * v) / max;
  const y = (v: number) => PAD.top + plotH - (plotH * v) / max;
  const ticks = [0, 1, 2, 3, 4].map((k) => tickLabel((max * k) / 4, numberLocale));
  let svg = frame(max, ticks, (i) => x((max * i) / 4), title, yName, numberLocale);
  svg += `<line x1="${x(0)}" y1="${y(0)}" x2="${x(max)}" y2="${y(max)}" stroke="#8c959f" stroke-dasharray="4 3"/>`;
  for (const [a, b] of points) svg += `<circle cx="${x(a).toFixed(1)}" cy="${y(b).toFixed(1)}" r="2.2" fill="${PALETTE[0]}" fill-opacity="0.6"/>`;
  svg += `<text x="${W - PAD.right}" y="${H - 4}" font-size="11" text-anchor="end" fill="#57606a">${esc(xName)}</text>`;
  return `<figure><figcaption>${esc(title)}</figcaption>${svg}</svg></figure>`;
}
