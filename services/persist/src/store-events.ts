/**
 * Writes a batch of gate events into PostgreSQL: the append-only `gate_events` log and
 * the projections that follow from it (trip placement, lane status, policy versions),
 * all in one transaction. Idempotent: a redelivered event is skipped by the log's
 * UNIQUE (gate_code, seq), and a projection only moves forward (event seq > row's
 * last_event_seq), so replays and out-of-order redeliveries never move a row back.
 */
import { ZPolicyConfigSchema, type GateEvent, type TripPlacement } from '@borderflow/contracts';
import type { Prisma, PrismaClient } from '@borderflow/db';
import { writingTrips, type MarkTrips, type TripVersionStore } from './trip-row-version.ts';

export interface StoreResult {
  /** Events newly written to the log (duplicates excluded). */
  stored: number;
  /** Trip rows whose placement moved forward. */
  tripsUpdated: number;
  /** Lane rows whose status moved forward. */
  lanesUpdated: number;
  /**
   * Seqs already in the log under a *different* stream id: the gate's seq went backwards
   * (failover, lost AOF tail). These events are NOT stored; the consumer leaves them unacknowledged
   * and runs `recoverGate`, which stores them with new seqs and rebuilds the gate.
   */
  conflicts: number[];
}

/**
 * @example
 * const events = entries.map(([id, fields]) => parseStreamEntry(id, fields));
 * await storeEvents(prisma, { redis, prefix }, events); // { stored: 12, tripsUpdated: 5, lanesUpdated: 2 }
 */
export async function storeEvents(prisma: PrismaClient, versions: TripVersionStore, events: GateEvent[]): Promise<StoreResult> {
  if (events.length === 0) return { stored: 0, tripsUpdated: 0, lanesUpdated: 0, conflicts: [] };
  const ordered = [...events].sort((a, b) => a.seq - b.seq);
  // The trip rows it projects move their versions, so the API's copies of them are read again.
  return writingTrips(versions, (mark) => store(prisma, ordered, mark));
}

function store(prisma: PrismaClient, ordered: GateEvent[], markTrips: MarkTrips): Promise<StoreResult> {
  return prisma.$transaction(
    async (tx) => {
      // The trips' begin goes out with the log's insert (it writes no trip row), not a round trip before the
      // transaction; it is answered before the first statement that writes a trip row.
      const [, { count: stored }] = await Promise.all([
        markTrips(ordered.flatMap((e) => (e.trip ? [e.trip.id] : []))),
        tx.gateEvent.createMany({ data: ordered.map(logRow), skipDuplicates: true }),
      ]);
      const conflicts = stored < ordered.length ? await findConflicts(tx, ordered) : [];
      const tripsUpdated = await projectTrips(tx, ordered);
      const lanesUpdated = await projectLanes(tx, ordered);
      await projectPolicies(tx, ordered);
      return { stored, tripsUpdated, lanesUpdated, conflicts };
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
}

/** Events read by a consumer always carry their stream id; a synthetic one keeps the column unique. */
const streamIdOf = (event: GateEvent) => event.streamId ?? `seq-${event.seq}`;

function logRow(event: GateEvent): Prisma.GateEventCreateManyInput {
  return {
    gateCode: event.gate,
    seq: event.seq,
    streamId: streamIdOf(event),
    type: event.type,
    tripId: event.trip?.id ?? null,
    laneCode: event.lane?.id ?? event.trip?.laneId ?? null,
    actor: event.actor,
    commandId: event.commandId,
    at: new Date(event.at),
    payload: event as unknown as Prisma.InputJsonValue,
  };
}

/**
 * Skipped events whose seq is taken by another stream entry with other content (type, time,
 * actor): the gate's seq went backwards (failover, lost AOF tail, re-created without rebuild).
 * A redelivery of an event already stored (under its own stream id, possibly re-sequenced by a
 * recovery, or the same event appended twice) is not a conflict.
 */
async function findConflicts(tx: Prisma.TransactionClient, events: GateEvent[]): Promise<number[]> {
  const conflicts: number[] = [];
  const byGate = new Map<string, GateEvent[]>();
  for (const e of events) byGate.set(e.gate, [...(byGate.get(e.gate) ?? []), e]);
  for (const [gateCode, list] of byGate) {
    const rows = await tx.gateEvent.findMany({
      where: { gateCode, OR: [{ seq: { in: list.map((e) => e.seq) } }, { streamId: { in: list.map(streamIdOf) } }] },
      select: { seq: true, streamId: true, type: true, at: true, actor: true },
    });
    const bySeq = new Map(rows.map((r) => [r.seq, r]));
    const storedIds = new Set(rows.map((r) => r.streamId));
    for (const e of list) {
      const row = bySeq.get(e.seq);
      if (!row || row.streamId === streamIdOf(e) || storedIds.has(streamIdOf(e))) continue;
      if (row.type !== e.type || row.at.getTime() !== e.at || row.actor !== e.actor) conflicts.push(e.seq);
    }
  }
  return conflicts;
}

/** Each event carries the trip's post-state, so only the last event per trip in a batch matters. */
async function projectTrips(tx: Prisma.TransactionClient, events: GateEvent[]): Promise<number> {
  const last = new Map<string, { seq: number; placement: TripPlacement }>();
  for (const e of events) if (e.trip) last.set(e.trip.id, { seq: e.seq, placement: e.trip });
  let updated = 0;
  for (const [id, { seq, placement: p }] of last) {
    const { count } = await tx.trip.updateMany({
      where: { id, lastEventSeq: { lt: seq } },
      data: {
        state: p.state,
        stages: p.stages,
        stageIndex: p.stageIndex,
        laneCode: p.laneId,
        queueScore: p.score,
        noShows: p.noShows,
        deadline: p.deadline,
        hold: p.hold,
        queuedAt: p.queuedAt,
        lastEventSeq: seq,
      },
    });
    updated += count;
  }
  // Milestones are set by their own event, whatever order redeliveries arrive in.
  for (const e of events) {
    if (!e.trip) continue;
    if (e.type === 'trip_arrived') {
      await tx.trip.updateMany({ where: { id: e.trip.id, arrivedAt: null }, data: { arrivedAt: new Date(e.at) } });
    } else if (e.type === 'trip_crossed') {
      await tx.trip.updateMany({ where: { id: e.trip.id, crossedAt: null }, data: { crossedAt: new Date(e.at) } });
    }
  }
  return updated;
}

async function projectLanes(tx: Prisma.TransactionClient, events: GateEvent[]): Promise<number> {
  const last = new Map<string, { seq: number; gate: string; status: NonNullable<GateEvent['lane']>['status'] }>();
  for (const e of events) if (e.lane) last.set(`${e.gate}\u0000${e.lane.id}`, { seq: e.seq, gate: e.gate, status: e.lane.status });
  let updated = 0;
  for (const [key, { seq, gate, status }] of last) {
    const code = key.slice(key.indexOf('\u0000') + 1);
    const { count } = await tx.lane.updateMany({
      where: { code, gate: { code: gate }, lastEventSeq: { lt: seq } },
      data: { status, lastEventSeq: seq },
    });
    updated += count;
  }
  return updated;
}

/**
 * `policy_set` events record the published policy; keep every version so each call-up's
 * `reason.policyVersion` can be looked up. An existing row (written by the API with its
 * author) is left as it is.
 */
async function projectPolicies(tx: Prisma.TransactionClient, events: GateEvent[]): Promise<void> {
  for (const e of events) {
    if (e.type !== 'policy_set') continue;
    const d = e.detail;
    const version = Number(d.version);
    if (!Number.isInteger(version) || version < 1) continue;
    const config = ZPolicyConfigSchema.safeParse({
      interleave: typeof d.interleave === 'string' ? d.interleave.split(',').filter(Boolean) : d.interleave,
      agingMs: d.agingMs,
      callUpTimeoutMs: d.callUpTimeoutMs,
      noShowPenaltyMs: d.noShowPenaltyMs,
      appointmentGraceMs: d.appointmentGraceMs,
      crossCapPerHour: { exit: d.capExit, entry: d.capEntry },
    });
    if (!config.success) continue;
    const gate = await tx.gate.findUnique({ where: { code: e.gate }, select: { id: true } });
    if (!gate) continue;
    await tx.policyVersion.upsert({
      where: { gateId_version: { gateId: gate.id, version } },
      create: { gateId: gate.id, version, config: config.data as unknown as Prisma.InputJsonValue, createdAt: new Date(e.at) },
      update: {},
    });
  }
}
