/**
 * Loads what `GateScheduler.rebuild` needs from PostgreSQL, the system of record: the
 * gate's lanes (with their projected status), its current policy version, every live trip
 * at its place (projected from events by the consumer), the last event seq, and the
 * interleave pointers the last call-ups left behind. Redis can then be rebuilt after a loss
 * with the same queues in the same order.
 */
import {
  DEFAULT_POLICY,
  LIVE_TRIP_STATES,
  ZPolicyConfigSchema,
  ZPriorityClassSchema,
  ZStageSchema,
  type TripPlacement,
  ZClassSourceSchema,
} from '@borderflow/contracts';
import type { PrismaClient, TripState } from '@borderflow/db';
import type { LaneConfig, RebuildInput } from '@borderflow/scheduler';

const ZStagesSchema = ZStageSchema.array();
const ZClassesSchema = ZPriorityClassSchema.array();

/** How far back to look for the last call-up of each (direction, stage). */
const POINTER_LOOKBACK_EVENTS = 50_000;

/**
 * @example
 * const input = await loadGateState(db.prisma, 'KT');
 * await scheduler.rebuild(input); // after Redis lost the gate
 */
export async function loadGateState(prisma: PrismaClient, gateCode: string): Promise<RebuildInput> {
  const gate = await prisma.gate.findUnique({ where: { code: gateCode } });
  if (!gate) throw new Error(`gate ${gateCode} is not in the database`);

  const laneRows = await prisma.lane.findMany({ where: { gateId: gate.id }, orderBy: { code: 'asc' } });
  const lanes: LaneConfig[] = laneRows.map((l) => ({
    id: l.code,
    name: l.name,
    direction: l.direction,
    capabilities: ZStagesSchema.parse(l.capabilities),
    classes: ZClassesSchema.parse(l.classes),
    status: l.status,
  }));

  const latest = await prisma.policyVersion.findFirst({ where: { gateId: gate.id }, orderBy: { version: 'desc' } });
  const policy = latest ? ZPolicyConfigSchema.parse(latest.config) : DEFAULT_POLICY;
  const policyVersion = latest?.version ?? 1;

  const tripRows = await prisma.trip.findMany({
    where: { gateId: gate.id, state: { in: LIVE_TRIP_STATES as TripState[] } },
    include: { vehicle: { select: { plate: true } } },
    orderBy: { id: 'asc' },
  });
  const trips: TripPlacement[] = tripRows.map((t) => {
    const stages = ZStagesSchema.parse(t.stages);
    return {
      id: t.id,
      state: t.state,
      stages,
      stageIndex: t.stageIndex,
      stage: stages[t.stageIndex] ?? null,
      priorityClass: t.priorityClass,
      direction: t.direction,
      // Never projected (should not happen for a live trip): order it by registration.
      score: t.queueScore ?? t.createdAt.getTime(),
      laneId: t.laneCode,
      noShows: t.noShows,
      deadline: t.deadline,
      plate: t.vehicle.plate,
      hold: t.hold,
      queuedAt: t.queuedAt,
    };
  });

  const { _max } = await prisma.gateEvent.aggregate({ where: { gateCode }, _max: { seq: true } });
  const seq = Math.max(_max.seq ?? 0, ...tripRows.map((t) => t.lastEventSeq));
  const pointers = await loadPointers(prisma, gateCode, seq, policy.interleave.length);
  // Call-ups after a rebuild still say where each trip's class came from.
  const classSources = Object.fromEntries(tripRows.map((t) => [t.id, ZClassSourceSchema.catch('default').parse(t.classSource)]));
  return { lanes, policy, policyVersion, trips, seq, pointers, classSources };
}

/**
 * The scheduler advances a (direction, stage) pointer to `slot + 1` on every interleave
 * call-up; the last `trip_called` event of each pair tells where it stands.
 */
async function loadPointers(
  prisma: PrismaClient,
  gateCode: string,
  seq: number,
  patternLength: number,
): Promise<Record<string, number>> {
  const rows = await prisma.$queryRaw<Array<{ direction: string; stage: string; slot: number }>>`
    SELECT DISTINCT ON (direction, stage) direction, stage, slot FROM (
      SELECT payload->'trip'->>'direction' AS direction,
             payload->'detail'->>'stage' AS stage,
             (payload->'reason'->>'slot')::int AS slot,
             seq
        FROM gate_events
       WHERE gate_code = ${gateCode} AND type = 'trip_called' AND seq > ${seq - POINTER_LOOKBACK_EVENTS}
         AND payload->'reason'->>'slot' IS NOT NULL
    ) AS call_ups
    WHERE direction IS NOT NULL AND stage IS NOT NULL
    ORDER BY direction, stage, seq DESC`;
  return Object.fromEntries(rows.map((r) => [`${r.direction}:${r.stage}`, (Number(r.slot) + 1) % patternLength]));
}
