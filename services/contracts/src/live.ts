/**
 * Socket.IO `/live` messages. A client emits `subscribe` ({gate} or {tripId})
 * with an ack; the server emits `snapshot` then `delta`s with the gate's seq;
 * a client that sees a seq gap emits `resync` and gets a new snapshot.
 * Snapshot schemas mirror `GateSnapshot`/`LaneView`/`QueueEntry` of
 * @borderflow/scheduler and strip unknown keys (they describe server output).
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

export const LIVE_NAMESPACE = '/live';
export const LIVE_EVENTS = {
  subscribe: 'subscribe',
  unsubscribe: 'unsubscribe',
  resync: 'resync',
  snapshot: 'snapshot',
  delta: 'delta',
} as const;

/** `subscribe` / `resync` payload: a whole gate (staff) or one trip (its driver). */
export const ZSubscribeRequestSchema = z
  .object({
    gate: ZGateCodeSchema.optional(),
    tripId: ZTripIdSchema.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if ((v.gate === undefined) === (v.tripId === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: v.gate === undefined ? ['gate'] : ['tripId'],
        message: 'send exactly one of gate or tripId',
        params: { rule: 'exactly_one' },
      });
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
});
export type LiveDelta = z.infer<typeof ZLiveDeltaSchema>;

export const ZLaneViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  direction: ZDirectionSchema,
  capabilities: z.array(ZStageSchema),
  classes: z.array(ZPriorityClassSchema),
  status: ZLaneStatusSchema,
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
});
export type GateSnapshotMessage = z.infer<typeof ZGateSnapshotMessageSchema>;

/** `snapshot` for a trip subscription (the scheduler's `tripStatus` plus the gate seq). */
export const ZTripSnapshotMessageSchema = z.object({
  gate: z.string(),
  seq: z.number().int().nonnegative(),
  tripId: z.string(),
  /** null when the trip is not live (registered, crossed, cancelled…). */
  trip: ZTripPlacementSchema.nullable(),
  position: z.number().int().nullable(),
  eta: ZEtaSchema.nullable(),
  lane: ZLaneViewSchema.nullable(),
});
export type TripSnapshotMessage = z.infer<typeof ZTripSnapshotMessageSchema>;
