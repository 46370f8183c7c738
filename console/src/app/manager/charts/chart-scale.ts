/**
 * The arithmetic of the hand-written SVG charts: "nice" axis ticks and linear scales.
 * A charting library would add ~100 kB for five charts; these few functions are all we need.
 */

/**
 * Round tick values from 0 to at least `max` (1, 2 or 5 × a power of ten apart).
 *
 * @example
 * niceTicks(87);  // [0, 20, 40, 60, 80, 100]
 * niceTicks(0);   // [0, 1]
 * niceTicks(1, 4, true); // ratios: [0, 0.25, 0.5, 0.75, 1]
 */
export function niceTicks(max: number, count = 5, exactMax = false): number[] {
  if (!Number.isFinite(max) || max <= 0) return [0, 1];
  if (exactMax) return Array.from({ length: count + 1 }, (_, i) => (max * i) / count);
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const top = Math.ceil(max / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let v = 0; v <= top + step / 2; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/**
 * A linear map from a domain to a pixel range.
 *
 * @example
 * const y = linearScale([0, 100], [200, 0]); // SVG y grows downwards
 * y(50); // 100
 */
export function linearScale([d0, d1]: readonly [number, number], [r0, r1]: readonly [number, number]): (v: number) => number {
  const span = d1 - d0 || 1;
  return (v) => r0 + ((v - d0) / span) * (r1 - r0);
}

/**
 * Every `step`-th index so that at most `max` labels are drawn along an axis.
 *
 * @example
 * labelStep(48, 12); // 4 — label every 4th of 48 hourly bars
 */
export function labelStep(count: number, max: number): number {
  return Math.max(1, Math.ceil(count / Math.max(1, max)));
}
