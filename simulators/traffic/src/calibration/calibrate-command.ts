/**
 * `npm run sim -- calibrate --observed <file.csv> --out <result.json> [--lang vi|en|zh]`: reads the
 * history, runs the back-test, writes the JSON and, beside it, the HTML report (`<result>.html`) in
 * the reader's language.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { calibrate, type CalibrationResult } from './calibrate.ts';
import { renderCalibrationHtml } from './calibration-html.ts';
import { parseQueueCsv } from './echerha-csv.ts';
import type { SimReportLocale } from '@borderflow/contracts';

/**
 * Runs the command; returns the result and where it was written.
 *
 * @example
 * runCalibrateCommand('zahony.csv', 'out/zahony.json', 'vi'); // writes out/zahony.json and out/zahony.html (in Vietnamese)
 */
export function runCalibrateCommand(observed: string, out: string, locale: SimReportLocale = 'en'): { result: CalibrationResult; json: string; html: string } {
  const result = calibrate(parseQueueCsv(readFileSync(observed, 'utf8')), observed);
  const json = resolve(out);
  const html = json.replace(/\.json$/i, '') + '.html';
  mkdirSync(dirname(json), { recursive: true });
  writeFileSync(json, `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(html, renderCalibrationHtml(result, locale));
  return { result, json, html };
}
