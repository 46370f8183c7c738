/**
 * How long each stage takes at a lane, from public reporting on Kim Thành and
 * Lạng Sơn (see DESIGN.md): barrier control 1–2 min with the platform,
 * document check 2–5 min, X-ray 15–20 min, full physical ~45 min, plant
 * quarantine sampling 20–60 min at the lane, weighbridge ~2 min.
 */
import type { Stage } from '@borderflow/contracts';
import type { Random } from './random.ts';

const MINUTE = 60_000;

/** [shortest, longest] service time per stage, minutes of simulated time. */
export const SERVICE_MINUTES: Record<Stage, readonly [number, number]> = {
  gate: [1, 2],
  documents: [2, 5],
  xray: [15, 20],
  physical: [40, 50],
  quarantine: [20, 60],
  weighbridge: [1.5, 2.5],
};

/**
 * A service time for one stage, ms of simulated time (uniform in the range).
 *
 * @example
 * serviceTimeMs(createRandom(1), 'xray'); // between 900_000 and 1_200_000
 */
export function serviceTimeMs(rnd: Random, stage: Stage): number {
  const [low, high] = SERVICE_MINUTES[stage];
  return Math.round(rnd.between(low, high) * MINUTE);
}
