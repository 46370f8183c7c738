/**
 * The trust controls of a new trip, in one call for register-trip.ts: its
 * declarations are its company's and on no other active trip
 * (declaration-claims.ts), and it carries the truck's open holds and red
 * channel (inherited-controls.ts).
 */
import { declarationKey } from '@borderflow/contracts';
import type { Prisma } from '@borderflow/db';
import { carriersFrom, carriersJson, checkClaims, declarantOf, type Binding } from './declaration-claims.ts';
import { carriedControls, type EndedTrip, type InheritedDeclaration } from './inherited-controls.ts';
import { decisionsFrom, decisionsJson, type DecisionRow, type RouteDecision } from '../agency/decision-state.ts';

/** What the new trip's row needs from the controls. */
export interface NewTripControls {
  /** Declaration keys to derive the route and holds from (own, then inherited). */
  keys: string[];
  /** The trip starts held. */
  held: boolean;
  /** Its route, from the decisions on those keys (read once with the holds). */
  route: RouteDecision;
  /** The declarations it inherits (rows written by the trip's own statement). */
  inherited: readonly InheritedDeclaration[];
  /**
   * The active trips carrying the declarations, as a json expression for the trip's own statement,
   * which writes nothing when it finds one (null: no declarations, or already checked). That
   * statement comes after the one that took the bindings' locks, so it sees a trip committed while
   * this one waited for a lock, as the read of its own did; a round trip fewer a registration.
   */
  carriers: Prisma.Sql | null;
  /** 409 on the first declaration one of those trips carries (the statement's carriers value). */
  checkCarriers(value: unknown): void;
}

/**
 * @example
 * const controls = await newTripControls(tx, companyId, truck.id, input.declarations, needsQuarantine, { taxCode, bindings });
 * // … create the trip with hold: controls.held, the route controls.route and the rows of controls.inherited …
 */
export async function newTripControls(
  tx: Prisma.TransactionClient,
  companyId: string | null,
  vehicleId: string,
  declarations: readonly string[],
  /** The cargo needs quarantine (for the route). */
  needsQuarantine: boolean,
  /**
   * What registration's statement found: the company's tax code, the declarations' bindings it
   * wrote (bindDeclarations), the decisions on the declarations' keys (decisionsJson of
   * bindingKeys) and the truck's ended trips.
   */
  known: { taxCode: string | null; bindings: readonly Binding[]; decisions?: readonly DecisionRow[]; ended?: readonly EndedTrip[] },
): Promise<NewTripControls> {
  const ownKeys = declarations.map(declarationKey);
  let decisions = known.decisions;
  let carriers: Prisma.Sql | null = null;
  let taxCode = '';
  if (declarations.length > 0) {
    taxCode = declarantOf(companyId, known.taxCode).taxCode;
    if (!decisions || !boundToUs(declarations, taxCode, known.bindings)) {
      // A refusal on the bindings (or no decisions read): the carriers are read here, so the
      // answer names the first declaration in the request's order that fails either rule.
      const [read] = await tx.$queryRaw<Array<{ c: unknown; d: unknown }>>`
        SELECT ${carriersJson(declarations)} AS "c", ${decisionsJson([...new Set(ownKeys)])} AS "d"`;
      checkClaims(declarations, taxCode, known.bindings, carriersFrom(read!.c));
      decisions = decisionsFrom(read!.d);
    } else {
      carriers = carriersJson(declarations);
    }
  }
  const carried = await carriedControls(tx, vehicleId, ownKeys, known.ended, needsQuarantine, decisions);
  return {
    keys: carried.keys,
    held: carried.held,
    route: carried.route,
    inherited: carried.inherited,
    carriers,
    checkCarriers: (value) => checkClaims(declarations, taxCode, known.bindings, carriersFrom(value)),
  };
}

/** Every declaration is bound to the trip's declarant (checkClaims with no carriers passes). */
function boundToUs(declarations: readonly string[], taxCode: string, bindings: readonly Binding[]): boolean {
  try {
    checkClaims(declarations, taxCode, bindings, []);
    return true;
  } catch {
    return false;
  }
}
