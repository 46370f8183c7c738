/**
 * A gate's local calendar: slots are published per local date and hour (Asia/Ho_Chi_Minh has no
 * daylight saving, so every local hour exists once; zones with it would need more care here).
 */
const formats = new Map<string, Intl.DateTimeFormat>();

function format(tz: string): Intl.DateTimeFormat {
  let f = formats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' });
    formats.set(tz, f);
  }
  return f;
}

/** Every zone's offset is a whole number of quarter hours: instants of one quarter share a local date and hour. */
const QUARTER_MS = 900_000;
const known = new Map<string, { date: string; hour: number }>();

/** Local date ('YYYY-MM-DD') and hour of an instant (remembered per quarter hour: Intl formatting was a visible share of each booking). */
export function localDateHour(ms: number, tz: string): { date: string; hour: number } {
  const key = `${tz}|${Math.floor(ms / QUARTER_MS)}`;
  const hit = known.get(key);
  if (hit) return { ...hit };
  const parts = Object.fromEntries(format(tz).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  // Intl writes the year without padding ('1', '10000'): the date must stay one that Date.parse
  // reads back (hourStartsOf), or a far-off instant's day becomes NaN and its refusal a 500.
  const answer = { date: `${isoYear(Number(parts.year))}-${parts.month}-${parts.day}`, hour: Number(parts.hour) };
  if (known.size >= 10_000) known.clear();
  known.set(key, answer);
  return { ...answer };
}

/** A year as ISO 8601 writes it: four digits, or six with a sign past 9999. */
const isoYear = (y: number) => (y >= 0 && y <= 9999 ? String(y).padStart(4, '0') : `${y < 0 ? '-' : '+'}${String(Math.abs(y)).padStart(6, '0')}`);

/** The 24 slot starts (ms) of a local date. */
export function hourStartsOf(date: string, tz: string): number[] {
  const midnight = localMidnightOf(date, tz);
  return Array.from({ length: 24 }, (_, h) => midnight + h * 3_600_000);
}

const midnights = new Map<string, number>();

/**
 * The first slot start (ms) of a local date: `hourStartsOf(date, tz)[0]`, remembered per date and zone.
 * Every booking asks it of its slot's day (the release's time, fair-release.ts): issue 12's storm
 * parsed three dates and built the day's 24 starts for each request.
 */
export function localMidnightOf(date: string, tz: string): number {
  const key = `${tz}|${date}`;
  let midnight = midnights.get(key);
  if (midnight === undefined) {
    const noon = Date.parse(`${date}T12:00:00Z`);
    const local = localDateHour(noon, tz);
    const offsetMs = (Date.parse(`${local.date}T${String(local.hour).padStart(2, '0')}:00:00Z`) - noon);
    midnight = Date.parse(`${date}T00:00:00Z`) - offsetMs;
    if (midnights.size >= 10_000) midnights.clear();
    midnights.set(key, midnight);
  }
  return midnight;
}
