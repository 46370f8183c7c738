/**
 * The daily open-data dump of the province feed: per gate and gate-local day, `<gate>-<date>.csv` (the
 * hourly statistics, one row per hour × direction × class), `<gate>-<date>.json` (the same hours and the
 * day's anonymised trip events) and `data-dictionary.json` (every field: name, type, unit, description in
 * English and Vietnamese). Published under CC BY 4.0 (attribution to the gate operator): open, reusable
 * commercially, and the licence Vietnam's open-data portals and most national ones use. The same pure
 * functions as the pull API (province-feed.ts), so the dump and the API never disagree, and no personal data.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PrismaClient } from '@borderflow/db';
import {
  PROVINCE_EVENT_FIELDS,
  PROVINCE_HOURLY_FIELDS,
  PROVINCE_LICENCE,
  PROVINCE_TIME_ZONE,
  type ProvinceHourlyRow,
} from '@borderflow/contracts';
import { csvCell } from '../audit/audit-csv.ts';
import { GATE_UTC_OFFSET_MIN } from '../stats/gate-time.ts';
import { provinceEvent, provinceHourly } from './province-feed.ts';
import { loadProvinceWindow } from './province-source.ts';

const DAY = 24 * 3_600_000;
export const DATA_DICTIONARY_FILE = 'data-dictionary.json';

/**
 * The gate-local day `YYYY-MM-DD` as [from, to) in ms; null when it is no calendar date.
 *
 * @example
 * gateDay('2026-12-06'); // { from: Date.parse('2026-12-05T17:00:00Z'), to: … + 24 h }
 */
export function gateDay(date: string): { from: number; to: number } | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const midnightUtc = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(midnightUtc) || new Date(midnightUtc).toISOString().slice(0, 10) !== date) return null;
  const from = midnightUtc - GATE_UTC_OFFSET_MIN * 60_000;
  return { from, to: from + DAY };
}

/** The hourly CSV: header of the dictionary's names, one line per row. */
export function hourlyCsv(gate: string, rows: readonly ProvinceHourlyRow[]): string {
  const names = PROVINCE_HOURLY_FIELDS.map((f) => f.name);
  const lines = rows.map((row) =>
    names.map((name) => {
      const value = name === 'gate' ? gate : row[name as keyof ProvinceHourlyRow];
      return csvCell(value === null ? null : String(value));
    }).join(','),
  );
  return `${[names.join(','), ...lines].join('\r\n')}\r\n`;
}

/** `data-dictionary.json`: what each file and field means, the licence and how vehicles are pseudonymised. */
export function dataDictionary() {
  return {
    licence: { ...PROVINCE_LICENCE },
    attribution: 'BorderFlow border gate operator',
    timeZone: PROVINCE_TIME_ZONE,
    personalData: {
      en: 'None. Vehicles and trips are named only by HMAC-SHA256 pseudonyms under a secret key rotated every year; no names, phones, licence numbers, company or driver ids, declaration numbers or plates.',
      vi: 'Không có. Xe và chuyến chỉ được nêu bằng mã ẩn danh HMAC-SHA256 với khoá bí mật đổi hằng năm; không có tên, số điện thoại, số giấy phép, mã doanh nghiệp hay lái xe, số tờ khai hay biển số.',
    },
    files: {
      '<gate>-<date>.csv': { description: { en: 'Hourly statistics, one row per hour × direction × class', vi: 'Thống kê theo giờ, mỗi dòng một giờ × chiều × nhóm ưu tiên' }, fields: PROVINCE_HOURLY_FIELDS },
      '<gate>-<date>.json': {
        description: { en: 'The same hours (hours[]) and the day’s anonymised trip events (events[])', vi: 'Cùng số liệu theo giờ (hours[]) và các sự kiện chuyến đã ẩn danh trong ngày (events[])' },
        fields: { hours: PROVINCE_HOURLY_FIELDS.filter((f) => f.name !== 'gate'), events: PROVINCE_EVENT_FIELDS },
      },
    },
  };
}

export interface OpenDataDumpOptions {
  /** Gate-local day, `YYYY-MM-DD`. */
  date: string;
  outDir: string;
  /** The pseudonym secret (province/pseudonym.ts). */
  secret: string;
  /** Gates to dump (default: every gate in the database). */
  gates?: readonly string[];
}

/**
 * Writes the day's dump of each gate and the data dictionary; returns the files written.
 *
 * @example
 * await writeOpenDataDump(db.prisma, { date: '2026-12-06', outDir: 'open-data', secret });
 * // ['open-data/KT-2026-12-06.csv', 'open-data/KT-2026-12-06.json', 'open-data/data-dictionary.json']
 */
export async function writeOpenDataDump(db: PrismaClient, options: OpenDataDumpOptions): Promise<string[]> {
  const day = gateDay(options.date);
  if (!day) throw new Error(`--date must be a calendar date YYYY-MM-DD (got ${options.date})`);
  const gates = options.gates ?? (await db.gate.findMany({ select: { code: true }, orderBy: { code: 'asc' } })).map((g) => g.code);
  await mkdir(options.outDir, { recursive: true });
  const written: string[] = [];
  for (const gate of gates) {
    const { events, waitingAtStart } = await loadProvinceWindow(db, gate, day.from, day.to);
    const stats = provinceHourly(gate, events, day, waitingAtStart);
    const base = join(options.outDir, `${gate}-${options.date}`);
    await writeFile(`${base}.csv`, hourlyCsv(gate, stats.hours));
    const json = { ...stats, date: options.date, dictionary: DATA_DICTIONARY_FILE, events: events.flatMap((e) => provinceEvent(options.secret, e) ?? []) };
    await writeFile(`${base}.json`, `${JSON.stringify(json, null, 2)}\n`);
    written.push(`${base}.csv`, `${base}.json`);
  }
  const dictionary = join(options.outDir, DATA_DICTIONARY_FILE);
  await writeFile(dictionary, `${JSON.stringify(dataDictionary(), null, 2)}\n`);
  written.push(dictionary);
  return written;
}
