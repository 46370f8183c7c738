/**
 * Where a trip's priority class came from. Every call-up stores it, so "why
 * did that truck go before me?" is answered from data: an agency's or an
 * operator's confirmation, a fact about the company, or the default rule.
 */
import { z } from 'zod';
import { ZPriorityClassSchema } from './domain.ts';

/**
 * - `hs-list+operator`: perishable HS heading, confirmed by a gate operator at check-in;
 * - `hs-list+quarantine`: perishable HS heading, confirmed by a quarantine decision;
 * - `trusted-trader`: the company is a trusted trader (set by an administrator);
 * - `walk-in`: no slot (none booked, or arrived past its grace) at a gate with a published capacity plan;
 * - `default`: none of these (ordinary, or empty return without cargo).
 */
export const ZClassSourceSchema = z.enum(['hs-list+operator', 'hs-list+quarantine', 'trusted-trader', 'walk-in', 'default']);
export type ClassSource = z.infer<typeof ZClassSourceSchema>;
export const CLASS_SOURCES = ZClassSourceSchema.options;

/**
 * What the trip view says about perishable cargo:
 * `confirmed` (counts for priority), `hs-listed-unconfirmed` (a perishable HS heading, not yet
 * confirmed), `claimed-unconfirmed` (the driver ticked `perishable`; the flag alone never counts),
 * `none`.
 */
export const ZPerishableStatusSchema = z.enum(['confirmed', 'hs-listed-unconfirmed', 'claimed-unconfirmed', 'none']);
export type PerishableStatus = z.infer<typeof ZPerishableStatusSchema>;

/** A trip's priority as the API shows it: the class, its source, and what the driver claimed. */
export const ZTripPrioritySchema = z.object({
  class: ZPriorityClassSchema,
  source: ZClassSourceSchema,
  /** True when the driver flagged cargo as perishable (a claim: it does not count by itself). */
  claimed: z.boolean(),
  perishable: ZPerishableStatusSchema,
});
export type TripPriority = z.infer<typeof ZTripPrioritySchema>;
