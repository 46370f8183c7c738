/**
 * Socket.IO `/live` messages. A client emits `subscribe` ({gate} or {tripId})
 * with an ack; the server emits `snapshot` then `delta`s with the gate's seq;
 * a client that sees a seq gap emits `resync` and gets a new snapshot.
 * Snapshot schemas mirror `GateSnapshot`/`LaneView`/`QueueEntry` of
 * @borderflow/scheduler and strip unknown keys (they describe server output).
 * The schemas here are the in-process shapes (instants as ms epoch, as the scheduler and REST
 * reads use them); on the socket every instant is RFC 3339 with the gate's offset: the wire
 * schemas and their conversion are in live-times.ts.
 */
import { z } from 'zod';
import { ZGateCodeSchema, ZTripIdSchema } from './common.ts';
import {
  ZDirectionSchema,
  ZLaneOccupancySchema,
  ZLaneStatusSchema,
  ZPriorityClassSchema,
  ZStageSchema,
} from './domain.ts';
import { ZGateEventSchema, ZTripPlacementSchema } from './gate-event.ts';
import { ZEtaSchema } from './trip.ts';
import { ZQueueEtaSchema, ZQueueOrderSchema } from './queue-order.ts';
import type { DeviceAlert } from './devices.ts';
import { ZEtaRangeSchema, ZOffsetTimeSchema, type CompanyFeedMessage, type CompanyFeedSnapshot } from './company-feed.ts';
import type { GateSnapshotWire, LiveDeltaWire, QueueEntryWire, TripSnapshotWire } from './live-times.ts';
import { ZSnapshotPagingSchema, type SnapshotPage } from './snapshot-pages.ts';

/** `device_alert` payload. */
export type DeviceAlertMessage = DeviceAlert & { gate: string };

export const LIVE_NAMESPACE = '/live';
export const LIVE_EVENTS = {
  subscribe: 'subscribe',
  unsubscribe: 'unsubscribe',
  resync: 'resync',
  snapshot: 'snapshot',
  /** Server → client after a paged gate snapshot's head (subscribe/resync with `paged: true`): the next slice of its queues (snapshot-pages.ts). */
  snapshotPage: 'snapshot_page',
  delta: 'delta',
  /**
   * Server → a gate subscription that asked `batch: true`: consecutive deltas the fan-out read
   * together (a burst of events), in seq order, as one message: one write per socket for the burst.
   */
  deltas: 'deltas',
  /** Server → client before it closes the socket: `{ reason: 'expired' | 'revoked' }`. Reconnect with a fresh token. */
  sessionEnded: 'session_ended',
  /** Sent by a server process that is stopping, just before it closes its sockets. */
  shutdown: 'shutdown',
  /** Server → a waiting trip's room: its place in the queue and ETA changed (other trucks moved). */
  position: 'position',
  /** Server → a gate's room: a device alert (devices.ts `DeviceAlert` plus the gate). */
  deviceAlert: 'device_alert',
  /** Server → a company subscription: one message of the company feed (company-feed.ts), with its seq. */
  feed: 'feed',
  /** Server → a company subscription: the company's active trips at a seq (first subscribe, or a resume too old). */
  feedSnapshot: 'feed_snapshot',
} as const;

/**
 * `shutdown` payload: the process is going away (deploy, scale-in, Ctrl-C). The client keeps its
 * subscriptions and reconnects (Socket.IO does so by itself after the close) to any process;
 * connection-state recovery replays what it missed, or it resyncs.
 */
export const ZShutdownMessageSchema = z.object({
  reconnectAfterMs: z.number().int().nonnegative(),
  reason: z.string(),
});
export type ShutdownMessage = z.infer<typeof ZShutdownMessageSchema>;

/**
 * `subscribe` / `resync` / `unsubscribe` payload: a whole gate (staff), one trip (its driver), or all the
 * trips of the caller's own company (`company: true`: its administrators, dispatchers and API keys; the
 * company is the caller's, never named here). `since` resumes a company subscription after that seq.
 */
export const ZSubscribeRequestSchema = z
  .object({
    gate: ZGateCodeSchema.optional(),
    tripId: ZTripIdSchema.optional(),
    company: z.literal(true).optional(),
    since: z.number().int().nonnegative().optional(),
    /** A gate's snapshot in pages: its head (lanes, every lane's next trucks) first, then `snapshot_page`s (snapshot-pages.ts). */
    paged: z.literal(true).optional(),
    /** A gate's consecutive deltas may come several in one `deltas` message (a burst), besides single `delta`s. */
    batch: z.literal(true).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    const chosen = [v.gate, v.tripId, v.company].filter((x) => x !== undefined).length;
    if (chosen !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: v.gate === undefined ? (v.tripId === undefined ? ['company'] : ['tripId']) : ['gate'],
        message: 'send exactly one of gate, tripId or company',
        params: { rule: 'exactly_one' },
      });
    }
    if (v.paged !== undefined && v.gate === undefined) {
      ctx.addIssue({ code: 'custom', path: ['paged'], message: 'only a gate snapshot comes in pages', params: { rule: 'gate_only' } });
    }
    if (v.batch !== undefined && v.gate === undefined) {
      ctx.addIssue({ code: 'custom', path: ['batch'], message: 'only a gate\'s deltas come in batches', params: { rule: 'gate_only' } });
    }
    if (v.since !== undefined && v.company === undefined) {
      ctx.addIssue({ code: 'custom', path: ['since'], message: 'since resumes a company subscription only', params: { rule: 'company_only' } });
    }
  });
export type SubscribeRequest = z.infer<typeof ZSubscribeRequestSchema>;

/** Ack of `subscribe`. */
export const ZSubscribeAckSchema = z.union([
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) }),
]);
export type SubscribeAck = z.infer<typeof ZSubscribeAckSchema>;

export const ZLiveDeltaSchema = z.object({
  seq: z.number().int().positive(),
  event: ZGateEventSchema,
  /**
   * The server's call order of each stage queue the event changed (the trip joined, left or
   * reordered it), as moves (see queue-order.ts). Absent on events that change no queue, and when
   * the server could not compute it (a client that needs it then resyncs).
   */
  queues: z.array(ZQueueOrderSchema).optional(),
  /**
   * The server's ETAs of the waiting trucks whose ETA is new or moved (see queue-order.ts),
   * projected when the event was fanned out. Absent when none moved. On the wire they travel in
   * columns of durations from one instant (live-times.ts `ZLiveQueueEtasWireSchema`).
   */
  etas: z.array(ZQueueEtaSchema).optional(),
});
export type LiveDelta = z.infer<typeof ZLiveDeltaSchema>;

export const ZLaneViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  direction: ZDirectionSchema,
  capabilities: z.array(ZStageSchema),
  classes: z.array(ZPriorityClassSchema),
  status: ZLaneStatusSchema,
  /** Why the lane is paused, closed or in maintenance (the operator's reason); absent when open or not known (a rebuilt lane). */
  statusReason: z.string().nullable().optional(),
  occupancy: ZLaneOccupancySchema,
  trip: ZTripPlacementSchema.nullable(),
  since: z.number().nullable(),
  expectedServiceMs: z.number().nullable(),
});
export type LaneViewMessage = z.infer<typeof ZLaneViewSchema>;

export const ZQueueEntrySchema = z.object({
  trip: ZTripPlacementSchema,
  position: z.number().int(),
  waitMs: z.number(),
  eta: ZEtaSchema,
  reason: z.object({
    rule: z.enum(['aging', 'interleave']),
    priorityClass: ZPriorityClassSchema,
    policyVersion: z.number().int(),
  }),
});
export type QueueEntryMessage = z.infer<typeof ZQueueEntrySchema>;

/** `snapshot` for a gate subscription. */
export const ZGateSnapshotMessageSchema = z.object({
  gate: z.string(),
  seq: z.number().int().nonnegative(),
  policyVersion: z.number().int(),
  lanes: z.array(ZLaneViewSchema),
  queues: z.partialRecord(ZStageSchema, z.array(ZQueueEntrySchema)),
  held: z.array(ZTripPlacementSchema),
  exitQueue: z.array(ZTripPlacementSchema),
  /** A paged snapshot's head: `queues` holds each queue's first trucks per direction and class; the pages follow. */
  paging: ZSnapshotPagingSchema.optional(),
});
export type GateSnapshotMessage = z.infer<typeof ZGateSnapshotMessageSchema>;

/** `snapshot` for a trip subscription (the scheduler's `tripStatus` plus the gate seq). */
export const ZTripSnapshotMessageSchema = z.object({
  gate: z.string(),
  seq: z.number().int().nonnegative(),
  tripId: z.string(),
  /** The trip's state: the scheduler's while it is live, else the record's (registered, crossed, cancelled…). */
  state: z.string(),
  /** null when the trip is not live (registered, crossed, cancelled…). */
  trip: ZTripPlacementSchema.nullable(),
  position: z.number().int().nullable(),
  eta: ZEtaSchema.nullable(),
  lane: ZLaneViewSchema.nullable(),
});
export type TripSnapshotMessage = z.infer<typeof ZTripSnapshotMessageSchema>;

/**
 * `position` payload: a waiting trip's place and ETA, recomputed when the gate's queue moves (a
 * call-up, an arrival, a lane opening or closing), not only when the trip itself has an event.
 * `eta` is in ms from `at` (RFC 3339, when it was computed), like the snapshot's.
 */
export const ZTripPositionMessageSchema = z.object({
  gate: z.string(),
  tripId: z.string(),
  /** The gate seq the queue was read at: a message with a lower seq than the client's state is older. */
  seq: z.number().int().nonnegative(),
  position: z.number().int(),
  /** Durations (ms) from `at`: expected, and the 80 % band. */
  eta: ZEtaSchema,
  /** When the place and ETA were computed (RFC 3339, the gate's offset). */
  at: ZOffsetTimeSchema,
  /** The same ETA as absolute times (RFC 3339, the gate's offset): expected, earliest, latest. */
  etaAt: ZEtaRangeSchema,
});
export type TripPositionMessage = z.infer<typeof ZTripPositionMessageSchema>;

/** `session_ended` payload. */
export const ZSessionEndedMessageSchema = z.object({ reason: z.enum(['expired', 'revoked']) });
export type SessionEndedMessage = z.infer<typeof ZSessionEndedMessageSchema>;

/**
 * What the server answers a `subscribe` / `resync` / `unsubscribe` with: the seq of the snapshot sent,
 * or why not (`code` from ERROR_CODES: VALIDATION_FAILED naming `field`, FORBIDDEN, NOT_FOUND, RATE_LIMITED).
 */
export const ZLiveAckSchema = z.union([
  z.object({ ok: z.literal(true), seq: z.number().int().nonnegative() }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string(), field: z.string().nullable().optional() }) }),
]);
export type LiveAck = z.infer<typeof ZLiveAckSchema>;

/**
 * Events the `/live` server emits: `Socket<ServerToClientEvents, ClientToServerEvents>` on the
 * client, `Namespace<ClientToServerEvents, ServerToClientEvents>` on the server. A client still
 * validates what it receives where it matters (snapshots go through their zod schemas).
 */
export interface ServerToClientEvents {
  /** Times as RFC 3339 (live-times.ts); `liveWire.fromGateSnapshot` / `fromTripSnapshot` give the in-process shape. */
  snapshot: (snapshot: GateSnapshotWire | TripSnapshotWire) => void;
  /** Times as RFC 3339 (live-times.ts); `liveWire.fromDelta` gives `LiveDelta`. */
  /** The queues of a paged gate snapshot, a slice each, right after its head (snapshot-pages.ts). */
  snapshot_page: (page: SnapshotPage<QueueEntryWire>) => void;
  delta: (delta: LiveDeltaWire) => void;
  /** Only to gate subscriptions with `batch: true`: consecutive deltas in seq order, each as `delta` would carry it. */
  deltas: (deltas: LiveDeltaWire[]) => void;
  session_ended: (message: SessionEndedMessage, ack: () => void) => void;
  shutdown: (message: ShutdownMessage) => void;
  position: (message: TripPositionMessage) => void;
  /** Server → a gate's room (staff): a gate device needs a person (a wrong truck at a lane, a silent camera). */
  device_alert: (message: DeviceAlertMessage) => void;
  feed: (message: CompanyFeedMessage) => void;
  feed_snapshot: (snapshot: CompanyFeedSnapshot) => void;
}

/** Events a `/live` client emits. The server parses every payload with `ZSubscribeRequestSchema` all the same. */
export interface ClientToServerEvents {
  subscribe: (request: SubscribeRequest, ack?: (ack: LiveAck) => void) => void;
  resync: (request: SubscribeRequest, ack?: (ack: LiveAck) => void) => void;
  unsubscribe: (request: SubscribeRequest, ack?: (ack: LiveAck) => void) => void;
}
