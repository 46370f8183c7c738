/**
 * Reads a border queue history in eCherha's open-data format (github.com/Vadimkin/echerha-dataset):
 * a header naming `checkpoint_time` (UTC, `2024-04-03 15:33:33`), `wait_time` (seconds) and
 * `vehicles_in_queue`, one row per observation (about hourly, with gaps of hours), CRLF or LF
 * line ends. Columns may come in any order; other columns are ignored. Rows are returned in time
 * order with `checkpointTime` exactly as written, so predictions can quote it back.
 */

/** One observation of the queue. */
export interface QueueRow {
  /** The `checkpoint_time` text exactly as in the file. */
  checkpointTime: string;
  /** The same instant, ms since the epoch (UTC). */
  at: number;
  /** eCherha's published wait for a truck joining at this time, seconds. */
  waitS: number;
  /** Trucks in the queue. */
  queue: number;
}

/** A file that is not such a history; `line` is 1-based. */
export class QueueCsvError extends Error {
  override readonly name = 'QueueCsvError';
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(line === undefined ? message : `line ${line}: ${message}`);
  }
}

const COLUMNS = ['checkpoint_time', 'wait_time', 'vehicles_in_queue'] as const;

/** `2024-04-03 15:33:33` or ISO 8601 with `T`, optional fraction and `Z`: always UTC. */
function parseUtc(text: string, line: number): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?(?:Z|\+00:?00)?$/.exec(text);
  if (!m) throw new QueueCsvError(`checkpoint_time must be a UTC time like 2024-04-03 15:33:33, got "${text}"`, line);
  const [, y, mo, d, h, mi, s = '0', ms = '0'] = m;
  const at = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(ms.padEnd(3, '0')));
  const back = new Date(at);
  if (back.getUTCMonth() + 1 !== Number(mo) || back.getUTCDate() !== Number(d) || back.getUTCHours() !== Number(h)) {
    throw new QueueCsvError(`checkpoint_time ${text} is not a real date and time`, line);
  }
  return at;
}

function wholeNumber(text: string, column: string, line: number): number {
  if (!/^\d+$/.test(text)) throw new QueueCsvError(`${column} must be a whole number ≥ 0, got "${text}"`, line);
  return Number(text);
}

/**
 * Parses the CSV text; throws {@link QueueCsvError} naming the line and the column.
 *
 * @example
 * parseQueueCsv('checkpoint_time,wait_time,vehicles_in_queue\r\n2024-04-03 15:33:33,1455840,4079\r\n')[0].queue // 4079
 */
export function parseQueueCsv(text: string): QueueRow[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((h) => h.trim().replace(/^"|"$/g, ''));
  const index = Object.fromEntries(COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<(typeof COLUMNS)[number], number>;
  const missing = COLUMNS.filter((c) => index[c] < 0);
  if (missing.length) throw new QueueCsvError(`the header must name ${COLUMNS.join(', ')}; missing ${missing.join(', ')}`, 1);
  const rows: QueueRow[] = [];
  lines.slice(1).forEach((raw, i) => {
    const line = i + 2;
    if (raw.trim() === '') return;
    const cells = raw.split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
    const checkpointTime = cells[index.checkpoint_time] ?? '';
    rows.push({
      checkpointTime,
      at: parseUtc(checkpointTime, line),
      waitS: wholeNumber(cells[index.wait_time] ?? '', 'wait_time', line),
      queue: wholeNumber(cells[index.vehicles_in_queue] ?? '', 'vehicles_in_queue', line),
    });
  });
  // Stable: rows with the same time keep their file order.
  return rows.map((r, i) => [r, i] as const).sort((a, b) => a[0].at - b[0].at || a[1] - b[1]).map(([r]) => r);
}
