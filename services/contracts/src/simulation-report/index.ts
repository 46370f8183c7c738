/** The simulation report page (self-contained HTML) in the reader's language, and its inline SVG charts. */
export { renderReportHtml, fairnessHtml } from './report-html.ts';
export { SIM_REPORT_INTL, SIM_REPORT_LOCALES, SIM_REPORT_WORDS, simReportLocale, type SimReportLocale, type ReportWords } from './report-words.ts';
export { barChart, esc, lineChart, scatterChart, type Series } from './svg-charts.ts';
