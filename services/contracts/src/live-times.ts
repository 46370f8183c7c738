/**
 * `/live` messages as they travel (issue 13, "RFC 3339 with offsets everywhere, live events
 * included"): every instant is an RFC 3339 string with the gate's offset (+07:00), as REST gives
 * them; durations keep numbers and say their unit in their name (`…Ms`, `…Seconds`).
 *
 * Inside a process (the scheduler, the fan-out, the console's board) instants stay ms epoch: the
 * projections do arithmetic on them. Each wire schema here is a zod codec between the two: its
 * input side is the wire (what the AsyncAPI document shows, what a client receives), its output the
 * in-process shape (`LiveDelta`, `GateSnapshotMessage`…). `liveWire` does the same conversion
 * without validating, for the hot paths (a 5,000-truck snapshot, every delta); live-times.test.ts
 * proves it equal to the codecs.
 */
import { z } from 'zod';
import { formatVnDateTime } from './agency/envelope.ts';
import { ZOffsetTimeSchema } from './company-feed.ts';
import { ZStageSchema } from './domain.ts';
import { ZGateEventBaseSchema, ZGateEventDetailSchemas, ZTripPlacementSchema, gateEventDetail, gateEventUnion } from './gate-event.ts';
import { ZGateSnapshotMessageSchema, ZLaneViewSchema, ZLiveDeltaSchema, ZQueueEntrySchema, ZTripSnapshotMessageSchema } from './live.ts';
import type { GateSnapshotMessage, LaneViewMessage, LiveDelta, QueueEntryMessage, TripSnapshotMessage } from './live.ts';
import type { Stage } from './domain.ts';
import type { TripPlacement } from './gate-event.ts';
import { ZQueueEtaSchema, type QueueEta } from './queue-order.ts';
import { ZEtaSchema } from './trip.ts';

/** ms epoch → RFC 3339 with the gate's offset (Vietnam: +07:00 all year). */
export const gateInstant = (ms: number): string => formatVnDateTime(ms);

/** An instant: RFC 3339 with an offset on the wire, ms epoch in a process. */
export const ZLiveInstantSchema = z.codec(ZOffsetTimeSchema, z.number(), {
  decode: (text) => Date.parse(text),
  encode: (ms) => gateInstant(ms),
});

const instant = (description: string) => ZLiveInstantSchema.describe(description);
const nullableInstant = (description: string) => ZLiveInstantSchema.nullable().describe(description);

/**
 * The placement, lane and queue-entry shapes with their instants as `at`: the `/live` codecs (wire
 * text ↔ ms epoch) and the REST answers (wire text only, converted by `restWire`) share one list of
 * which fields are instants.
 */
function timedSchemas<I extends z.ZodType>(at: I) {
  const maybe = (description: string) => at.nullable().describe(description);
  const placement = ZTripPlacementSchema.extend({
    score: z.number().describe('Its order inside its class queue (ms epoch of its arrival plus penalties): a sort key, not a time to show.'),
    deadline: maybe('While called: when the truck must be at its lane (RFC 3339, the gate\'s offset).'),
    queuedAt: maybe('When it started waiting for its current stage (RFC 3339): the wait clock.'),
  });
  const lane = ZLaneViewSchema.extend({
    trip: placement.nullable(),
    since: maybe('When the lane took its current truck or state (RFC 3339).'),
    expectedServiceMs: z.number().nullable().describe('How long the truck at it is expected to take (ms), counted from `since`.'),
  });
  const queueEntry = ZQueueEntrySchema.extend({
    trip: placement,
    waitMs: z.number().describe('How long it has waited for this stage (ms) when the answer was made.'),
    eta: ZEtaSchema.describe('Expected call-up and its 80 % band, as durations (ms) from when the answer was made.'),
  });
  return { placement, lane, queueEntry };
}

const live = timedSchemas(ZLiveInstantSchema);
/** The REST form: the same fields, as RFC 3339 text with the gate's offset (`restWire` converts to it). */
const rest = timedSchemas(ZOffsetTimeSchema);

/** A trip's place after an event, with its times as RFC 3339. */
export const ZLiveTripPlacementSchema = live.placement;
export const ZRestTripPlacementSchema = rest.placement;
export const ZRestLaneViewSchema = rest.lane;
export const ZRestQueueEntrySchema = rest.queueEntry;
export type RestTripPlacement = z.infer<typeof ZRestTripPlacementSchema>;
export type RestLaneView = z.infer<typeof ZRestLaneViewSchema>;
export type RestQueueEntry = z.infer<typeof ZRestQueueEntrySchema>;

/** One gate event on the wire: `at` and the trip's times as RFC 3339. */
export const ZLiveGateEventSchema = gateEventUnion(
  ZGateEventBaseSchema.extend({
    at: instant('When the event happened (RFC 3339, the gate\'s offset).'),
    trip: ZLiveTripPlacementSchema.nullable(),
  }),
  {
    ...ZGateEventDetailSchemas,
    trip_arrived: gateEventDetail({ appointmentAt: nullableInstant('The booked slot\'s start, when the trip had one (RFC 3339).') }),
  },
);

/**
 * A delta's ETAs on the wire, in columns (issue 15: a call-up moves dozens of ETAs, and each delta
 * goes to every console): the trip ids, and each ETA's expected call-up and 80 % band as durations
 * (ms) from one instant `at` (RFC 3339), as a snapshot's `eta` counts from its `at`. Three RFC 3339
 * strings per truck made a call-up's delta ~3× as long for every socket to write and every client
 * to parse; the instants decoded are the same to the millisecond.
 */
export const ZLiveQueueEtasWireSchema = z
  .object({
    at: ZOffsetTimeSchema.describe('The instant the durations count from (RFC 3339, the gate\'s offset): the earliest of the bands.'),
    ids: z.array(z.string()).describe('Trip ids, one per ETA.'),
    expectedMs: z.array(z.number().int()).describe('Expected call-up of each trip, ms after `at`.'),
    lowMs: z.array(z.number().int()).describe('Earliest of its 80 % band, ms after `at`.'),
    highMs: z.array(z.number().int()).describe('Latest of its 80 % band, ms after `at`.'),
  })
  .superRefine((v, ctx) => {
    for (const key of ['expectedMs', 'lowMs', 'highMs'] as const) {
      if (v[key].length !== v.ids.length) ctx.addIssue({ code: 'custom', path: [key], message: 'one duration per id', params: { rule: 'same_length' } });
    }
  });
export type QueueEtasWire = z.input<typeof ZLiveQueueEtasWireSchema>;

/** ETAs (ms epoch) → the columns; whole ms, as the RFC 3339 text carried them. */
function etasToWire(etas: readonly QueueEta[]): QueueEtasWire {
  let base = Infinity;
  for (const e of etas) base = Math.min(base, Math.trunc(e.lowAt), Math.trunc(e.expectedAt), Math.trunc(e.highAt));
  if (!Number.isFinite(base)) base = 0;
  return {
    at: gateInstant(base),
    ids: etas.map((e) => e.id),
    expectedMs: etas.map((e) => Math.trunc(e.expectedAt) - base),
    lowMs: etas.map((e) => Math.trunc(e.lowAt) - base),
    highMs: etas.map((e) => Math.trunc(e.highAt) - base),
  };
}

function etasFromWire(wire: QueueEtasWire): QueueEta[] {
  const base = Date.parse(wire.at);
  return wire.ids.map((id, i) => ({ id, expectedAt: base + wire.expectedMs[i]!, lowAt: base + wire.lowMs[i]!, highAt: base + wire.highMs[i]! }));
}

export const ZLiveDeltaWireSchema = ZLiveDeltaSchema.extend({
  event: ZLiveGateEventSchema,
  etas: z.codec(ZLiveQueueEtasWireSchema, z.array(ZQueueEtaSchema), { decode: etasFromWire, encode: etasToWire }).optional(),
});

export const ZLiveLaneViewSchema = live.lane;
export const ZLiveQueueEntrySchema = live.queueEntry;

/** When a snapshot was read: its ETAs (`expectedMs`, `lowMs`, `highMs`) count from it. */
const snapshotAt = instant('When the snapshot was read (RFC 3339): the ETAs\' durations (…Ms) count from it.');

export const ZLiveGateSnapshotSchema = ZGateSnapshotMessageSchema.extend({
  at: snapshotAt,
  lanes: z.array(ZLiveLaneViewSchema),
  queues: z.partialRecord(ZStageSchema, z.array(ZLiveQueueEntrySchema)),
  held: z.array(ZLiveTripPlacementSchema),
  exitQueue: z.array(ZLiveTripPlacementSchema),
});

export const ZLiveTripSnapshotSchema = ZTripSnapshotMessageSchema.extend({
  at: snapshotAt,
  trip: ZLiveTripPlacementSchema.nullable(),
  lane: ZLiveLaneViewSchema.nullable(),
});

/** `snapshot_page` on the wire: the next slice of a paged gate snapshot's queues (snapshot-pages.ts). */
export const ZLiveSnapshotPageSchema = z.object({
  gate: z.string(),
  seq: z.number().int().nonnegative().describe('The seq of the snapshot head it belongs to.'),
  page: z.number().int().nonnegative().describe('0-based; pages come in order, right after the head.'),
  pages: z.number().int().positive(),
  queues: z.partialRecord(ZStageSchema, z.array(ZLiveQueueEntrySchema)).describe('The next waiting trucks of each stage queue, in call order.'),
});

/** What a `/live` client receives (the wire), and what the codecs give back inside a process. */
export type LiveDeltaWire = z.input<typeof ZLiveDeltaWireSchema>;
export type GateSnapshotWire = z.input<typeof ZLiveGateSnapshotSchema>;
export type TripSnapshotWire = z.input<typeof ZLiveTripSnapshotSchema>;
export type QueueEntryWire = z.input<typeof ZLiveQueueEntrySchema>;
/** A snapshot with the time it was read (ms epoch). */
export type Timed<T> = T & { at: number };

type Convert = (value: never) => unknown;
const toWire: Convert = (ms: number) => gateInstant(ms);
const fromWire: Convert = (text: string) => Date.parse(text);

// Loosely typed below: the same walk serves both directions; the exported functions are typed.
/* eslint-disable @typescript-eslint/no-explicit-any */
const opt = (value: any, f: Convert) => (value === null || value === undefined ? value : f(value as never));
const placement = (p: any, f: Convert) => (p ? { ...p, deadline: opt(p.deadline, f), queuedAt: opt(p.queuedAt, f) } : p);
const lane = (l: any, f: Convert) => (l ? { ...l, trip: placement(l.trip, f), since: opt(l.since, f) } : l);
const event = (e: any, f: Convert) => ({
  ...e,
  at: f(e.at as never),
  trip: placement(e.trip, f),
  ...(e.type === 'trip_arrived' ? { detail: { ...e.detail, appointmentAt: opt(e.detail.appointmentAt, f) } } : {}),
});
const delta = (d: any, f: Convert) => ({
  ...d,
  event: event(d.event, f),
  ...(d.etas ? { etas: f === toWire ? etasToWire(d.etas) : etasFromWire(d.etas) } : {}),
});
const queues = (qs: any, f: Convert) =>
  Object.fromEntries(Object.entries(qs).map(([stage, entries]) => [stage, (entries as any[]).map((q) => ({ ...q, trip: placement(q.trip, f) }))]));
const gateSnapshot = (s: any, f: Convert) => ({
  ...s,
  at: f(s.at as never),
  lanes: s.lanes.map((l: any) => lane(l, f)),
  queues: queues(s.queues, f),
  held: s.held.map((p: any) => placement(p, f)),
  exitQueue: s.exitQueue.map((p: any) => placement(p, f)),
});
const tripSnapshot = (s: any, f: Convert) => ({ ...s, at: f(s.at as never), trip: placement(s.trip, f), lane: lane(s.lane, f) });
/* eslint-enable @typescript-eslint/no-explicit-any */

/**
 * The codecs' conversions without their validation: what the server sends and the console reads.
 *
 * @example
 * nsp.to(room).emit('delta', liveWire.delta(delta));            // server
 * socket.on('delta', (wire) => apply(liveWire.fromDelta(wire))); // client
 */
export const liveWire = {
  delta: (d: LiveDelta): LiveDeltaWire => delta(d, toWire) as LiveDeltaWire,
  fromDelta: (d: LiveDeltaWire): LiveDelta => delta(d, fromWire) as LiveDelta,
  gateSnapshot: (s: Timed<GateSnapshotMessage>): GateSnapshotWire => gateSnapshot(s, toWire) as GateSnapshotWire,
  fromGateSnapshot: (s: GateSnapshotWire): Timed<GateSnapshotMessage> => gateSnapshot(s, fromWire) as Timed<GateSnapshotMessage>,
  /** A paged snapshot's queue entries (snapshot-pages.ts), as `fromGateSnapshot` converts the head's. */
  fromQueues: (qs: Partial<Record<Stage, readonly QueueEntryWire[]>>): Partial<Record<Stage, QueueEntryMessage[]>> => queues(qs, fromWire),
  tripSnapshot: (s: Timed<TripSnapshotMessage>): TripSnapshotWire => tripSnapshot(s, toWire) as TripSnapshotWire,
  fromTripSnapshot: (s: TripSnapshotWire): Timed<TripSnapshotMessage> => tripSnapshot(s, fromWire) as Timed<TripSnapshotMessage>,
};

/**
 * REST answers' instants (issue 13: "RFC 3339 with offsets everywhere"): the route handlers convert
 * the scheduler's ms epoch at the edge, as `/live` does with `liveWire`.
 *
 * @example
 * return { gate, seq, lanes: views.map(restWire.lane) };
 */
export const restWire = {
  instant: (ms: number | null): string | null => (ms === null ? null : gateInstant(ms)),
  placement: (p: TripPlacement): RestTripPlacement => placement(p, toWire) as RestTripPlacement,
  maybePlacement: (p: TripPlacement | null): RestTripPlacement | null => placement(p, toWire) as RestTripPlacement | null,
  lane: (l: LaneViewMessage): RestLaneView => lane(l, toWire) as RestLaneView,
  queues: (qs: Partial<Record<Stage, QueueEntryMessage[]>>): Partial<Record<Stage, RestQueueEntry[]>> => queues(qs, toWire),
};
