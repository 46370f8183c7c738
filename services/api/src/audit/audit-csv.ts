/**
 * The audit log as CSV for spreadsheet programs: UTF-8 with a byte-order mark
 * (so Vietnamese and Chinese names read right), RFC 4180 quoting, CRLF lines,
 * times in gate time (+07:00), and every text cell that a spreadsheet would run
 * as a formula defused. Audit cells hold what hostile users typed (a reason, a
 * username tried at login), so this guard is not optional.
 */
import type { AuditEntry } from '@borderflow/contracts';

/** The byte-order mark spreadsheet programs look for to read UTF-8. */
export const UTF8_BOM = '\uFEFF';

const HEADER = ['id', 'at', 'action', 'actor', 'actor_role', 'actor_id', 'target_type', 'target_id', 'gate', 'reason', 'detail', 'ip'];

/**
 * One CSV cell. A leading `=`, `+`, `-`, `@`, tab or carriage return starts a
 * formula (or hides one) in Excel, LibreOffice and Sheets: such a cell gets a
 * leading apostrophe, which they show as text.
 *
 * @example
 * csvCell('=cmd()'); // `"'=cmd()"`
 */
export function csvCell(value: string | null): string {
  if (value === null) return '';
  const guarded = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) || guarded !== value ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

/**
 * The whole export: BOM, header, one line per entry.
 *
 * @example
 * res.type('text/csv').send(auditCsv(entries));
 */
export function auditCsv(entries: readonly AuditEntry[]): string {
  const lines = [HEADER.join(',')];
  for (const e of entries) {
    const detail = e.detail === null || e.detail === undefined ? null : JSON.stringify(e.detail);
    lines.push(
      [e.id, e.at, e.action, e.actorName, e.actorRole, e.actorId, e.targetType, e.targetId, e.gateCode, e.reason, detail, e.ip]
        .map(csvCell)
        .join(','),
    );
  }
  return `${UTF8_BOM}${lines.join('\r\n')}\r\n`;
}
