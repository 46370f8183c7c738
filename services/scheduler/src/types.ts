/**
 * Public shapes of the lane scheduler. The scheduler is one `GateScheduler`
 * per gate; every mutating method runs exactly one Lua script that changes
 * state and appends its events atomically.
 */
import type {
  CallUpReason,
  ClassSource,
  Direction,
  GateSnapshotMessage,
  InspectionOutcome,
  LaneStatus,
  LaneViewMessage,
  PolicyConfig,
  PriorityClass,
  QueueEntryMessage,
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

/** The published, versioned priority policy of one gate (the policy document's parameters, from contracts). */
export type { PolicyConfig };

export interface CommandMeta {
  /**
   * Idempotency key, scoped to (actor, command, input): the same commandId is applied once and a
   * repeat returns the first result; the same id with other input is refused (COMMAND_ID_REUSED).
   */
  commandId?: string;
  /** Hash of the client's request (`inputHash`) the commandId stands for; default: a hash of the command's arguments. */
  inputHash?: string;
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
  /** Where the priority class came from; every call-up's reason carries it. */
  classSource?: ClassSource;
}

export interface CompleteInput extends CommandMeta {
  laneId: string;
  tripId: string;
  outcome: InspectionOutcome;
  note?: string;
  /**
   * When the inspection began, ms epoch, if it was never announced with `startInspection` (a document
   * check recorded in one sitting): the lane may then still be called or at_lane, and the start is
   * recorded in the same atomic step (its own inspection_started event, service time from it).
   */
  startedAt?: number;
}

/** Result of every command. `ok:false` carries a typed code the API maps to HTTP. */
export type CommandResult =
  | {
    ok: true; trip: TripPlacement | null; replayed: boolean; events: number;
    /** completeStage: the truck the lane called in the same step (null: it went idle). */
    laneTripId?: string | null;
  }
  | { ok: false; code: SchedulerErrorCode; message: string };

export type SchedulerErrorCode =
  | 'TRIP_NOT_FOUND'
  | 'TRIP_ALREADY_LIVE'
  | 'TRIP_WRONG_STATE'
  | 'LANE_NOT_FOUND'
  | 'LANE_WRONG_STATE'
  | 'LANE_TRIP_MISMATCH'
  | 'NO_STAGES'
  | 'COMMAND_ID_REUSED'
  /** The gate is fenced while it rebuilds from PostgreSQL; retry in a moment. */
  | 'GATE_REBUILDING'
  /** Applied on the primary, but no replica confirmed it in time; retry with the same command id. */
  | 'NOT_REPLICATED';

/** A lane as the board shows it: `ZLaneViewSchema` of the contracts, which the snapshot is sent as. */
export type LaneView = LaneViewMessage;
/** A waiting truck with its position, ETA and the rule that will pick it (`ZQueueEntrySchema`). */
export type QueueEntry = QueueEntryMessage;
/** The whole gate at one seq (`ZGateSnapshotMessageSchema`). */
export type GateSnapshot = GateSnapshotMessage;

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
  /** Trip id → where its priority class came from (trips.class_source), so call-ups after a rebuild still say. */
  classSources?: Record<string, ClassSource>;
}
