/**
 * The ETA of a waiting truck, as a range. The expected call comes from the lane
 * projection (lane-projection.ts): the gate's lanes replaying the published
 * policy on the trucks waiting now and those expected to arrive, each call
 * holding a lane for the drive from the yard plus the stage's service time.
 * That replaced "position × mean service time ÷ lanes able to serve the stage",
 * which promised about a fifth of the real wait in simulation (lanes serve other
 * stages too, are held during the drive, and none calls while closed).
 */
import { etaFor, type ServiceEstimate } from './service-time.ts';

export interface Eta { expectedMs: number; lowMs: number; highMs: number }

/** The lanes able to serve one waiting truck, as its fallback ETA needs them. */
export interface ServingLanes {
  /** Open now. */
  open: number;
  /** None open: ms until the first of them reopens (null = nobody said when). */
  opensInMs: number | null;
  /** None open: how many reopen at that time. */
  reopening: number;
}

export interface QueueEtaInput {
  /** When the lane projection has it called, ms from now; null when it never is (no lane can). */
  projectedMs: number | null;
  /** 1-based place in the projected call order of its stage queue. */
  position: number;
  lanes: ServingLanes;
  /** The stage's service time plus the drive from the yard (a lane is held from the call-up). */
  cycle: ServiceEstimate;
}

/**
 * Expected call-up (ms from now) with an 80 % band: the projection's spread grows with the
 * horizon (later arrivals, service-time noise), so ±1.28 × (30 % of it + one cycle's sd).
 * Without a projection, no call is promised from a closed lane: it starts when one reopens.
 * @example queueEta({ projectedMs: 1_800_000, position: 4, lanes: { open: 2, opensInMs: null, reopening: 0 }, cycle })
 */
export function queueEta(o: QueueEtaInput): Eta {
  if (o.projectedMs !== null) {
    const e = Math.max(0, o.projectedMs);
    const sd = 0.3 * e + o.cycle.sdMs;
    return { expectedMs: Math.round(e), lowMs: Math.round(Math.max(0, e - 1.28 * sd)), highMs: Math.round(e + 1.28 * sd) };
  }
  const { lanes } = o;
  if (lanes.open > 0) return etaFor(o.position, lanes.open, o.cycle);
  const after = etaFor(o.position, lanes.reopening, o.cycle);
  const start = lanes.opensInMs ?? 0;
  return { expectedMs: start + after.expectedMs, lowMs: start + after.lowMs, highMs: start + after.highMs };
}
