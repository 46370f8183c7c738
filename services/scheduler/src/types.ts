/**
 * Public shapes of the lane scheduler. The scheduler is one `GateScheduler`
 * per gate; every mutating method runs exactly one Lua script that changes
 * state and appends its events atomically.
 */
import type {
  CallUpReason,
  Direction,
  InspectionOutcome,
  LaneOccupancy,
  LaneStatus,
  PriorityClass,
  Stage,
  TripPlacement,
} from '@borderflow/contracts';

/** A lane as configured (from the database). */
export interface LaneConfig {
  id: string; // lane code, e.g. "KT-X1"
  name: string;
  direction: Direction;
  capabilities: Stage[];
  /** Priority classes this lane may serve; empty = all (a perishable lane lists ['perishable']). */
  classes: PriorityClass[];
  status: LaneStatus;
  /** When a lane configured not open will open, ms epoch (applied with the status, to new lanes only): the ETA. */
  reopensAt?: number | null;
}

/** The published, versioned priority policy of one gate. */
export interface PolicyConfig {
  /** e.g. ['perishable','trusted','ordinary','ordinary','ordinary','ordinary','ordinary'] */
  interleave: PriorityClass[];
  /** A waiting truck whose wait exceeds this is called before the interleave (no starvation). */
  agingMs: number;
  /** Time a called truck has to reach its lane. */
  callUpTimeoutMs: number;
  /** Added to a no-show's queue score when it is re-queued (first no-show). */
  noShowPenaltyMs: number;
  /** Appointment grace: arriving before slotStart+grace keeps the slot's place; later goes to the back. */
  appointmentGraceMs: number;
  /** Crossing cap per direction, trucks/hour; 0 = unlimited. */
  crossCapPerHour: Record<Direction, number>;
}

export interface CommandMeta {
  /** Idempotency key: the same commandId is applied once; a repeat returns the first result. */
  commandId?: string;
  /** Who: "user:<id>", "system:timer", "agency:customs" ... */
  actor: string;
  /** Override the clock (simulation); defaults to Date.now(). */
  now?: number;
}

export interface CheckInInput extends CommandMeta {
  tripId: string;
  plate: string;
  direction: Direction;
  priorityClass: PriorityClass;
  stages: Stage[];
  /** Appointment slot start (ms epoch), if the trip booked one. */
  appointmentAt?: number | null;
}

export interface CompleteInput extends CommandMeta {
  laneId: string;
  tripId: string;
  outcome: InspectionOutcome;
  note?: string;
}

/** Result of every command. `ok:false` carries a typed code the API maps to HTTP. */
export type CommandResult =
  | { ok: true; trip: TripPlacement | null; replayed: boolean; events: number }
  | { ok: false; code: SchedulerErrorCode; message: string };

export type SchedulerErrorCode =
  | 'TRIP_NOT_FOUND'
  | 'TRIP_ALREADY_LIVE'
  | 'TRIP_WRONG_STATE'
  | 'LANE_NOT_FOUND'
  | 'LANE_WRONG_STATE'
  | 'LANE_TRIP_MISMATCH'
  | 'NO_STAGES';

export interface LaneView {
  id: string;
  name: string;
  direction: Direction;
  capabilities: Stage[];
  classes: PriorityClass[];
  status: LaneStatus;
  occupancy: LaneOccupancy;
  trip: TripPlacement | null;
  /** When the current occupancy started (ms). */
  since: number | null;
  /** Moving-average service time of the current stage on this gate (ms). */
  expectedServiceMs: number | null;
}

export interface QueueEntry {
  trip: TripPlacement;
  /** 1-based position within its stage's projected call order. */
  position: number;
  waitMs: number;
  eta: { expectedMs: number; lowMs: number; highMs: number };
  /** Why it stands here: the rule that will pick it. */
  reason: { rule: 'aging' | 'interleave'; priorityClass: PriorityClass; policyVersion: number };
}

export interface GateSnapshot {
  gate: string;
  seq: number;
  policyVersion: number;
  lanes: LaneView[];
  queues: Partial<Record<Stage, QueueEntry[]>>;
  held: TripPlacement[];
  exitQueue: TripPlacement[];
}

export type { CallUpReason };

export interface TripCommandInput extends CommandMeta {
  tripId: string;
}

export interface LaneStatusInput extends CommandMeta {
  laneId: string;
  status: LaneStatus;
  reason: string;
  /** When a lane taken out of service reopens, ms epoch (e.g. the next opening hour); the ETA of its queues starts there. */
  reopensAt?: number | null;
}

/** What the database knows of a gate, enough to rebuild its Redis state. */
export interface RebuildInput {
  lanes: LaneConfig[];
  policy: PolicyConfig;
  policyVersion: number;
  /** Live trips (queued, called, at_lane, inspecting, held, exit_queue) at their places. */
  trips: TripPlacement[];
  /** The gate's last event seq, so new events continue the numbering. */
  seq: number;
  /** Interleave pointers "direction:stage" → slot, if known (from the last call-ups). */
  pointers?: Record<string, number>;
}
