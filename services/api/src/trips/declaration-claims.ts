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

type Tx = Prisma.TransactionClient;

/**
 * Binds each declaration to the trip's company (or checks the binding), and
 * checks no other active trip carries it.
 *
 * @example
 * await claimDeclarations(tx, principal, companyId, ['305123456780']);
 * await claimDeclarations(tx, principal, trip.companyId, after.declarations, trip.id); // a correction
 */
export async function claimDeclarations(
  tx: Tx,
  who: Principal,
  companyId: string | null,
  numbers: readonly string[],
  exceptTripId?: string,
  /** The company's tax code when the caller has read it already (registration does). */
  knownTaxCode?: string | null,
): Promise<void> {
  if (numbers.length === 0) return;
  if (!companyId) {
    throw AppError.worded('FORBIDDEN', REFUSALS.noCompanyForDeclaration, 'declarations[0].number');
  }
  const taxCode =
    knownTaxCode !== undefined
      ? knownTaxCode
      : ((await tx.company.findUnique({ where: { id: companyId }, select: { taxCode: true } }))?.taxCode ?? null);
  if (taxCode === null) {
    throw AppError.worded('FORBIDDEN', REFUSALS.noCompanyForDeclaration, 'declarations[0].number');
  }
  // Every binding in one statement, keys sorted so two registrations lock shared keys in one
  // order (no deadlock); then, once the locks are held, one read of the active trips carrying them
  // (a separate statement, so it sees a trip committed while this one waited for a lock).
  const keys = [...new Set(numbers.map(declarationKey))].sort();
  const bindings = await tx.$queryRaw<Array<{ key: string; tax_code: string }>>`
    INSERT INTO "declaration_bindings" ("key", "tax_code", "company_id", "bound_by_id")
    VALUES ${Prisma.join(keys.map((k) => Prisma.sql`(${k}, ${taxCode}, ${companyId}, ${who.id})`))}
    ON CONFLICT ("key") DO UPDATE SET "key" = EXCLUDED."key"
    RETURNING "key", "tax_code"`;
  const others = await tx.$queryRaw<Array<{ key: string; plate_display: string }>>`
    SELECT d."key", v."plate_display"
    FROM "declarations" d JOIN "trips" t ON t."id" = d."trip_id" JOIN "vehicles" v ON v."id" = t."vehicle_id"
    WHERE d."key" IN (${Prisma.join(keys)}) AND d."inherited_from_trip_id" IS NULL
      AND t."state" IN ${ACTIVE_STATES_SQL}
      ${exceptTripId ? Prisma.sql`AND t."id" <> ${exceptTripId}` : Prisma.empty}`;
  const boundTo = new Map(bindings.map((b) => [b.key, b.tax_code]));
  const carriedBy = new Map(others.map((o) => [o.key, o.plate_display]));
  // The first declaration (in the request's order) that fails names the field.
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
