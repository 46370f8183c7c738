/**
 * The calibration report as one self-contained HTML file: the figures, and inline SVG plots of
 * predicted against observed waits over the test hours (no script, no external asset). Written in
 * the reader's language (vi, en, zh), numbers in their format: a Vietnamese manager reads
 * `12,5 %` and a chart tick `1.234,5`, never an English decimal point they would misread.
 */
import { SIM_REPORT_INTL, esc, lineChart, scatterChart, type SimReportLocale } from '@borderflow/contracts';
import type { CalibrationResult } from './calibrate.ts';

const CSS = `body{font:14px/1.45 system-ui,sans-serif;max-width:780px;margin:24px auto;padding:0 12px;color:#1f2328}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #d0d7de;padding:4px 8px;text-align:right}th:first-child,td:first-child{text-align:left}
figure{margin:16px 0}figcaption{font-weight:600}.legend span{margin-right:12px}.legend i{display:inline-block;width:10px;height:10px;margin-right:4px}.muted{color:#57606a}`;

/** What the summary paragraph says; every figure arrives already in the reader's number format. */
interface Summary {
  source: string;
  rows: string;
  train: string;
  test: string;
  model: string;
  secondsPerTruck: string;
  notWaiting: string;
  kind: string;
  growthLow: string;
  growthHigh: string;
  naiveSecondsPerTruck: string;
}

interface CalibrationWords {
  title: (source: string) => string;
  heading: string;
  summary: (s: Summary) => string;
  colModel: string;
  colNaive: string;
  colNoDrift: string;
  mdape: string;
  mae: string;
  goal: string;
  met: string;
  notMet: string;
  lineTitle: string;
  observed: string;
  predicted: string;
  naive: string;
  hours: string;
  scatterTitle: string;
}

const WORDS: Record<SimReportLocale, CalibrationWords> = {
  en: {
    title: (source) => `Calibration — ${source}`,
    heading: 'Calibration to observed waits',
    summary: (s) => `${s.source}: ${s.rows} observations; fitted on the first ${s.train}, tested on the last ${s.test}.
Model: ${s.model}; at the split L = ${s.secondsPerTruck} s per truck, c = ${s.notWaiting} trucks
(${s.kind} fit); ordinary 72-hour queue growth ${s.growthLow} to ${s.growthHigh} trucks/h.
No test-hour wait is read by the model. Naive predictor: queue × ${s.naiveSecondsPerTruck} s.`,
    colModel: 'model',
    colNaive: 'naive',
    colNoDrift: 'model without drift',
    mdape: 'wait MdAPE (test hours with wait > 0)',
    mae: 'wait MAE, minutes',
    goal: 'Goal (MdAPE ≤ 20 % and ≤ 0.8 × naive)',
    met: 'met',
    notMet: 'not met',
    lineTitle: 'Wait of a truck joining, test hours: observed, predicted, naive',
    observed: 'observed',
    predicted: 'predicted',
    naive: 'naive',
    hours: 'hours',
    scatterTitle: 'Predicted against observed (hours)',
  },
  vi: {
    title: (source) => `Hiệu chỉnh — ${source}`,
    heading: 'Hiệu chỉnh mô hình theo thời gian chờ thực tế',
    summary: (s) => `${s.source}: ${s.rows} lần quan sát; khớp trên ${s.train} lần đầu, kiểm tra trên ${s.test} lần cuối.
Mô hình: ${s.model}; tại điểm chia L = ${s.secondsPerTruck} giây mỗi xe, c = ${s.notWaiting} xe
(khớp kiểu ${s.kind}); hàng chờ tăng bình thường trong 72 giờ từ ${s.growthLow} đến ${s.growthHigh} xe/giờ.
Mô hình không đọc thời gian chờ của giờ kiểm tra nào. Dự báo đơn giản: số xe chờ × ${s.naiveSecondsPerTruck} giây.`,
    colModel: 'mô hình',
    colNaive: 'đơn giản',
    colNoDrift: 'mô hình không tính trôi',
    mdape: 'MdAPE thời gian chờ (giờ kiểm tra có chờ > 0)',
    mae: 'MAE thời gian chờ, phút',
    goal: 'Mục tiêu (MdAPE ≤ 20 % và ≤ 0,8 × đơn giản)',
    met: 'đạt',
    notMet: 'chưa đạt',
    lineTitle: 'Thời gian chờ của xe vào hàng, các giờ kiểm tra: thực tế, dự báo, đơn giản',
    observed: 'thực tế',
    predicted: 'dự báo',
    naive: 'đơn giản',
    hours: 'giờ',
    scatterTitle: 'Dự báo so với thực tế (giờ)',
  },
  zh: {
    title: (source) => `校准 — ${source}`,
    heading: '按实际等待时间校准',
    summary: (s) => `${s.source}：${s.rows} 条观测；用前 ${s.train} 条拟合，用后 ${s.test} 条检验。
模型：${s.model}；分割点处 L = 每车 ${s.secondsPerTruck} 秒，c = ${s.notWaiting} 辆
（${s.kind} 拟合）；72 小时内队列正常增长为每小时 ${s.growthLow} 至 ${s.growthHigh} 辆。
模型不读取任何检验时段的等待时间。朴素预测：排队车辆数 × ${s.naiveSecondsPerTruck} 秒。`,
    colModel: '模型',
    colNaive: '朴素',
    colNoDrift: '不含漂移的模型',
    mdape: '等待时间 MdAPE（等待 > 0 的检验时段）',
    mae: '等待时间 MAE（分钟）',
    goal: '目标（MdAPE ≤ 20 % 且 ≤ 0.8 × 朴素）',
    met: '已达成',
    notMet: '未达成',
    lineTitle: '车辆加入排队时的等待时间（检验时段）：实际、预测、朴素',
    observed: '实际',
    predicted: '预测',
    naive: '朴素',
    hours: '小时',
    scatterTitle: '预测与实际对比（小时）',
  },
};

const hours = (s: number) => Math.round((s / 3600) * 10) / 10;

/**
 * @example
 * writeFileSync('calibration.html', renderCalibrationHtml(result));       // English
 * writeFileSync('calibration.vi.html', renderCalibrationHtml(result, 'vi')); // 12,5 %, ticks 1.234,5
 */
export function renderCalibrationHtml(r: CalibrationResult, locale: SimReportLocale = 'en'): string {
  const w = WORDS[locale];
  const tag = SIM_REPORT_INTL[locale];
  const num = (v: number, digits = 1) => (Number.isFinite(v) ? new Intl.NumberFormat(tag, { maximumFractionDigits: digits }).format(v) : '–');
  const pct = (v: number) => (Number.isFinite(v) ? `${new Intl.NumberFormat(tag, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v * 100)} %` : '–');
  const fixed1 = (v: number) => new Intl.NumberFormat(tag, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v);
  const labels = r.predictions.map((p) => p.checkpoint_time.slice(5, 10));
  const goal = r.wait_mdape <= 0.2 && r.wait_mdape <= 0.8 * r.baseline_wait_mdape;
  const rows = [
    [w.mdape, pct(r.wait_mdape), pct(r.baseline_wait_mdape), pct(r.level_only_wait_mdape)],
    [w.mae, fixed1(r.wait_mae_min), fixed1(r.baseline_wait_mae_min), '–'],
  ];
  const m = r.model.atSplit;
  const summary = w.summary({
    source: esc(r.source),
    rows: num(r.rows, 0),
    train: num(r.train_hours, 0),
    test: num(r.test_hours, 0),
    model: esc(r.model.description),
    secondsPerTruck: num(m.secondsPerTruck),
    notWaiting: num(m.trucksNotWaiting),
    kind: esc(m.kind),
    growthLow: num(m.growthBand.low),
    growthHigh: num(m.growthBand.high),
    naiveSecondsPerTruck: num(r.model.baselineSecondsPerTruck),
  });
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(w.title(r.source))}</title><style>${CSS}</style></head><body>
<h1>${esc(w.heading)}</h1>
<p class="muted">${summary}</p>
<table><tr><th></th><th>${esc(w.colModel)}</th><th>${esc(w.colNaive)}</th><th>${esc(w.colNoDrift)}</th></tr>
${rows.map((row) => `<tr>${row.map((c, i) => (i === 0 ? `<th>${esc(c)}</th>` : `<td>${esc(c)}</td>`)).join('')}</tr>`).join('\n')}</table>
<p>${esc(w.goal)}: <b>${esc(goal ? w.met : w.notMet)}</b>.</p>
${lineChart(w.lineTitle, labels, [
    { name: w.observed, values: r.observed_wait_s.map(hours) },
    { name: w.predicted, values: r.predictions.map((p) => hours(p.predicted_wait_s)) },
    { name: w.naive, values: r.baseline_wait_s.map(hours) },
  ], w.hours, tag)}
${scatterChart(w.scatterTitle, r.predictions.map((p, i) => [hours(r.observed_wait_s[i]!), hours(p.predicted_wait_s)] as const), w.observed, w.predicted, tag)}
</body></html>
`;
}
