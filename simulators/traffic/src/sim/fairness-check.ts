/**
 * Fairness: overtakes that the published policy does not explain (must be 0).
 *
 * Definition. When truck B is called for stage s in direction d at time t, every truck A that
 * is waiting in a queue of the same (d, s) at that moment and joined it earlier than B
 * (A.queuedAt < B.queuedAt) has been overtaken by B. Each overtake is explained by exactly one
 * published rule, or counted as unexplained:
 *  - `lane-class`: B's lane does not serve A's priority class (e.g. the perishable lane KT-P1).
 *  - Same class — the policy orders a class by its place in line (the queue score: arrival
 *    time, or the appointment slot, plus the no-show penalty, kept when a lane closes or
 *    customs re-routes the truck):
 *      `place-in-line` if B.score < A.score; `tie` if equal (Redis orders equal scores by id);
 *      otherwise unexplained.
 *  - Different class, by the rule recorded in B's call-up reason:
 *      `aging`: the oldest truck past agingMs goes first — unexplained if A was past agingMs too
 *        and ahead in line (A.score < B.score);
 *      `interleave`: the published pattern — unexplained if A was past agingMs (aging comes
 *        first), or if B's class is not in the pattern (the fallback takes the oldest head of an
 *        unnamed class) while A's class is named or A is ahead in line;
 *      `direct`: a truck that became ready took an idle lane — unexplained, because an idle lane
 *        that can serve a waiting A must not exist (work conservation).
 * The check uses only what the events say (placements after each step), not the Lua code; the
 * aging test is the policy's own (isAged, beside pickNext).
 */
import type { CallUpReason, Direction, PriorityClass, Stage, TripPlacement } from '@borderflow/contracts';
import { isAged, type LaneConfig, type PolicyConfig } from '@borderflow/scheduler';

export interface FairnessSummary {
  comparedPairs: number;
  overtakes: number;
  unexplained: number;
  explainedBy: Record<string, number>;
  examples: { earlier: string; later: string; stage: Stage; priorityClass: PriorityClass; note: string }[];
}

/** Trucks waiting per (direction, stage), kept up to date from the events' trip placements. */
export class WaitingTrucks {
  private readonly queues = new Map<string, Map<string, TripPlacement>>();
  private readonly where = new Map<string, string>();

  static key(direction: Direction, stage: Stage) {
    return `${direction}:${stage}`;
  }

  /** Applies a trip's post-state. */
  update(trip: TripPlacement): void {
    const old = this.where.get(trip.id);
    if (old) this.queues.get(old)?.delete(trip.id);
    this.where.delete(trip.id);
    if (trip.state === 'queued' && trip.stage) {
      const key = WaitingTrucks.key(trip.direction, trip.stage);
      let q = this.queues.get(key);
      if (!q) this.queues.set(key, (q = new Map()));
      q.set(trip.id, trip);
      this.where.set(trip.id, key);
    }
  }

  waiting(direction: Direction, stage: Stage): Iterable<TripPlacement> {
    return this.queues.get(WaitingTrucks.key(direction, stage))?.values() ?? [];
  }

  /** How many wait for each stage (both directions). */
  countsByStage(): Partial<Record<Stage, number>> {
    const out: Partial<Record<Stage, number>> = {};
    for (const [key, q] of this.queues) {
      const stage = key.split(':')[1] as Stage;
      out[stage] = (out[stage] ?? 0) + q.size;
    }
    return out;
  }
}

export class FairnessCheck {
  readonly summary: FairnessSummary = { comparedPairs: 0, overtakes: 0, unexplained: 0, explainedBy: {}, examples: [] };
  private readonly lanes: Map<string, LaneConfig>;

  constructor(lanes: readonly LaneConfig[], private readonly policy: PolicyConfig) {
    this.lanes = new Map(lanes.map((l) => [l.id, l]));
  }

  private explain(rule: string) {
    this.summary.explainedBy[rule] = (this.summary.explainedBy[rule] ?? 0) + 1;
  }

  /**
   * Checks one call-up against the trucks that were waiting just before it.
   * `called` is B's placement before the call (still queued: its score and queuedAt).
   */
  onCallUp(called: TripPlacement, stage: Stage, laneId: string, reason: CallUpReason, at: number, waiting: Iterable<TripPlacement>) {
    const lane = this.lanes.get(laneId);
    const pattern = new Set(this.policy.interleave);
    const aged = (t: TripPlacement) => isAged(t.score, at, this.policy);
    for (const a of waiting) {
      if (a.id === called.id) continue;
      this.summary.comparedPairs++;
      if ((a.queuedAt ?? a.score) >= (called.queuedAt ?? called.score)) continue;
      this.summary.overtakes++;
      let why: string | null;
      if (lane && lane.classes.length > 0 && !lane.classes.includes(a.priorityClass)) why = 'lane-class';
      else if (a.priorityClass === called.priorityClass) {
        why = called.score < a.score ? 'place-in-line' : called.score === a.score ? 'tie' : null;
      } else if (reason.rule === 'aging') {
        why = aged(a) && a.score < called.score ? null : 'aging';
      } else if (reason.rule === 'interleave') {
        const fallback = !pattern.has(called.priorityClass);
        why = aged(a) || (fallback && (pattern.has(a.priorityClass) || a.score < called.score)) ? null : 'interleave';
      } else {
        why = null;
      }
      if (why) {
        this.explain(why);
        continue;
      }
      this.summary.unexplained++;
      if (this.summary.examples.length < 20) {
        this.summary.examples.push({
          earlier: a.id, later: called.id, stage, priorityClass: a.priorityClass,
          note: `${called.id} (${called.priorityClass}, score ${called.score}, rule ${reason.rule}) called to ${laneId} at ${at} before ${a.id} (${a.priorityClass}, score ${a.score})`,
        });
      }
    }
  }
}
