/**
 * The workload `bench -- peers` gives each implementation, identically:
 * lanes dedicated to one stage each (documents, X-ray, gate), one worker loop
 * per lane, and a population of trucks in the four priority classes, each with
 * a route through the stages. A cycle is one stage visit: the lane's truck
 * starts, is completed, moves on to its next stage's queue (or leaves), and the
 * lane takes the best truck waiting for its stage: priority first, then first
 * come first served. Whenever a truck leaves (after the gate), a new one
 * arrives at its first stage, so the number of trucks in the system stays at
 * the backlog: a steady state, whatever the speed of the implementation.
 */
import type { PriorityClass, Stage } from '@borderflow/contracts';
import { createRandom } from '@borderflow/traffic';

export type PeerStage = Extract<Stage, 'documents' | 'xray' | 'gate'>;

export interface PeerTruck {
  id: string;
  priorityClass: PriorityClass;
  /** 0 = served first (perishable) … 3 = last (empty return). */
  rank: number;
  /** The stages still ahead of it, the first being the queue it waits in. */
  stages: PeerStage[];
}

export interface PeerLane {
  id: string;
  stage: PeerStage;
}

export interface PeerWorkload {
  lanes: PeerLane[];
  /** In the system at the start, waiting for the first stage of `stages`. */
  trucks: PeerTruck[];
  /** A fresh, seeded stream of the trucks that arrive as others leave (the same for every implementation). */
  arrivals(): () => PeerTruck;
  seconds: number;
}

/**
 * Lanes per stage, in proportion to the visits each stage gets (every truck sees
 * documents and the gate, 30 % X-ray): 16 worker loops, as the scheduler benchmark's concurrency.
 */
export const PEER_LANES: Record<PeerStage, number> = { documents: 7, xray: 2, gate: 7 };

export const CLASS_RANK: Record<PriorityClass, number> = { perishable: 0, trusted: 1, ordinary: 2, empty_return: 3, walk_in: 4 };

const CLASS_MIX: Array<readonly [PriorityClass, number]> = [
  ['perishable', 10],
  ['trusted', 15],
  ['ordinary', 70],
  ['empty_return', 5],
];

/** Routes of trucks starting at each stage (red channel: documents → X-ray → gate). */
const ROUTES_FROM: Record<PeerStage, Array<readonly [PeerStage[], number]>> = {
  documents: [[['documents', 'gate'], 70], [['documents', 'xray', 'gate'], 30]],
  xray: [[['xray', 'gate'], 1]],
  gate: [[['gate'], 1]],
};

/**
 * The same seeded workload for every implementation. The starting trucks are
 * spread over the stages in proportion to their lanes, so every lane has work at once.
 *
 * @example
 * const w = peerWorkload(2_000, 10);
 * w.trucks[0]; // { id: 'p0', priorityClass: 'ordinary', rank: 2, stages: ['documents', 'gate'] }
 * const arrive = w.arrivals();
 * arrive(); // { id: 'a0', …, stages: ['documents', …] }
 */
export function peerWorkload(backlog: number, seconds: number, seed = 42): PeerWorkload {
  const rnd = createRandom(seed);
  const lanes: PeerLane[] = [];
  for (const [stage, n] of Object.entries(PEER_LANES) as Array<[PeerStage, number]>) {
    for (let i = 1; i <= n; i++) lanes.push({ id: `${stage}-${i}`, stage });
  }
  const starts = Object.entries(PEER_LANES) as Array<[PeerStage, number]>;
  const truck = (r: typeof rnd, id: string, start: PeerStage): PeerTruck => {
    const priorityClass = r.weighted(CLASS_MIX);
    return { id, priorityClass, rank: CLASS_RANK[priorityClass], stages: r.weighted(ROUTES_FROM[start]) };
  };
  const trucks = Array.from({ length: backlog }, (_, i) => truck(rnd, `p${i}`, rnd.weighted(starts)));
  const arrivals = () => {
    const r = createRandom(seed + 1);
    let n = 0;
    return () => truck(r, `a${n++}`, 'documents');
  };
  return { lanes, trucks, arrivals, seconds };
}

/** What each implementation reports besides its loop timings. */
export interface PeerCheck {
  /** Stage visits the store itself counted (completions recorded), to compare with the loops' count. */
  storeVisits: number;
  /** CPU per visit of the benchmark process (the workers) and of the store (Redis / PostgreSQL backends), µs. */
  client_cpu_us: number;
  store_cpu_us: number | null;
}
