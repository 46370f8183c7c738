/**
 * A driver pre-registers a trip. One active trip per vehicle (anti slot
 * hoarding) is checked inside the transaction and enforced again by the
 * database's partial unique index, which wins any race between two requests.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { COMMIT_BEHIND, directTransaction, isUniqueViolation, Prisma, type PrismaClient, type Trip } from '@borderflow/db';
import { cargoNeedsQuarantine, declarationKey, type CreateTripRequest } from '@borderflow/contracts';
import { AppError } from '../app-error.ts';
import { usableFrom, vehicleUpsert, type UpsertedVehicle } from '../vehicles/vehicle-ownership.ts';
import type { Principal } from '../auth/jwt.ts';
import { priorityFor } from './priority-class.ts';
import { newTripControls } from './registration-controls.ts';
import { NO_TRIPS, vehicleTrips } from './inherited-controls.ts';
import { activeTripConflict, cargoRows, containerRows, declarationRows, driverSteps, type DriverRow } from './trip-records.ts';
import { bindDeclarations, bindingKeys, type Binding } from './declaration-claims.ts';
import type { CapCounts } from './trip-place.ts';
import type { TripRow } from './trip-view.ts';
import { REFUSALS } from '../http/refusal-words.ts';
import { decisionsFrom, decisionsJson } from '../agency/decision-state.ts';

/** 32 url-safe characters (24 random bytes): unguessable, fits a QR code comfortably. */
export function newQrToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Plates as the driver typed them (before normalisation), for display. */
export interface RawPlates {
  plate?: unknown;
  trailerPlate?: unknown;
}

/**
 * Registers a trip and returns it as stored, with its relations (the answer is built from what
 * was written, not read back).
 *
 * @example
 * const row = await registerTrip(db, principal, ZCreateTripRequestSchema.parse(body), body.vehicle);
 */
export async function registerTrip(
  db: PrismaClient,
  who: Principal,
  input: CreateTripRequest,
  raw: RawPlates = {},
  /** The id the trip gets (reserved under the caps by registerWithinCaps); default a new one. */
  tripId: string = randomUUID(),
  /** Runs in the registration's transaction, before the trip's statement (the movement notice's outbox entry). */
  inTransaction?: InTransaction,
  /** The caps' check, read in the first statement (register-within-caps.ts). */
  admission?: Admission,
): Promise<TripRow> {
  // Two first-time registrations of the same account race on its own driver row: the loser retries once.
  for (let attempt = 1; ; attempt++) {
    try {
      return await createOnce(db, who, input, raw, tripId, inTransaction, admission);
    } catch (err) {
      if (isUniqueViolation(err, 'trips_one_active_per_vehicle')) throw activeTripConflict();
      if (attempt >= 2 || !isUniqueViolation(err)) throw err;
    }
  }
}

/**
 * What the registration's first statement finds, creates and locks: the gate, the account, its
 * company; the truck's and trailer's vehicle rows; the driver row; the declarations' bindings.
 */
interface RegistrationStep {
  gate_id: string | null;
  user_id: string | null;
  company_id: string | null;
  trusted: boolean | null;
  tax_code: string | null;
  truck: UpsertedVehicle | string | null;
  trailer: UpsertedVehicle | string | null;
  driver: DriverRow | string | null;
  bindings: Binding[] | string | null;
  /** The decisions on the declarations' keys (decisionsJson). */
  decisions: unknown;
  cap: CapCounts | string | null;
}

/**
 * A check whose statement rides in the registration's first one and whose answer comes before any
 * other refusal (the active-trip caps: trip-place.ts). Its own statement, run apart, was a round trip
 * and a transaction of its own on every registration.
 */
export interface Admission {
  /** A one-row SELECT (capCountsSql). */
  counts: Prisma.Sql;
  /**
   * Takes that row; may run statements in the transaction; throws to refuse. Called again if the registration is retried.
   * `found`: the gate and the account exist (their refusals come after this one), so work sent beside the
   * reservation may name the gate.
   */
  admit(row: CapCounts, tx: Prisma.TransactionClient, found: boolean): Promise<void>;
}

/**
 * The facts, then every row the trip points to, as one statement (they were four, and Prisma's
 * per-statement CPU and a socket write per round trip are most of a registration's cost:
 * benchmarks/RESULTS.md). Each row's rule stays with its owner (vehicleUpsert, driverSteps,
 * bindDeclarations); nothing is written unless the gate and the account exist, so those refusals
 * still come first. Same lock order as before: vehicles, driver, bindings.
 */
async function registrationStep(
  tx: Prisma.TransactionClient, who: Principal, input: CreateTripRequest, raw: RawPlates, counts: Prisma.Sql | undefined,
): Promise<RegistrationStep> {
  const found = Prisma.sql`FROM "facts" f WHERE f."gate_id" IS NOT NULL AND f."user_id" IS NOT NULL`;
  const { plate, trailerPlate } = input.vehicle;
  const trailer = !trailerPlate
    ? Prisma.empty
    : trailerPlate === plate
      // One row cannot be upserted twice in a statement; the second upsert would return the same row.
      ? Prisma.sql`, "trailer" AS (SELECT * FROM "truck")`
      : Prisma.sql`, "trailer" AS (${vehicleUpsert(trailerPlate, displayOf(raw.trailerPlate), 'trailer', Prisma.sql`f."company_id"`, found)})`;
  const keys = bindingKeys(input.declarations);
  const bindings = keys.length === 0
    ? Prisma.empty
    : Prisma.sql`, "bindings" AS (${bindDeclarations(keys, who.id, Prisma.sql`f."tax_code"`, Prisma.sql`f."company_id"`,
      Prisma.sql`CROSS JOIN "facts" f WHERE f."gate_id" IS NOT NULL AND f."user_id" IS NOT NULL AND f."company_id" IS NOT NULL AND f."tax_code" IS NOT NULL`)})`;
  const [row] = await tx.$queryRaw<RegistrationStep[]>`
    WITH "facts" AS (
      SELECT (SELECT g."id" FROM "gates" g WHERE g."code" = ${input.gateCode}) AS "gate_id",
        u."id" AS "user_id", u."company_id", c."trusted", c."tax_code"
      FROM (SELECT 1) AS "one"
        LEFT JOIN "users" u ON u."id" = ${who.id}
        LEFT JOIN "companies" c ON c."id" = u."company_id"
    ), "truck" AS (${vehicleUpsert(plate, displayOf(raw.plate), 'truck', Prisma.sql`f."company_id"`, found)})
    ${trailer},
    ${driverSteps(who.id, input.driver, Prisma.sql`EXISTS (SELECT 1 ${found})`)}
    ${bindings}
    ${counts ? Prisma.sql`, "cap" AS (${counts})` : Prisma.empty}
    SELECT f.*,
      (SELECT row_to_json(v) FROM "truck" v) AS "truck",
      ${trailerPlate ? Prisma.sql`(SELECT row_to_json(v) FROM "trailer" v)` : Prisma.sql`NULL`} AS "trailer",
      (SELECT row_to_json(d) FROM "driver" d LIMIT 1) AS "driver",
      ${keys.length > 0 ? Prisma.sql`(SELECT json_agg(b) FROM "bindings" b)` : Prisma.sql`NULL`} AS "bindings",
      ${keys.length > 0 ? decisionsJson(keys) : Prisma.sql`NULL`} AS "decisions",
      ${counts ? Prisma.sql`(SELECT row_to_json(c) FROM "cap" c)` : Prisma.sql`NULL`} AS "cap"
    FROM "facts" f`;
  return row!;
}

/** A json column: an object from PostgreSQL, a string from PGlite. */
function fromJson<T>(value: T | string | null): T | null {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}

/** Ids for child rows, ascending in the request's order, so reads (ordered by id) give that order back. */
function orderedIds(n: number): string[] {
  return Array.from({ length: n }, () => randomUUID()).sort();
}

/**
 * Work done in the registration's transaction before the trip's statement, which ends it (writeTrip): so it
 * must not need the trip row, and what it writes commits with the trip or not at all.
 */
export type InTransaction = (tx: Prisma.TransactionClient, tripId: string) => Promise<void>;

async function createOnce(
  db: PrismaClient, who: Principal, input: CreateTripRequest, raw: RawPlates, tripId: string,
  inTransaction?: InTransaction, admission?: Admission,
): Promise<TripRow> {
  // Raw statements only: on PostgreSQL they skip Prisma's client (directTransaction; a rare path that needs a
  // model's delegate runs the whole callback again in Prisma's transaction, as a retry would).
  return directTransaction(db, async (tx) => {
    const step = await registrationStep(tx, who, input, raw, admission?.counts);
    // The caps refuse first, as when they were checked before the transaction.
    if (admission) await admission.admit(fromJson(step.cap)!, tx, Boolean(step.gate_id && step.user_id));
    if (!step.gate_id) throw AppError.worded('VALIDATION_FAILED', REFUSALS.unknownGate(input.gateCode), 'gateCode');
    if (!step.user_id) throw AppError.worded('UNAUTHENTICATED', REFUSALS.accountGone);
    const companyId = step.company_id;
    const truck = await usableFrom(tx, fromJson(step.truck)!, 'truck', companyId);
    // A vehicle created just now has no trips to check or inherit from.
    const history = truck.created ? NO_TRIPS : await vehicleTrips(tx, truck.id);
    if (history.hasActive) throw activeTripConflict();
    const trailer = step.trailer ? await usableFrom(tx, fromJson(step.trailer)!, 'trailer', companyId) : null;
    const driver = fromJson(step.driver)!;
    const needsQuarantine = cargoNeedsQuarantine(input.cargo);
    const controls = await newTripControls(tx, companyId, truck.id, input.declarations, needsQuarantine,
      {
        taxCode: step.tax_code, bindings: fromJson(step.bindings) ?? [], ended: history.ended,
        decisions: step.decisions === null ? undefined : decisionsFrom(step.decisions),
      });
    const route = controls.route;
    // The row as Prisma's create would return it: every column is known here (createdAt and the
    // @updatedAt column are the client's time, as Prisma stamps them).
    const at = new Date();
    const trip = {
      id: tripId,
      gateId: step.gate_id,
      direction: input.direction,
      state: 'registered' as const,
      ...priorityFor({ cargo: input.cargo, companyTrusted: step.trusted ?? false }),
      vehicleId: truck.id,
      trailerId: trailer?.id ?? null,
      driverId: driver.id,
      createdById: who.id,
      companyId,
      expectedArrival: new Date(input.expectedArrival),
      appointmentAt: input.appointmentAt ? new Date(input.appointmentAt) : null,
      channel: route.channel,
      channelCode: route.channelCode,
      stages: route.stages as string[],
      stageIndex: 0,
      laneCode: null,
      queueScore: null,
      noShows: 0,
      deadline: null,
      hold: controls.held,
      queuedAt: null,
      qrToken: newQrToken(),
      lastEventSeq: 0,
      createdAt: at,
      updatedAt: at,
      arrivedAt: null,
      crossedAt: null,
    } satisfies Trip;
    // Child rows and earlier decisions in the trip's own statement (a nested create costs one per row, then a re-read).
    const cargoIds = orderedIds(input.cargo.length);
    const cargo = cargoRows(input.cargo).map((c, i) => ({
      ...c, id: cargoIds[i]!, tripId, perishable: c.perishable ?? false, plantOrAnimal: c.plantOrAnimal ?? false,
    }));
    const containers = containerRows(input.containers).map((c) => ({ id: randomUUID(), tripId, number: c.number, seals: c.seals as string[] }));
    const declarations = declarationRows(input.declarations).map((d) => ({ ...d, id: randomUUID(), tripId, inheritedFromTripId: null }));
    const inherited = controls.inherited.map((d) => ({
      id: randomUUID(), number: d.number, key: d.key, amendment: d.amendment, inheritedFromTripId: d.fromTripId,
    }));
    await inTransaction?.(tx, trip.id);
    try {
      await writeTrip(tx, trip, cargo, containers, [...declarations, ...inherited], input.declarations.map(declarationKey), controls.carriers);
    } catch (err) {
      // The statement refused because a trip carries one of the declarations: the 409 names the first.
      const carriers = carriersRefusedIn(err);
      if (carriers !== undefined) controls.checkCarriers(carriers);
      throw err;
    }
    return {
      ...trip,
      gate: { code: input.gateCode },
      vehicle: { plate: input.vehicle.plate },
      trailer: input.vehicle.trailerPlate ? { plate: input.vehicle.trailerPlate } : null,
      driver: { fullName: driver.full_name, phone: driver.phone, licenseNo: driver.license_no },
      cargo,
      containers: containers.sort((a, b) => (a.number < b.number ? -1 : a.number > b.number ? 1 : 0)),
      // Own only: inherited rows never show in the answer (trip-view.ts).
      declarations: declarations.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
      _count: { revisions: 0 },
    };
  });
}

/** Opens the text of the value a trip's statement refuses with (writeTrip). */
const CARRIERS_REFUSAL = 'bf_carriers:';

/** The carriers value a trip's statement refused with (writeTrip), or undefined for any other error. */
function carriersRefusedIn(err: unknown): unknown {
  const message = err instanceof Error ? err.message : '';
  const at = message.indexOf(CARRIERS_REFUSAL);
  const end = message.lastIndexOf(']');
  if (at < 0 || end < at) return undefined;
  return JSON.parse(message.slice(at + CARRIERS_REFUSAL.length, end + 1));
}

/**
 * The trip row, its cargo, containers, own and inherited declarations, and the customs decisions that arrived
 * before it (they now belong to it): one statement, and the registration's last: on PostgreSQL its COMMIT is
 * written behind it (COMMIT_BEHIND, a round trip fewer), so every refusal after the caps' comes before it or
 * from it. Prisma's per-statement CPU (its query compiler
 * for a create, then the driver) is most of a registration's cost here (benchmarks/RESULTS.md), and
 * the create, createMany per table and the update cost five. The child rows travel as JSON parameters
 * (an array parameter reaches PGlite as one comma-joined string); their foreign keys are checked at
 * the end of the statement, when the trip row exists. `carriers` (NewTripControls.carriers): when it
 * finds an active trip carrying a declaration, the statement fails with that value in its message
 * (carriersRefusedIn) before the trip's insert: that insert could otherwise meet the truck's active trip
 * first (trips_one_active_per_vehicle), and the declaration's 409 comes before that one. Failing it, rather
 * than writing nothing, is what keeps its COMMIT from committing the bindings the first statement wrote.
 */
async function writeTrip(
  tx: Prisma.TransactionClient,
  ...rows: Parameters<typeof tripStatement>
): Promise<void> {
  await tx.$queryRaw<Array<{ rows: number }>>`${Prisma.raw(COMMIT_BEHIND)}${tripStatement(...rows)}`;
}

/**
 * writeTrip's statement (without its COMMIT), apart so a test can read its plan. The carriers are a
 * MATERIALIZED step: read once. Inlined, their query ran once for each mention in the trip's WHERE (two
 * when no trip carries the declarations, three when one does: benchmarks/RESULTS.md, regs12).
 */
export function tripStatement(
  trip: Trip,
  cargo: ReadonlyArray<{ id: string; description: string; hsCode: string; packages: number; grossKg: number; perishable: boolean; plantOrAnimal: boolean }>,
  containers: ReadonlyArray<{ id: string; number: string; seals: string[] }>,
  declarations: ReadonlyArray<{ id: string; number: string; key: string; amendment: number; inheritedFromTripId: string | null }>,
  decisionKeys: readonly string[],
  carriers: Prisma.Sql | null,
): Prisma.Sql {
  const tripId = trip.id;
  const cargoJson = JSON.stringify(cargo.map((c) => ({
    id: c.id, description: c.description, hs_code: c.hsCode, packages: c.packages, gross_kg: c.grossKg,
    perishable: c.perishable, plant_or_animal: c.plantOrAnimal,
  })));
  const containersJson = JSON.stringify(containers.map((c) => ({ id: c.id, number: c.number, seals: c.seals })));
  const declarationsJson = JSON.stringify(declarations.map((d) => ({
    id: d.id, number: d.number, key: d.key, amendment: d.amendment, inherited_from_trip_id: d.inheritedFromTripId,
  })));
  const written = Prisma.sql`EXISTS (SELECT 1 FROM "trip")`;
  return Prisma.sql`
    WITH "carriers" AS MATERIALIZED (SELECT ${carriers ?? Prisma.sql`CAST(NULL AS json)`} AS "c"), "trip" AS (
      INSERT INTO "trips" ("id", "gate_id", "direction", "state", "priority_class", "class_source", "vehicle_id", "trailer_id",
        "driver_id", "created_by_id", "company_id", "expected_arrival", "appointment_at", "channel", "channel_code", "stages",
        "hold", "qr_token", "created_at", "updated_at")
      SELECT ${tripId}, ${trip.gateId}, CAST(${trip.direction} AS "direction"), CAST('registered' AS "trip_state"),
        CAST(${trip.priorityClass} AS "priority_class"), CAST(${trip.classSource} AS text), ${trip.vehicleId}, CAST(${trip.trailerId} AS text),
        ${trip.driverId}, ${trip.createdById}, CAST(${trip.companyId} AS text), CAST(${trip.expectedArrival} AS timestamptz),
        CAST(${trip.appointmentAt} AS timestamptz), CAST(CAST(${trip.channel} AS text) AS "channel"), CAST(${trip.channelCode} AS text),
        ARRAY(SELECT jsonb_array_elements_text(CAST(${JSON.stringify(trip.stages)} AS jsonb))),
        CAST(${trip.hold} AS boolean), ${trip.qrToken}, CAST(${trip.createdAt} AS timestamptz), CAST(${trip.updatedAt} AS timestamptz)
      FROM "carriers"
      WHERE CASE WHEN "c" IS NULL OR json_array_length("c") = 0 THEN true
        ELSE CAST(${Prisma.raw(`'${CARRIERS_REFUSAL}'`)} || CAST("c" AS text) AS int) = 0 END
      RETURNING 1
    ), "cargo" AS (
      INSERT INTO "cargo_items" ("id", "trip_id", "description", "hs_code", "packages", "gross_kg", "perishable", "plant_or_animal")
      SELECT x."id", ${tripId}, x."description", x."hs_code", x."packages", x."gross_kg", x."perishable", x."plant_or_animal"
      FROM jsonb_to_recordset(CAST(${cargoJson} AS jsonb))
        AS x("id" text, "description" text, "hs_code" text, "packages" int, "gross_kg" float8, "perishable" boolean, "plant_or_animal" boolean)
      WHERE ${written}
      RETURNING 1
    ), "containers" AS (
      INSERT INTO "containers" ("id", "trip_id", "number", "seals")
      SELECT x."id", ${tripId}, x."number", ARRAY(SELECT jsonb_array_elements_text(x."seals"))
      FROM jsonb_to_recordset(CAST(${containersJson} AS jsonb)) AS x("id" text, "number" text, "seals" jsonb)
      WHERE ${written}
      RETURNING 1
    ), "declarations" AS (
      INSERT INTO "declarations" ("id", "trip_id", "number", "key", "amendment", "inherited_from_trip_id")
      SELECT x."id", ${tripId}, x."number", x."key", x."amendment", x."inherited_from_trip_id"
      FROM jsonb_to_recordset(CAST(${declarationsJson} AS jsonb))
        AS x("id" text, "number" text, "key" text, "amendment" int, "inherited_from_trip_id" text)
      WHERE ${written}
      RETURNING 1
    ), "decisions" AS (
      UPDATE "agency_decisions" SET "trip_id" = ${tripId}
      WHERE ${written} AND "trip_id" IS NULL
        AND "declaration_key" IN (SELECT k FROM jsonb_array_elements_text(CAST(${JSON.stringify(decisionKeys)} AS jsonb)) AS d(k))
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM "cargo") + (SELECT count(*) FROM "containers") + (SELECT count(*) FROM "declarations")
      + (SELECT count(*) FROM "decisions") AS "rows"`;
}

function displayOf(raw: unknown): string {
  return typeof raw === 'string' ? raw.trim().toUpperCase() : '';
}
