/**
 * A declaration belongs to its declarant (issue 10): the first trip that
 * carries a declaration binds its key (the first 11 digits) to that trip's
 * company's tax code (MST); another company's trip cannot carry it (403). A
 * declaration is on one active trip at a time (409): its decisions, holds and
 * channel apply to the truck that carries it, so a second truck must not share
 * them. Both answers name `declarations[i].number`.
 *
 * The binding row is written (or touched) with INSERT … ON CONFLICT DO UPDATE,
 * which locks it until the transaction ends: two registrations of one
 * declaration are serialised, and the second sees the first's trip.
 */
import { declarationKey } from '@borderflow/contracts';
import { Prisma } from '@borderflow/db';
import { AppError } from '../app-error.ts';
import type { Principal } from '../auth/jwt.ts';
import { ACTIVE_STATES_SQL } from './trip-records.ts';
import { REFUSALS } from '../http/refusal-words.ts';
import { keyArraySql, keyRowsSql } from '../agency/decision-state.ts';

type Tx = Prisma.TransactionClient;

/**
 * Binds each declaration to the trip's company (or checks the binding), and
 * checks no other active trip carries it.
 *
 * @example
 * await claimDeclarations(tx, principal, trip.companyId, after.declarations, trip.id); // a correction
 */
export async function claimDeclarations(
  tx: Tx,
  who: Principal,
  companyId: string | null,
  numbers: readonly string[],
  exceptTripId?: string,
): Promise<void> {
  if (numbers.length === 0) return;
  const taxCode = companyId
    ? ((await tx.company.findUnique({ where: { id: companyId }, select: { taxCode: true } }))?.taxCode ?? null)
    : null;
  const declarant = declarantOf(companyId, taxCode);
  const bindings = await tx.$queryRaw<Binding[]>(
    bindDeclarations(bindingKeys(numbers), who.id, Prisma.sql`${declarant.taxCode}`, Prisma.sql`${declarant.companyId}`),
  );
  const [read] = await tx.$queryRaw<Array<{ c: unknown }>>`SELECT ${carriersJson(numbers, exceptTripId)} AS "c"`;
  checkClaims(numbers, declarant.taxCode, bindings, carriersFrom(read!.c));
}

/** A binding row as `bindDeclarations` returns it. */
export interface Binding {
  key: string;
  tax_code: string;
}

/**
 * The company and tax code that declarations are bound to, or 403: a trip without a company, or a
 * company without a tax code, cannot carry declarations.
 */
export function declarantOf(companyId: string | null, taxCode: string | null): { companyId: string; taxCode: string } {
  if (!companyId || taxCode === null) {
    throw AppError.worded('FORBIDDEN', REFUSALS.noCompanyForDeclaration, 'declarations[0].number');
  }
  return { companyId, taxCode };
}

/** The keys to bind, sorted so two registrations lock shared keys in one order (no deadlock). */
export function bindingKeys(numbers: readonly string[]): string[] {
  return [...new Set(numbers.map(declarationKey))].sort();
}

/**
 * The statement that binds every key (or touches its binding, locking it to the transaction's end),
 * for `claimDeclarations` or as a step of registration's statement (`taxCode` and `companyId` then
 * columns of its facts, `from` its FROM … WHERE). The keys are one JSON parameter, read in their (sorted)
 * order, so the statement's text is the same whatever their number (keyArraySql says why).
 *
 * @example
 * await tx.$queryRaw(bindDeclarations(['30512345678'], principal.id, Prisma.sql`${taxCode}`, Prisma.sql`${companyId}`));
 */
export function bindDeclarations(
  keys: readonly string[],
  whoId: string,
  taxCode: Prisma.Sql,
  companyId: Prisma.Sql,
  from: Prisma.Sql = Prisma.sql`WHERE TRUE`,
): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO "declaration_bindings" ("key", "tax_code", "company_id", "bound_by_id")
    SELECT k."key", CAST(${taxCode} AS text), CAST(${companyId} AS text), ${whoId}
    FROM ${keyRowsSql(keys)} AS k("key") ${from}
    ON CONFLICT ("key") DO UPDATE SET "key" = EXCLUDED."key"
    RETURNING "key", "tax_code"`;
}

/** An active trip's plate carrying one of the keys, as carriersJson gives it. */
export interface Carrier {
  key: string;
  plate_display: string;
}

/**
 * The active trips (other than `exceptTripId`) whose own declarations have these numbers' keys,
 * as one json value: an expression for a SELECT list. Read in a statement after the one that took
 * the bindings' locks, so it sees a trip committed while this one waited for a lock.
 *
 * @example
 * const [row] = await tx.$queryRaw`SELECT ${carriersJson(['305123456780'])} AS "c"`;
 */
export function carriersJson(numbers: readonly string[], exceptTripId?: string): Prisma.Sql {
  return Prisma.sql`(
    SELECT COALESCE(json_agg(json_build_object('key', d."key", 'plate_display', v."plate_display")), '[]'::json)
    FROM "declarations" d JOIN "trips" t ON t."id" = d."trip_id" JOIN "vehicles" v ON v."id" = t."vehicle_id"
    WHERE d."key" = ANY(${keyArraySql(bindingKeys(numbers))}) AND d."inherited_from_trip_id" IS NULL
      AND t."state" IN ${ACTIVE_STATES_SQL}
      ${exceptTripId ? Prisma.sql`AND t."id" <> ${exceptTripId}` : Prisma.empty})`;
}

/** The rows of a carriersJson value (an object from PostgreSQL, a string from PGlite). */
export function carriersFrom(value: unknown): Carrier[] {
  return (typeof value === 'string' ? JSON.parse(value) : (value ?? [])) as Carrier[];
}

/**
 * Once the bindings are held and the carriers read: 403 on the first declaration (in the request's
 * order) bound to another tax code, 409 on the first an active trip carries.
 */
export function checkClaims(numbers: readonly string[], taxCode: string, bindings: readonly Binding[], carriers: readonly Carrier[]): void {
  const boundTo = new Map(bindings.map((b) => [b.key, b.tax_code]));
  const carriedBy = new Map(carriers.map((o) => [o.key, o.plate_display]));
  for (const [i, number] of numbers.entries()) {
    const field = `declarations[${i}].number`;
    const key = declarationKey(number);
    if (boundTo.get(key) !== taxCode) {
      throw AppError.worded('FORBIDDEN', REFUSALS.declarationOfOther(number), field);
    }
    const plate = carriedBy.get(key);
    if (plate !== undefined) {
      throw AppError.worded('CONFLICT', REFUSALS.declarationOnOtherTrip(number, plate), field);
    }
  }
}
