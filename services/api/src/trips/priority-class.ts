/**
 * The server decides a trip's priority class (drivers cannot pick their own),
 * only from facts: a perishable HS heading confirmed by quarantine or an
 * operator, a trusted-trader company (set by administrators). A driver's
 * `perishable` flag and `appointmentAt` never count.
 */
import {
  hasPerishableHeading,
  type ClassSource,
  type PerishableStatus,
  type PriorityClass,
  type TripPriority,
} from '@borderflow/contracts';

/** Who confirmed perishable cargo at the gate, if anyone. */
export type PerishableConfirmation = 'operator' | 'quarantine' | null;

export interface PriorityInput {
  cargo: ReadonlyArray<{ hsCode: string }>;
  companyTrusted: boolean;
  /** Default null: nobody has confirmed (at registration, before the truck is at the gate). */
  perishableConfirmedBy?: PerishableConfirmation;
  /** Checked in without a slot at a gate with a published plan (booking/arrival.ts); default false. */
  walkIn?: boolean;
}

export interface PriorityDecision {
  priorityClass: PriorityClass;
  classSource: ClassSource;
}

/**
 * The published rule, in this order: perishable HS heading + confirmation → perishable (a walk-in
 * too: confirmed fruit is not pushed below); a walk-in → walk_in (a slot is the only way to
 * the other classes' turns); trusted company → trusted; no cargo → empty_return; else ordinary.
 *
 * @example
 * priorityFor({ cargo: [{ hsCode: '08109010' }], companyTrusted: false });
 * // { priorityClass: 'ordinary', classSource: 'default' } — not confirmed yet
 * priorityFor({ cargo: [{ hsCode: '08109010' }], companyTrusted: false, perishableConfirmedBy: 'operator' });
 * // { priorityClass: 'perishable', classSource: 'hs-list+operator' }
 */
export function priorityFor({ cargo, companyTrusted, perishableConfirmedBy = null, walkIn = false }: PriorityInput): PriorityDecision {
  if (perishableConfirmedBy && hasPerishableHeading(cargo)) {
    return { priorityClass: 'perishable', classSource: `hs-list+${perishableConfirmedBy}` };
  }
  if (walkIn) return { priorityClass: 'walk_in', classSource: 'walk-in' };
  if (companyTrusted) return { priorityClass: 'trusted', classSource: 'trusted-trader' };
  if (cargo.length === 0) return { priorityClass: 'empty_return', classSource: 'default' };
  return { priorityClass: 'ordinary', classSource: 'default' };
}

/**
 * The priority block of the trip view: what counts, and what was only claimed.
 *
 * @example
 * tripPriorityView('ordinary', 'default', [{ hsCode: '69072110', perishable: true }]);
 * // { class: 'ordinary', source: 'default', claimed: true, perishable: 'claimed-unconfirmed' }
 */
export function tripPriorityView(
  priorityClass: PriorityClass,
  classSource: ClassSource,
  cargo: ReadonlyArray<{ hsCode: string; perishable: boolean }>,
): TripPriority {
  const claimed = cargo.some((c) => c.perishable);
  let perishable: PerishableStatus = 'none';
  if (classSource === 'hs-list+operator' || classSource === 'hs-list+quarantine') perishable = 'confirmed';
  else if (claimed) perishable = 'claimed-unconfirmed';
  else if (hasPerishableHeading(cargo)) perishable = 'hs-listed-unconfirmed';
  return { class: priorityClass, source: classSource, claimed, perishable };
}
