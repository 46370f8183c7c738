/**
 * The simulation report as one self-contained HTML page (inline CSS and SVG,
 * no script, no external asset): what a manager opens, prints or mails.
 */
import { STAGES, type SimPolicyRun, type SimReport, type SimWaitStats } from '@borderflow/contracts';
import { barChart, esc, lineChart, scatterChart, type Series } from './svg-charts.ts';

const CSS = `body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:1000px;color:#1f2328;padding:0 16px}
h1{font-size:22px;margin-bottom:4px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #d0d7de;padding-bottom:4px}h3{font-size:15px}
table{border-collapse:collapse;margin:8px 0 16px;font-variant-numeric:tabular-nums}th,td{border:1px solid #d0d7de;padding:3px 8px;text-align:right}
th:first-child,td:first-child{text-align:left}thead th{background:#f6f8fa}.muted{color:#57606a}.ok{color:#1a7f37;font-weight:600}.bad{color:#d1242f;font-weight:600}
figure{margin:12px 0}figcaption{font-weight:600;margin-bottom:4px}.legend span{margin-right:14px;font-size:12px}.legend i{display:inline-block;width:10px;height:10px;margin-right:4px;vertical-align:middle}
.best{background:#dafbe1}`;

const fmt = (v: number | null | undefined, digits = 1) => (v === null || v === undefined ? '–' : (+v.toFixed(digits)).toLocaleString('en'));
const hhmm = (minute: number) => `${String(Math.floor(minute / 60) % 24).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  return `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

function waitRows(entries: readonly [string, SimWaitStats | undefined][]): string[][] {
  return entries.filter(([, w]) => w && w.count > 0).map(([k, w]) => [
    esc(k), fmt(w!.count, 0), fmt(w!.meanMin), fmt(w!.p50Min), fmt(w!.p90Min), fmt(w!.p99Min), fmt(w!.maxMin),
  ]);
}

function runSection(run: SimPolicyRun): string {
  const t = run.trucks;
  const hours = run.throughputPerHour.map((h) => `${h.hour % 24}h`);
  const waitHead = ['', 'call-ups', 'mean', 'p50', 'p90', 'p99', 'max'];
  const samples = run.queueLengths.samples;
  const stagesSeen = STAGES.filter((s) => samples.some((x) => (x.byStage[s] ?? 0) > 0));
  const queueSeries: Series[] = [
    ...stagesSeen.map((s) => ({ name: `waiting for ${s}`, values: samples.map((x) => x.byStage[s] ?? 0) })),
    { name: 'held', values: samples.map((x) => x.held) },
    { name: 'exit queue', values: samples.map((x) => x.exitQueue) },
  ];
  const f = run.fairness;
  return `<h2>Policy: ${esc(run.policy.title)} <span class="muted">(${esc(run.policy.id)})</span></h2>
<p class="muted">Interleave ${esc(run.policy.config.interleave.join(', '))}; aging ${fmt(run.policy.config.agingMs / 60_000)} min;
call-up timeout ${fmt(run.policy.config.callUpTimeoutMs / 60_000)} min; crossing cap exit ${run.policy.config.crossCapPerHour.exit || '∞'}/h, entry ${run.policy.config.crossCapPerHour.entry || '∞'}/h.
${fmt(run.commands, 0)} scheduler commands, ${fmt(run.events, 0)} events, ${fmt(run.wallMs / 1000)} s wall.</p>
${table(['trucks', 'arrived', 'crossed', 'turned back', 'dropped (no-show)', 'in the gate at the end'],
    [['', fmt(t.arrived, 0), fmt(t.crossed, 0), fmt(t.turnedBack, 0), fmt(t.droppedNoShow, 0), fmt(t.inGateAtEnd, 0)]])}
${barChart('Throughput per hour', hours, [
    { name: 'arrived', values: run.throughputPerHour.map((h) => h.arrived) },
    { name: 'first call-ups', values: run.throughputPerHour.map((h) => h.called) },
    { name: 'crossed', values: run.throughputPerHour.map((h) => h.crossed) },
  ], 'trucks/hour')}
<h3>Waits (minutes, queued → called)</h3>
${table(waitHead, [
    ...waitRows([['arrival → first call-up', run.waits.firstCallUp], ['arrival → crossing', run.waits.timeInGate]]),
    ...waitRows(Object.entries(run.waits.byClass).map(([k, w]) => [`class ${k}`, w])),
    ...waitRows(Object.entries(run.waits.byStage).map(([k, w]) => [`stage ${k}`, w])),
  ])}
<h3>Lanes</h3>
${table(['lane', 'open (min)', 'inspecting (min)', 'held for a truck (min)', 'utilisation', 'inspections', 'by stage'],
    run.lanes.map((l) => [`${esc(l.laneId)} <span class="muted">${esc(l.name)}</span>`, fmt(l.openMin), fmt(l.busyMin), fmt(l.occupiedMin),
      `${fmt(l.utilisation * 100)} %`, fmt(l.inspections, 0), esc(Object.entries(l.byStage).map(([s, n]) => `${s} ${n}`).join(', '))]))}
${barChart('Lane utilisation (share of open time)', run.lanes.map((l) => l.laneId), [
    { name: 'inspecting', values: run.lanes.map((l) => +(l.utilisation * 100).toFixed(1)) },
    { name: 'held for a truck (called, at lane, inspecting)', values: run.lanes.map((l) => (l.openMin ? +Math.min(100, (l.occupiedMin / l.openMin) * 100).toFixed(1) : 0)) },
  ], '%')}
${lineChart('Queue lengths over the day', samples.map((s) => hhmm(s.minute)), queueSeries, 'trucks')}
<h3>ETA: the scheduler's prediction at check-in against the actual first call-up</h3>
<p>${fmt(run.eta.samples, 0)} trucks that had to wait. |error| p50 ${fmt(run.eta.absErrorP50Min)} min, p90 ${fmt(run.eta.absErrorP90Min)} min;
mean error (predicted − actual) ${fmt(run.eta.meanErrorMin)} min; relative |error| p50 ${fmt((run.eta.relErrorP50 ?? 0) * 100)} %, p90 ${fmt((run.eta.relErrorP90 ?? 0) * 100)} %;
median |error| / median wait ${fmt((run.eta.medianAbsErrorOverMedianWait ?? 0) * 100)} %.</p>
${scatterChart('Predicted wait (x) against actual wait (y), minutes', run.eta.points, 'predicted (min)', 'actual (min)')}
<h3>Fairness</h3>
<p>${fmt(f.comparedPairs, 0)} (called truck, waiting truck) pairs compared; ${fmt(f.overtakes, 0)} overtakes, all but
<span class="${f.unexplained ? 'bad' : 'ok'}">${f.unexplained} unexplained</span> explained by a published rule:
${esc(Object.entries(f.explainedBy).map(([k, n]) => `${k} ${n}`).join(', ') || 'none needed')}. Call-ups by rule:
${esc(Object.entries(run.callUpsByRule).map(([k, n]) => `${k} ${n}`).join(', '))}.</p>
${f.examples.length ? table(['earlier', 'later', 'stage', 'class', 'what happened'], f.examples.map((e) => [esc(e.earlier), esc(e.later), esc(e.stage), esc(e.priorityClass), esc(e.note)])) : ''}`;
}

function comparisonSection(report: SimReport): string {
  if (!report.comparison) return '';
  const ids = report.runs.map((r) => r.policy.id);
  const rows = report.comparison.rows.map((row) => {
    const vals = ids.map((id) => row.values[id] ?? null);
    const present = vals.filter((v): v is number => v !== null);
    const best = present.length ? (row.lowerIsBetter ? Math.min(...present) : Math.max(...present)) : null;
    return [`${esc(row.metric)} <span class="muted">${esc(row.unit)}</span>`,
      ...vals.map((v) => (v !== null && v === best && present.length > 1 ? `<span class="best">${fmt(v)}</span>` : fmt(v)))];
  });
  const firstWait: Series[] = report.runs.map((r) => ({ name: r.policy.id, values: r.throughputPerHour.map((h) => h.crossed) }));
  return `<h2>Policies side by side (same trucks, seed ${report.seed})</h2>
${table(['', ...ids], rows)}
${lineChart('Crossings per hour by policy', report.runs[0]!.throughputPerHour.map((h) => `${h.hour % 24}h`), firstWait, 'trucks/hour')}`;
}

/**
 * @example writeFileSync('report.html', renderReportHtml(report));
 */
export function renderReportHtml(report: SimReport): string {
  const s = report.scenario;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(s.title)} — BorderFlow simulation</title><style>${CSS}</style></head><body>
<h1>${esc(s.title)}</h1>
<p class="muted">Scenario <b>${esc(s.id)}</b>, gate ${esc(s.gate)}, ${esc(s.date)}, ${fmt(s.durationHours)} simulated hours; seed ${report.seed};
generated ${esc(report.generatedAt)}; ${fmt(report.wallMs / 1000)} s wall (${fmt(report.trucksPerWallSecond, 0)} simulated trucks per wall-second).</p>
<p>${esc(s.description)}</p>
<p class="muted">~${fmt(s.arrivals.trucksPerDay, 0)} trucks/day (${fmt(s.arrivals.exitShare * 100, 0)} % leaving), lanes open ${fmt(s.openingHours.openHour)}:00–${fmt(s.openingHours.closeHour)}:00;
channels green/yellow/red ${s.channelMix.green}/${s.channelMix.yellow}/${s.channelMix.red}; perishables ×${s.cargo.perishableFactor};
no-shows ${fmt(s.travel.noShowShare * 100)} %, late ${fmt(s.travel.lateShare * 100)} %${s.farSideCapPerDay ? `; far side accepts ${esc(JSON.stringify(s.farSideCapPerDay))} per day` : ''}${s.disruptions.length ? `; disruptions: ${esc(s.disruptions.map((d) => `${d.kind}${d.kind === 'lane_outage' ? ` ${d.laneId}` : ''} ${d.fromHour}–${d.toHour} h`).join(', '))}` : ''}.
The decisions are the real scheduler's (Lua on Redis) in virtual time.</p>
${comparisonSection(report)}
${report.runs.map(runSection).join('\n')}
</body></html>
`;
}
