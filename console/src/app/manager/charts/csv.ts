/**
 * CSV for the reports, made in the browser from the same tables the page shows (RFC 4180
 * quoting, CRLF lines) and saved with a UTF-8 byte-order mark so spreadsheet programs read
 * Vietnamese and Chinese text correctly.
 */

export type CsvCell = string | number | null | undefined;

function cell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  // Quote what would break the row, and a leading =+-@ that a spreadsheet would run as a formula.
  const guarded = /^[=+\-@]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\r\n]/.test(guarded) || guarded !== text ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

/**
 * @example
 * toCsv(['lane', 'busy'], [['KT-X1', 0.42], ['say "hi"', null]]);
 * // 'lane,busy\r\nKT-X1,0.42\r\n"say ""hi""",\r\n'
 */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** The byte-order mark spreadsheet programs look for to read UTF-8. */
export const UTF8_BOM = '\uFEFF';

/**
 * Offers `text` as a file download (no server round trip).
 *
 * @example
 * downloadCsv('kt-trucks-per-hour.csv', toCsv(header, rows));
 */
export function downloadCsv(filename: string, text: string): void {
  const blob = new Blob([UTF8_BOM, text], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
