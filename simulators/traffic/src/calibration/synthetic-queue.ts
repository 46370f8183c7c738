/**
 * A synthetic eCherha-style history whose truth is known: hourly arrivals (busy by day, quiet
 * at night), a service rate that drops at `slowdownAtDay` (the far side accepting fewer trucks),
 * and a published wait computed as eCherha does: trucks ahead, less those already called, times
 * a per-truck interval recomputed every 6 hours from the last 24 hours' throughput. Hours go
 * missing now and then, as in the real feed. Seeded, so the same options give the same rows.
 */
import { createRandom } from '../random.ts';

export interface SyntheticQueueOptions {
  seed?: number;
  days?: number;
  /** Trucks served per hour before and after the slowdown. */
  serviceBefore?: number;
  serviceAfter?: number;
  slowdownAtDay?: number;
  /** Trucks counted in the queue that are already called (they no longer wait). */
  called?: number;
  startQueue?: number;
  /** Share of hours missing from the feed. */
  missingShare?: number;
}

const HOUR = 3_600_000;

function poisson(next: () => number, mean: number): number {
  // Knuth's method: fine for the means used here (< 40).
  const limit = Math.exp(-mean);
  let k = 0;
  let p = next();
  while (p > limit) {
    k++;
    p *= next();
  }
  return k;
}

const two = (n: number) => String(n).padStart(2, '0');
const utc = (at: number) => {
  const d = new Date(at);
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
};

/**
 * The history as CSV text (header + rows, CRLF line ends like eCherha's export).
 *
 * @example
 * syntheticQueueCsv({ seed: 7, days: 40 }).split('\r\n')[0] // 'checkpoint_time,wait_time,vehicles_in_queue'
 */
export function syntheticQueueCsv(options: SyntheticQueueOptions = {}): string {
  const { seed = 7, days = 40, serviceBefore = 22, serviceAfter = 15, slowdownAtDay = 31, called = 15, startQueue = 300, missingShare = 0.04 } = options;
  const rnd = createRandom(seed);
  const start = Date.UTC(2024, 8, 1, 0, 2, 0);
  let queue = startQueue;
  const served: number[] = [];
  let interval = 3600 / serviceBefore;
  const lines = ['checkpoint_time,wait_time,vehicles_in_queue'];
  for (let h = 0; h < days * 24; h++) {
    const hourOfDay = h % 24;
    const arrivals = poisson(() => rnd.next(), hourOfDay >= 6 && hourOfDay < 22 ? 26 : 8);
    const capacity = h < slowdownAtDay * 24 ? serviceBefore : serviceAfter;
    const done = Math.min(queue, poisson(() => rnd.next(), capacity));
    queue = queue + arrivals - done;
    served.push(done);
    if (h % 6 === 0 && served.length >= 24) {
      const lastDay = served.slice(-24).reduce((s, v) => s + v, 0);
      interval = lastDay > 0 ? (24 * 3600) / lastDay : interval;
    }
    if (rnd.chance(missingShare)) continue;
    const wait = Math.round((Math.max(0, queue - called) * interval) / 60) * 60;
    lines.push(`${utc(start + h * HOUR + rnd.int(0, 240) * 1000)},${wait},${queue}`);
  }
  return `${lines.join('\r\n')}\r\n`;
}
