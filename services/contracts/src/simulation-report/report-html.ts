/**
 * The simulation report as one self-contained HTML page (inline CSS and SVG,
 * no script, no external asset): what a manager opens, prints or mails.
 *
 * Rendered from the stored report JSON in the reader's language (vi, en, zh) when it is read:
 * the API answers each reader in theirs, and the JSON keeps one language-free truth. The words
 * live in report-words.ts; numbers go through Intl.NumberFormat, times in the gate's zone.
 * Scenario and policy titles and descriptions come from their files' `translations` (English otherwise).
 */
import { STAGES } from '../domain.ts';
import { simWording, type SimPolicyRun, type SimReport, type SimWaitStats } from '../simulation.ts';
import { barChart, esc, lineChart, scatterChart, type Series } from './svg-charts.ts';
import { SIM_REPORT_INTL, SIM_REPORT_WORDS, type Count, type ReportWords, type SimReportLocale } from './report-words.ts';

const CSS = `body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:1000px;color:#1f2328;padding:0 16px}
h1{font-size:22px;margin-bottom:4px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #d0d7de;padding-bottom:4px}h3{font-size:15px}
table{border-collapse:collapse;margin:8px 0 16px;font-variant-numeric:tabular-nums}th,td{border:1px solid #d0d7de;padding:3px 8px;text-align:right}
th:first-child,td:first-child{text-align:left}thead th{background:#f6f8fa}.muted{color:#57606a}.ok{color:#1a7f37;font-weight:600}.bad{color:#d1242f;font-weight:600}
figure{margin:12px 0}figcaption{font-weight:600;margin-bottom:4px}.legend span{margin-right:14px;font-size:12px}.legend i{display:inline-block;width:10px;height:10px;margin-right:4px;vertical-align:middle}
.best{background:#dafbe1}`;

/** Gate-local clock for "generated at" (the gate's time zone, whatever the server's). */
const GATE_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** The reader's number and date formats, and the words of their language. */
class Lang {
  readonly w: ReportWords;
  /** The reader's BCP 47 tag, for numbers, dates and the charts' ticks. */
  readonly tag: string;
  constructor(readonly locale: SimReportLocale) {
    this.w = SIM_REPORT_WORDS[locale];
    this.tag = SIM_REPORT_INTL[locale];
  }

  /** A figure rounded to `digits`, in the reader's number format; '–' when unknown. */
  num(v: number | null | undefined, digits = 1): string {
    return v === null || v === undefined || !Number.isFinite(v) ? '–' : new Intl.NumberFormat(this.tag, { maximumFractionDigits: digits }).format(v);
  }

  count(n: number): Count {
    return { n, text: this.num(n, 0) };
  }

  /** An ISO instant as the gate's local date and time. */
  instant(iso: string): string {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : new Intl.DateTimeFormat(this.tag, { dateStyle: 'medium', timeStyle: 'short', timeZone: GATE_TIME_ZONE }).format(d);
  }

  stage(s: string): string {
    return (this.w.stage as Record<string, string>)[s] ?? s;
  }

  cls(c: string): string {
    return (this.w.priorityClass as Record<string, string>)[c] ?? c;
  }

  /** "aging 3, interleave 2" with the rules' names in the reader's language. */
  rules(byRule: Record<string, number>): string {
    return Object.entries(byRule).map(([k, n]) => `${this.w.rule[k] ?? k} ${this.num(n, 0)}`).join(', ');
  }

  /** A comparison metric (English key in the JSON) in the reader's language. */
  metric(metric: string): string {
    const direct = this.w.metric[metric];
    if (direct) return direct;
    const m = /^(\S+) (wait p\d+)$/.exec(metric);
    const pattern = m ? this.w.metric[`{class} ${m[2]}`] : undefined;
    return m && pattern ? pattern.replace('{class}', this.cls(m[1]!)) : metric;
  }
}

const hhmm = (minute: number) => `${String(Math.floor(minute / 60) % 24).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  return `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

function waitRows(l: Lang, entries: readonly [string, SimWaitStats | undefined][]): string[][] {
  return entries.filter(([, w]) => w && w.count > 0).map(([k, w]) => [
    esc(k), l.num(w!.count, 0), l.num(w!.meanMin), l.num(w!.p50Min), l.num(w!.p90Min), l.num(w!.p99Min), l.num(w!.maxMin),
  ]);
}

/**
 * The fairness paragraph: a sentence in the reader's language for every case (no overtake, all
 * explained, some or none explained).
 *
 * @example
 * fairnessHtml('en', run.fairness); // '<p>1,204 (called truck, waiting truck) pairs compared; all 12 overtakes are explained …'
 */
export function fairnessHtml(locale: SimReportLocale, f: SimPolicyRun['fairness'], callUpsByRule: Record<string, number> = {}): string {
  const l = new Lang(locale);
  const { text, unexplainedText } = l.w.fairness({
    pairs: l.count(f.comparedPairs),
    overtakes: l.count(f.overtakes),
    explained: l.count(f.overtakes - f.unexplained),
    unexplained: l.count(f.unexplained),
    rules: l.rules(f.explainedBy),
  });
  // A comma ends the text before the unexplained count (same sentence): a space in vi/en, none in zh.
  const verdict = unexplainedText ? `${l.w.gap}<span class="${f.unexplained ? 'bad' : 'ok'}">${esc(unexplainedText)}</span>` : '';
  return `<p>${esc(text)}${verdict}${l.w.gap}${esc(l.w.callUpsByRule(l.rules(callUpsByRule)))}</p>`;
}

function runSection(l: Lang, run: SimPolicyRun): string {
  const { w } = l;
  const t = run.trucks;
  const hours = run.throughputPerHour.map((h) => w.hour(h.hour % 24));
  const samples = run.queueLengths.samples;
  const stagesSeen = STAGES.filter((s) => samples.some((x) => (x.byStage[s] ?? 0) > 0));
  const queueSeries: Series[] = [
    ...stagesSeen.map((s) => ({ name: w.waitingFor(l.stage(s)), values: samples.map((x) => x.byStage[s] ?? 0) })),
    { name: w.held, values: samples.map((x) => x.held) },
    { name: w.exitQueue, values: samples.map((x) => x.exitQueue) },
  ];
  const f = run.fairness;
  const cfg = run.policy.config;
  return `<h2>${esc(w.policy)}: ${esc(simWording(run.policy, l.locale).title)} <span class="muted">(${esc(run.policy.id)})</span></h2>
<p class="muted">${esc(w.configLine({
    interleave: cfg.interleave.map((c) => l.cls(c)).join(', '), aging: l.num(cfg.agingMs / 60_000), timeout: l.num(cfg.callUpTimeoutMs / 60_000),
    exitCap: cfg.crossCapPerHour.exit ? l.num(cfg.crossCapPerHour.exit, 0) : '∞', entryCap: cfg.crossCapPerHour.entry ? l.num(cfg.crossCapPerHour.entry, 0) : '∞',
    commands: l.num(run.commands, 0), events: l.num(run.events, 0), wall: l.num(run.wallMs / 1000),
  }))}</p>
${table(w.trucksHead, [['', l.num(t.arrived, 0), l.num(t.crossed, 0), l.num(t.turnedBack, 0), l.num(t.droppedNoShow, 0), l.num(t.inGateAtEnd, 0)]])}
${barChart(w.throughputTitle, hours, [
    { name: w.arrived, values: run.throughputPerHour.map((h) => h.arrived) },
    { name: w.firstCallUps, values: run.throughputPerHour.map((h) => h.called) },
    { name: w.crossed, values: run.throughputPerHour.map((h) => h.crossed) },
  ], w.trucksPerHour, l.tag)}
<h3>${esc(w.waitsTitle)}</h3>
${table(w.waitHead, [
    ...waitRows(l, [[w.arrivalToFirstCallUp, run.waits.firstCallUp], [w.arrivalToCrossing, run.waits.timeInGate]]),
    ...waitRows(l, Object.entries(run.waits.byClass).map(([k, v]) => [w.classRow(l.cls(k)), v])),
    ...waitRows(l, Object.entries(run.waits.byStage).map(([k, v]) => [w.stageRow(l.stage(k)), v])),
  ])}
<h3>${esc(w.lanesTitle)}</h3>
${table(w.lanesHead,
    run.lanes.map((ln) => [`${esc(ln.laneId)} <span class="muted">${esc(ln.name)}</span>`, l.num(ln.openMin), l.num(ln.busyMin), l.num(ln.occupiedMin),
      `${l.num(ln.utilisation * 100)} %`, l.num(ln.inspections, 0), esc(Object.entries(ln.byStage).map(([s, n]) => `${l.stage(s)} ${l.num(n, 0)}`).join(', '))]))}
${barChart(w.utilisationTitle, run.lanes.map((ln) => ln.laneId), [
    { name: w.inspecting, values: run.lanes.map((ln) => +(ln.utilisation * 100).toFixed(1)) },
    { name: w.heldForTruck, values: run.lanes.map((ln) => (ln.openMin ? +Math.min(100, (ln.occupiedMin / ln.openMin) * 100).toFixed(1) : 0)) },
  ], '%', l.tag)}
${lineChart(w.queuesTitle, samples.map((s) => hhmm(s.minute)), queueSeries, w.trucks, l.tag)}
<h3>${esc(w.etaTitle)}</h3>
<p>${esc(w.etaText({
    samples: l.count(run.eta.samples), p50: l.num(run.eta.absErrorP50Min), p90: l.num(run.eta.absErrorP90Min), mean: l.num(run.eta.meanErrorMin),
    rel50: l.num((run.eta.relErrorP50 ?? 0) * 100), rel90: l.num((run.eta.relErrorP90 ?? 0) * 100), medianShare: l.num((run.eta.medianAbsErrorOverMedianWait ?? 0) * 100),
  }))}</p>
${scatterChart(w.scatterTitle, run.eta.points, w.predicted, w.actual, l.tag)}
<h3>${esc(w.fairnessTitle)}</h3>
${fairnessHtml(l.locale, f, run.callUpsByRule)}
${f.examples.length ? table(w.examplesHead, f.examples.map((e) => [esc(e.earlier), esc(e.later), esc(l.stage(e.stage)), esc(l.cls(e.priorityClass)), esc(e.note)])) : ''}`;
}

function comparisonSection(l: Lang, report: SimReport): string {
  if (!report.comparison) return '';
  const { w } = l;
  const ids = report.runs.map((r) => r.policy.id);
  const rows = report.comparison.rows.map((row) => {
    const vals = ids.map((id) => row.values[id] ?? null);
    const present = vals.filter((v): v is number => v !== null);
    const best = present.length ? (row.lowerIsBetter ? Math.min(...present) : Math.max(...present)) : null;
    return [`${esc(l.metric(row.metric))} <span class="muted">${esc(w.unit[row.unit] ?? row.unit)}</span>`,
      ...vals.map((v) => (v !== null && v === best && present.length > 1 ? `<span class="best">${l.num(v)}</span>` : l.num(v)))];
  });
  const crossed: Series[] = report.runs.map((r) => ({ name: r.policy.id, values: r.throughputPerHour.map((h) => h.crossed) }));
  return `<h2>${esc(w.sideBySide(String(report.seed)))}</h2>
${table(['', ...ids], rows)}
${lineChart(w.crossingsByPolicy, report.runs[0]!.throughputPerHour.map((h) => w.hour(h.hour % 24)), crossed, w.trucksPerHour, l.tag)}`;
}

/**
 * @example
 * writeFileSync('report.html', renderReportHtml(report));       // English
 * res.type('html').send(renderReportHtml(report, 'vi'));         // the reader's language
 */
export function renderReportHtml(report: SimReport, locale: SimReportLocale = 'en'): string {
  const l = new Lang(locale);
  const { w } = l;
  const s = report.scenario;
  const words = simWording(s, locale);
  const farSide = s.farSideCapPerDay ? w.farSide(JSON.stringify(s.farSideCapPerDay)) : '';
  const disruptions = s.disruptions.length
    ? w.disruptions(s.disruptions.map((d) => `${w.disruption[d.kind] ?? d.kind}${d.kind === 'lane_outage' ? ` ${d.laneId}` : ''} ${l.num(d.fromHour)}–${l.num(d.toHour)} h`).join(', '))
    : '';
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(words.title)} — ${esc(w.pageTitle)}</title><style>${CSS}</style></head><body>
<h1>${esc(words.title)}</h1>
<p class="muted">${w.scenarioLine({
    id: esc(s.id), gate: esc(s.gate), date: esc(s.date), hours: l.num(s.durationHours), seed: String(report.seed),
    generated: esc(l.instant(report.generatedAt)), wall: l.num(report.wallMs / 1000), perSecond: l.num(report.trucksPerWallSecond, 0),
  })}</p>
<p>${esc(words.description)}</p>
<p class="muted">${esc(w.demandLine({
    trucks: l.num(s.arrivals.trucksPerDay, 0), leaving: l.num(s.arrivals.exitShare * 100, 0), open: String(s.openingHours.openHour), close: String(s.openingHours.closeHour),
    channels: [s.channelMix.green, s.channelMix.yellow, s.channelMix.red].map((v) => l.num(v, 2)).join('/'), perishable: l.num(s.cargo.perishableFactor, 2),
    noShows: l.num(s.travel.noShowShare * 100), late: l.num(s.travel.lateShare * 100), farSide, disruptions,
  }))}
${esc(w.realScheduler)}</p>
${comparisonSection(l, report)}
${report.runs.map((run) => runSection(l, run)).join('\n')}
</body></html>
`;
}
