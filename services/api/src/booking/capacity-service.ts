/**
 * The capacity plan in force at a gate (the newest published version, or the default derived
 * from its lanes), publishing a new version, and the free slots of a day.
 */
import type { CapacityPlan, Direction, LaneStatus, PriorityClass, SlotAvailability, SlotClass, Stage } from '@borderflow/contracts';
import { SLOT_CLASSES } from '@borderflow/contracts';
import { capacityFor, defaultCapacityPlan, missingTemplates } from '@borderflow/scheduler';
import { enqueueOutbox } from '@borderflow/persist';
import { AppError } from '../app-error.ts';
import type { ApiContext } from '../context.ts';
import type { Principal } from '../auth/jwt.ts';
import { recordAudit } from '../audit/audit-log.ts';
import { hourStartsOf, localDateHour } from './local-time.ts';
import { slotField, type SlotLedger } from './slot-ledger.ts';
import { REFUSALS } from '../http/refusal-words.ts';

/** The outbox topic of a booking's notices (a lowered capacity): a sender per channel picks it up. */
export const BOOKING_NOTICE_TOPIC = 'booking_notice';

/** How long a process reuses a plan it read (a published plan reaches every process within this). */
export const PLAN_TTL_MS = 5_000;

/**
 * From this age the plan is read again in the background while the one kept still answers, so a
 * busy process never finds it expired. Why: at the TTL every request in flight read the plan itself
 * (two statements each), and in a booking storm those 64 × 2 statements stalled every request in
 * flight at once (benchmarks/RESULTS.md, book7). A plan used is still never older than PLAN_TTL_MS.
 */
export const PLAN_REFRESH_MS = PLAN_TTL_MS / 2;

interface GatePlan {
  plan: CapacityPlan;
  version: number;
  timezone: string;
  /** When the read that found it began (the `now` of the call that started it). */
  readAt: number;
}

/** A read of a gate's plan under way: the requests that need it meanwhile wait for it rather than read it again. */
interface PlanRead {
  startedAt: number;
  /** null: no such gate (each caller throws its own 404: an error is per request). */
  done: Promise<GatePlan | null>;
}

/** Per database client (tests open several in one process): the plans kept and the reads under way. */
interface Plans {
  kept: Map<string, GatePlan>;
  reading: Map<string, PlanRead>;
}

const plansByDb = new WeakMap<object, Plans>();

function plansOf(db: object): Plans {
  let plans = plansByDb.get(db);
  if (!plans) plansByDb.set(db, (plans = { kept: new Map(), reading: new Map() }));
  return plans;
}

/**
 * The plan in force and the gate's timezone; 404 naming `gate` for an unknown gate.
 *
 * @example const { plan, timezone } = await planOf(ctx, 'KT');
 */
export async function planOf(ctx: Pick<ApiContext, 'db'>, gate: string, now = Date.now()): Promise<GatePlan> {
  const plans = plansOf(ctx.db);
  const hit = plans.kept.get(gate);
  if (hit && now - hit.readAt < PLAN_TTL_MS) {
    if (now - hit.readAt >= PLAN_REFRESH_MS) void readPlan(ctx, plans, gate, now).catch(() => undefined);
    return hit;
  }
  const found = await readPlan(ctx, plans, gate, now);
  if (!found) throw AppError.worded('NOT_FOUND', REFUSALS.gateNotFound(gate), 'gate');
  return found;
}

/**
 * The gate's plan as of a read begun at most PLAN_TTL_MS before `now`: the one under way, else a new
 * one. Kept once read, unless a publish came meanwhile (`forgetPlan`): its read may predate the publish.
 */
function readPlan(ctx: Pick<ApiContext, 'db'>, plans: Plans, gate: string, now: number): Promise<GatePlan | null> {
  const running = plans.reading.get(gate);
  if (running && now - running.startedAt < PLAN_TTL_MS) return running.done;
  const read: PlanRead = { startedAt: now, done: loadPlan(ctx, gate, now) };
  plans.reading.set(gate, read);
  const settled = () => {
    if (plans.reading.get(gate) === read) plans.reading.delete(gate);
  };
  read.done.then((entry) => {
    if (entry && plans.reading.get(gate) === read) plans.kept.set(gate, entry);
    settled();
  }, settled);
  return read.done;
}

/** A publish makes the plan kept, and any read under way, too old: the next call reads the new one. */
function forgetPlan(db: object, gate: string): void {
  const plans = plansOf(db);
  plans.kept.delete(gate);
  plans.reading.delete(gate);
}

async function loadPlan(ctx: Pick<ApiContext, 'db'>, gate: string, now: number): Promise<GatePlan | null> {
  const row = await ctx.db.gate.findUnique({ where: { code: gate }, select: { timezone: true, lanes: { select: { code: true, name: true, direction: true, capabilities: true, classes: true } } } });
  if (!row) return null;
  const latest = await ctx.db.capacityPlanVersion.findFirst({ where: { gateCode: gate }, orderBy: { version: 'desc' } });
  // The default counts every configured lane as open: a lane paused right now says nothing of next week.
  const plan = latest
    ? (latest.plan as unknown as CapacityPlan)
    : defaultCapacityPlan(row.lanes.map((l) => ({
      id: l.code, name: l.name, direction: l.direction as Direction, capabilities: l.capabilities as Stage[],
      classes: l.classes as PriorityClass[], status: 'open' as LaneStatus,
    })));
  return { plan, version: latest?.version ?? 0, timezone: row.timezone, readAt: now };
}

/** Slots of one hour of a gate's plan. */
export async function capacityAt(ctx: ApiContext, gate: string, slotStart: number, direction: Direction, slotClass: SlotClass): Promise<number> {
  const { plan, timezone } = await planOf(ctx, gate);
  const { date, hour } = localDateHour(slotStart, timezone);
  return capacityFor(plan, date, hour, direction, slotClass);
}

/**
 * The active future bookings whose hour `plan` would leave with fewer slots than are booked: the
 * ones a publish notifies, and the "bookings affected" of a what-if before it.
 *
 * @example (await bookingsOverCapacity(ctx, ledger, 'KT', draft, 'Asia/Ho_Chi_Minh')).length // 3
 */
export async function bookingsOverCapacity(ctx: ApiContext, ledger: SlotLedger, gate: string, plan: CapacityPlan, timezone: string) {
  const active = await ctx.db.slotBooking.findMany({ where: { gateCode: gate, state: 'active', slotStart: { gt: new Date() } } });
  const used = await ledger.usedOf(gate, active.map((b) => slotField(b.slotStart.getTime(), b.direction, b.slotClass)));
  return active.filter((b, i) => {
    const { date, hour } = localDateHour(b.slotStart.getTime(), timezone);
    return capacityFor(plan, date, hour, b.direction as Direction, b.slotClass as SlotClass) < used[i]!;
  });
}

/**
 * Publishes a new plan version (audited). Bookings in hours whose capacity fell below what is
 * booked (a planned lane closure) get a notice; they keep their slot, and the journey screens
 * show the notice so the driver can move.
 *
 * @example await publishPlan(ctx, who, 'KT', plan) // { version: 2, notified: 3 }
 */
export async function publishPlan(ctx: ApiContext, ledger: SlotLedger, who: Principal, gate: string, plan: CapacityPlan, ip?: string): Promise<{ version: number; notified: number }> {
  const missing = missingTemplates(plan);
  if (missing.length > 0) throw AppError.worded('VALIDATION_FAILED', REFUSALS.noTemplates(missing), 'templates');
  const current = await planOf(ctx, gate);
  const version = current.version + 1;
  await ctx.db.$transaction(async (tx) => {
    await tx.capacityPlanVersion.create({ data: { gateCode: gate, version, plan: plan as object, createdById: who.id } });
    await recordAudit(tx, { action: 'capacity-plan.publish', actor: who, targetType: 'gate', targetId: gate, gateCode: gate, detail: { version }, ip });
  });
  forgetPlan(ctx.db, gate);
  const over = await bookingsOverCapacity(ctx, ledger, gate, plan, current.timezone);
  if (over.length > 0) {
    const notices = over.map((b) => ({
      bookingId: b.id, driverId: b.driverId, kind: 'capacity_lowered',
      message: `The gate lowered capacity for your slot at ${b.slotStart.toISOString()} (planned lane closure). Your booking stands; you may move it to a quieter hour.`,
    }));
    // The notice is shown on the driver's booking page; the outbox carries it to the other channels
    // (SMS, push, the carrier's webhook), written in the same transaction so none is lost or sent twice.
    await ctx.db.$transaction(async (tx) => {
      await tx.bookingNotice.createMany({ data: notices });
      for (const [i, n] of notices.entries()) {
        await enqueueOutbox(tx, {
          topic: BOOKING_NOTICE_TOPIC, key: n.bookingId,
          payload: { ...n, gateCode: gate, slotStart: over[i]!.slotStart.toISOString(), accountId: over[i]!.accountId, planVersion: version },
        });
      }
    });
  }
  return { version, notified: over.length };
}

/**
 * Free slots per hour and class of a local date, and how long before its start an hour closes (`cutoffMs`).
 *
 * @example (await availability(ctx, ledger, 'KT', '2026-12-07', 2 * HOUR_MS)).hours[0]
 */
export async function availability(ctx: ApiContext, ledger: SlotLedger, gate: string, date: string, cutoffMs: number, release?: (tz: string) => { releaseAt: number; drawAt: number }): Promise<SlotAvailability> {
  const { plan, timezone } = await planOf(ctx, gate);
  const rows: SlotAvailability['hours'] = [];
  hourStartsOf(date, timezone).forEach((start, hour) => {
    for (const direction of ['exit', 'entry'] as const) {
      for (const slotClass of SLOT_CLASSES) {
        const capacity = capacityFor(plan, date, hour, direction, slotClass);
        if (capacity > 0) rows.push({ start: new Date(start).toISOString(), direction, slotClass, capacity, booked: 0, free: capacity });
      }
    }
  });
  const used = await ledger.usedOf(gate, rows.map((r) => slotField(Date.parse(r.start), r.direction, r.slotClass)));
  rows.forEach((r, i) => {
    r.booked = used[i]!;
    r.free = Math.max(0, r.capacity - r.booked);
  });
  const rel = release?.(timezone);
  return { gate, date, timezone, cutoffMinutes: Math.round(cutoffMs / 60_000), ...(rel ? { release: { releaseAt: new Date(rel.releaseAt).toISOString(), drawAt: new Date(rel.drawAt).toISOString() } } : {}), hours: rows };
}
