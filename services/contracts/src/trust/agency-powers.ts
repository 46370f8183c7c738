/**
 * The one table of what each agency may decide (issue 10, "identity comes from
 * the principal"). The API checks every decision against it, whatever route
 * the decision came by (the internal route, a signed webhook, VNACCS polling);
 * an agency's decision is always about its own controls:
 *   - only customs sets a customs channel, lowers one (with a reason), asks for
 *     customs checks (documents, X-ray, physical) and sends the customs statuses
 *     that change a declaration (channel assigned, cancelled, manual…);
 *   - quarantine confirms that goods need a quarantine inspection, and places and
 *     releases quarantine holds;
 *   - the border guard places and releases its own holds;
 *   - the far-side gate places and releases its own holds; a refusal of entry is
 *     a far-side hold that stays until the far side releases it.
 * Every agency may release only holds it placed itself (holds are keyed by agency).
 */
import type { Agency } from '../common.ts';
import type { Channel } from '../domain.ts';
import type { InspectionMode } from '../agency-decision.ts';
import type { DecisionStatus } from '../agency/agency-decision-message.ts';

/** One thing an agency may decide. */
export type AgencyPower =
  /** Assign a customs channel (VNACCS "phân luồng"). */
  | 'channel.set'
  /** Replace a channel by a less strict one (red → yellow or green…): needs a reason, audited. */
  | 'channel.lower'
  /** Ask for a documents check, an X-ray or a physical inspection. */
  | 'inspect.customs'
  /** Confirm that the goods need a quarantine inspection. */
  | 'inspect.quarantine'
  /** Place and release its own holds. */
  | 'hold'
  /** Send the statuses that change the declaration itself (channel assigned, cancelled, manual). */
  | 'declaration.status';

export const AGENCY_POWERS = {
  customs: ['channel.set', 'channel.lower', 'inspect.customs', 'hold', 'declaration.status'],
  quarantine: ['inspect.quarantine', 'hold'],
  border_guard: ['hold'],
  far_side: ['hold'],
} as const satisfies Record<Agency, readonly AgencyPower[]>;

/** Statuses any agency may report about its own work; the rest need `declaration.status`. */
const OWN_WORK_STATUSES: readonly DecisionStatus[] = ['registered', 'inspection_required', 'released', 'cleared'];

const CUSTOMS_MODES: readonly InspectionMode[] = ['documents', 'xray', 'physical'];

const STRICTNESS: Record<Channel, number> = { green: 0, yellow: 1, red: 2 };

/**
 * Whether the agency holds the power.
 *
 * @example
 * agencyMay('quarantine', 'channel.set'); // false
 */
export function agencyMay(agency: Agency, power: AgencyPower): boolean {
  return (AGENCY_POWERS[agency] as readonly AgencyPower[]).includes(power);
}

/**
 * Whether `to` is less strict than `from` (a channel lowered).
 *
 * @example
 * isChannelLowered('red', 'yellow'); // true
 * isChannelLowered(null, 'green');   // false: a first channel
 */
export function isChannelLowered(from: Channel | null, to: Channel | null): boolean {
  return from !== null && to !== null && STRICTNESS[to] < STRICTNESS[from];
}

/** What a decision asks for, as far as the power table is concerned. */
export interface DecisionClaim {
  channel: Channel | null;
  inspectionModes: readonly InspectionMode[];
  /** Hold actions in the decision (any agency's holds are its own: they are keyed by agency). */
  holdCount: number;
  status: DecisionStatus | null;
}

/** A part of a decision the agency may not make. */
export interface PowerViolation {
  part: 'channel' | 'inspectionModes' | 'holds' | 'status';
  power: AgencyPower;
  message: string;
}

/**
 * The first part of the decision the agency has no power for, or null when it may make all of it.
 *
 * @example
 * decisionViolation('quarantine', { channel: 'green', inspectionModes: [], holdCount: 0, status: null });
 * // { part: 'channel', power: 'channel.set', message: 'quarantine may not set a customs channel; only customs may' }
 */
export function decisionViolation(agency: Agency, claim: DecisionClaim): PowerViolation | null {
  if (claim.channel !== null && !agencyMay(agency, 'channel.set')) {
    return { part: 'channel', power: 'channel.set', message: `${agency} may not set a customs channel; only customs may` };
  }
  const customsMode = claim.inspectionModes.find((m) => CUSTOMS_MODES.includes(m));
  if (customsMode && !agencyMay(agency, 'inspect.customs')) {
    return { part: 'inspectionModes', power: 'inspect.customs', message: `${agency} may not require a ${customsMode} inspection; only customs may` };
  }
  if (claim.inspectionModes.includes('quarantine') && !agencyMay(agency, 'inspect.quarantine')) {
    return { part: 'inspectionModes', power: 'inspect.quarantine', message: `${agency} may not require a quarantine inspection; only quarantine may` };
  }
  if (claim.holdCount > 0 && !agencyMay(agency, 'hold')) {
    return { part: 'holds', power: 'hold', message: `${agency} may not place or release holds` };
  }
  if (claim.status !== null && !OWN_WORK_STATUSES.includes(claim.status) && !agencyMay(agency, 'declaration.status')) {
    return { part: 'status', power: 'declaration.status', message: `${agency} may not report status ${claim.status}; only customs may` };
  }
  return null;
}
