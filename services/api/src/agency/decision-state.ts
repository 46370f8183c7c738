/**
 * What the recorded agency decisions add up to for a set of declarations —
 * computed from every stored decision, so the answer does not depend on the
 * order in which they arrived:
 *   - the route: per declaration the newest channel decision (highest
 *     amendment, then latest decision time); the strictest channel of the
 *     trip's declarations; the inspection modes of the newest decision of
 *     each agency;
 *   - the holds still in force: every hold placed or released, replayed in
 *     the order the agencies decided them (a release decided after a
 *     placement wins even if it arrived first).
 */
import { stagesFor, type Channel, type Stage } from '@borderflow/contracts';
import { Prisma } from '@borderflow/db';

type Tx = Prisma.TransactionClient;

/** The route a trip takes, from the decisions on its declarations and its cargo. */
export interface RouteDecision {
  channel: Channel | null;
  channelCode: string | null;
  inspectionModes: string[];
  stages: Stage[];
}

/**
 * Newest first: amendment, then the agency's decision time (none: last), then arrival. Written once
 * here; NEWEST_FIRST (Prisma) and decisionsJson (SQL) are both made from it.
 */
const DECISION_ORDER = [
  { field: 'amendment', column: 'amendment', nullsLast: false },
  { field: 'decidedAt', column: 'decided_at', nullsLast: true },
  { field: 'receivedAt', column: 'received_at', nullsLast: false },
] as const;

export const NEWEST_FIRST = DECISION_ORDER.map(({ field, nullsLast }) =>
  nullsLast ? { [field]: { sort: 'desc', nulls: 'last' } } : { [field]: 'desc' },
) as Prisma.AgencyDecisionOrderByWithRelationInput[];

const NEWEST_FIRST_SQL = Prisma.raw(DECISION_ORDER.map(({ column, nullsLast }) => `a."${column}" DESC${nullsLast ? ' NULLS LAST' : ''}`).join(', '));

const STRICTNESS: Record<Channel, number> = { green: 0, yellow: 1, red: 2 };

/** What the route needs of a stored decision. */
export interface RouteRow {
  declarationKey: string;
  agency: string;
  channel: Channel | null;
  channelCode: string | null;
  inspectionModes: string[];
}

/** The columns `routeOf` reads, for a Prisma `select`. */
export const ROUTE_ROW_SELECT = { declarationKey: true, agency: true, channel: true, channelCode: true, inspectionModes: true } as const;

/**
 * The route from decisions given newest first (see NEWEST_FIRST).
 *
 * @example
 * routeOf([{ declarationKey: '30512345678', agency: 'customs', channel: 'red', channelCode: '3',
 *   inspectionModes: ['xray'] }], false).stages; // ['documents', 'xray', 'gate']
 */
export function routeOf(newestFirst: readonly RouteRow[], plantOrAnimal: boolean): RouteDecision {
  let channel: Channel | null = null;
  let channelCode: string | null = null;
  const channelSeen = new Set<string>();
  const modesSeen = new Set<string>();
  const modes = new Set<string>();
  for (const d of newestFirst) {
    if (d.channel && !channelSeen.has(d.declarationKey)) {
      channelSeen.add(d.declarationKey);
      if (channel === null || STRICTNESS[d.channel] > STRICTNESS[channel]) {
        channel = d.channel;
        channelCode = d.channelCode;
      }
    }
    const agencyKey = `${d.declarationKey}/${d.agency}`;
    if (!modesSeen.has(agencyKey)) {
      modesSeen.add(agencyKey);
      for (const m of d.inspectionModes) modes.add(m);
    }
  }
  const inspectionModes = [...modes];
  return { channel, channelCode, inspectionModes, stages: stagesFor({ channel, inspectionModes, plantOrAnimal }) };
}

/**
 * @example
 * const route = await routeFromDecisions(tx, ['30512345678'], true); // { channel: 'red', stages: [...] }
 */
export async function routeFromDecisions(tx: Tx, keys: string[], plantOrAnimal: boolean): Promise<RouteDecision> {
  const decisions =
    keys.length === 0
      ? []
      : await tx.agencyDecision.findMany({ where: { declarationKey: { in: keys } }, orderBy: NEWEST_FIRST, select: ROUTE_ROW_SELECT });
  return routeOfKeys(decisions, keys, plantOrAnimal);
}

/** The route of these keys from all their decisions, newest first (see NEWEST_FIRST). */
function routeOfKeys(decisions: readonly RouteRow[], keys: readonly string[], plantOrAnimal: boolean): RouteDecision {
  const route = routeOf(decisions, plantOrAnimal);
  // A declaration customs has not decided yet is checked at documents, whatever channel the others got
  // (else adding an undecided declaration to a green trip would carry it through unchecked).
  const undecided = keys.some((k) => !decisions.some((d) => d.declarationKey === k && d.channel !== null));
  if (undecided && route.channel !== null && !route.stages.includes('documents')) route.stages = ['documents', ...route.stages];
  return route;
}

/** One hold action as stored in `agency_decisions.hold`. */
export interface StoredHold {
  action: 'place' | 'release';
  holdId: string;
  reason: string;
}

/**
 * Reads the `hold` column: `{ holds: [...] }` (adapters) or the internal
 * route's single `{ action, reason }` (hold id `default`).
 */
export function holdsOf(value: Prisma.JsonValue | null): StoredHold[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  const v = value as Record<string, unknown>;
  const list = Array.isArray(v.holds) ? (v.holds as unknown[]) : [v];
  return list.flatMap((h) => {
    const hold = h as Partial<StoredHold> | null;
    if (!hold || (hold.action !== 'place' && hold.action !== 'release')) return [];
    return [{ action: hold.action, holdId: hold.holdId ?? 'default', reason: hold.reason ?? '' }];
  });
}

export interface ActiveHold {
  agency: string;
  holdId: string;
  reason: string;
  /** The decision that placed it (its id makes the scheduler command id). */
  decisionId: string;
}

/**
 * Holds in force on these declarations, keyed `<agency>:<holdId>`.
 *
 * @example
 * const holds = await activeHolds(tx, ['30512345678']); // Map { 'quarantine:q-1' => { … } }
 */
export async function activeHolds(tx: Tx, keys: string[]): Promise<Map<string, ActiveHold>> {
  if (keys.length === 0) return new Map();
  const decisions = await tx.agencyDecision.findMany({
    where: { declarationKey: { in: keys }, hold: { not: Prisma.DbNull } },
    select: { id: true, agency: true, hold: true, decidedAt: true, receivedAt: true },
  });
  return holdsFrom(inDecisionOrder(decisions));
}

/** The order the agencies decided in, which holds replay in: no decision time first, then by time, then by arrival. */
function inDecisionOrder<T extends { hold: Prisma.JsonValue | null; decidedAt: Date | null; receivedAt: Date }>(decisions: readonly T[]): T[] {
  const time = (d: Date | null) => (d === null ? -Infinity : d.getTime());
  return decisions
    .filter((d) => d.hold !== null)
    .sort((a, b) => time(a.decidedAt) - time(b.decidedAt) || a.receivedAt.getTime() - b.receivedAt.getTime());
}

/** The holds in force after replaying these decisions' hold actions, given in the order the agencies decided them. */
function holdsFrom(decisions: ReadonlyArray<{ id: string; agency: string; hold: Prisma.JsonValue | null }>): Map<string, ActiveHold> {
  const active = new Map<string, ActiveHold>();
  for (const d of decisions) {
    for (const h of holdsOf(d.hold)) {
      const key = `${d.agency}:${h.holdId}`;
      if (h.action === 'place') {
        if (!active.has(key)) active.set(key, { agency: d.agency, holdId: h.holdId, reason: h.reason, decisionId: d.id });
      } else {
        active.delete(key);
      }
    }
  }
  return active;
}

/** A decision as the route and the holds need it. */
export interface DecisionRow extends RouteRow {
  id: string;
  hold: Prisma.JsonValue | null;
  decidedAt: Date | null;
  receivedAt: Date;
}

/**
 * The route and the holds in force of these declarations from one read of their decisions (a
 * registration needs both: two reads were two of its statements). The same answers as
 * routeFromDecisions and activeHolds: the rows are read newest first for the route, and the holds
 * replayed in decision order (no decision time first, then by time, then by arrival).
 *
 * @example
 * const { route, holds } = await routeAndHolds(tx, ['30512345678'], false);
 */
export async function routeAndHolds(
  tx: Tx,
  keys: string[],
  plantOrAnimal: boolean,
): Promise<{ route: RouteDecision; holds: Map<string, ActiveHold> }> {
  const decisions = keys.length === 0 ? [] : decisionsFrom((await tx.$queryRaw<Array<{ d: unknown }>>`SELECT ${decisionsJson(keys)} AS "d"`)[0]!.d);
  return routeAndHoldsOf(decisions, keys, plantOrAnimal);
}

/** routeAndHolds from decisions already read (decisionsJson, newest first). */
export function routeAndHoldsOf(
  newestFirst: readonly DecisionRow[],
  keys: readonly string[],
  plantOrAnimal: boolean,
): { route: RouteDecision; holds: Map<string, ActiveHold> } {
  return { route: routeOfKeys(newestFirst, keys, plantOrAnimal), holds: holdsFrom(inDecisionOrder(newestFirst)) };
}

/**
 * The decisions on these keys, newest first (NEWEST_FIRST), as one json value: an expression for a
 * SELECT list, so a caller can read them in a statement it needs anyway (registration). A raw read
 * costs the client about half a Prisma `findMany`. `keys` must not be empty.
 *
 * @example
 * const [row] = await tx.$queryRaw`SELECT ${decisionsJson(keys)} AS "d"`;
 * routeAndHoldsOf(decisionsFrom(row.d), keys, false);
 */
export function decisionsJson(keys: readonly string[]): Prisma.Sql {
  return Prisma.sql`(
    SELECT COALESCE(json_agg(json_build_object('id', a."id", 'declarationKey', a."declaration_key", 'agency', a."agency",
      'channel', a."channel", 'channelCode', a."channel_code", 'inspectionModes', a."inspection_modes", 'hold', a."hold",
      'decidedAt', a."decided_at", 'receivedAt', a."received_at")
      ORDER BY ${NEWEST_FIRST_SQL}), '[]'::json)
    FROM "agency_decisions" a WHERE a."declaration_key" = ANY(${keyArraySql(keys)}))`;
}

/**
 * Declaration keys as one parameter (a JSON array) in SQL: a `text[]` value. As an inlined list (`IN ($1, $2)`)
 * the statement's text changed with the number of keys, and each text is one more prepared statement that every
 * pooled connection plans ~6 times before it reuses a plan (benchmarks/RESULTS.md, regs11 and regs12); an array
 * parameter reaches PGlite as one comma-joined string, so the keys travel as JSON.
 *
 * @example
 * Prisma.sql`SELECT 1 FROM "declarations" d WHERE d."key" = ANY(${keyArraySql(['30512345678'])})`;
 */
export function keyArraySql(keys: readonly string[]): Prisma.Sql {
  return Prisma.sql`ARRAY(SELECT ${keyRowsSql(keys)})`;
}

/** The keys of keyArraySql as rows (a set-returning call), for a FROM or a SELECT: one JSON parameter. */
export function keyRowsSql(keys: readonly string[]): Prisma.Sql {
  return Prisma.sql`jsonb_array_elements_text(CAST(${JSON.stringify(keys)} AS jsonb))`;
}

/** The rows of a decisionsJson value (an object from PostgreSQL, a string from PGlite). */
export function decisionsFrom(value: unknown): DecisionRow[] {
  const rows = (typeof value === 'string' ? JSON.parse(value) : (value ?? [])) as Array<Omit<DecisionRow, 'decidedAt' | 'receivedAt'> & { decidedAt: string | null; receivedAt: string }>;
  return rows.map((d) => ({ ...d, decidedAt: d.decidedAt === null ? null : new Date(d.decidedAt), receivedAt: new Date(d.receivedAt) }));
}
