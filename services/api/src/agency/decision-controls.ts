/**
 * The trust controls every agency decision passes, whatever route it came by
 * (issue 10): the agency may make it (the power table in contracts), a lowered
 * channel carries a reason, and every channel change and hold action is
 * written to the audit log in the decision's own transaction.
 */
import {
  decisionViolation,
  isChannelLowered,
  type Agency,
  type Channel,
  type DecisionStatus,
  type InspectionMode,
  type PowerViolation,
} from '@borderflow/contracts';
import type { Prisma } from '@borderflow/db';
import { AppError } from '../app-error.ts';
import { recordAudit, type AuditRecord } from '../audit/audit-log.ts';
import type { StoredHold } from './decision-state.ts';
import { REFUSALS } from '../http/refusal-words.ts';

/** Who sent a decision, as the audit log records it. */
export interface DecisionSender {
  /** The agency account of the internal route; null for a signed adapter (then `name` says which). */
  actor: AuditRecord['actor'];
  /** `adapter:<name>` for adapters. */
  name: string;
  ip?: string;
}

/** The request's names for the parts of a decision (the internal route says `channelCode`, `hold`). */
export type DecisionFields = Partial<Record<PowerViolation['part'] | 'reason', string>>;

/** What the checks need of a decision. */
export interface ControlledDecision {
  declarationKey: string;
  amendment: number;
  agency: Agency;
  channelCode: string | null;
  inspectionModes: readonly InspectionMode[];
  holds: readonly StoredHold[];
  status: DecisionStatus | null;
  reason: string | null;
  sender: DecisionSender;
  fields?: DecisionFields;
}

/**
 * 403 naming the field when the agency may not make this decision.
 *
 * @example
 * assertAgencyMay(decision, 'red'); // quarantine → AppError FORBIDDEN on channelCode
 */
export function assertAgencyMay(d: ControlledDecision, channel: Channel | null): void {
  const violation = decisionViolation(d.agency, { channel, inspectionModes: d.inspectionModes, holdCount: d.holds.length, status: d.status });
  if (violation) throw AppError.worded('FORBIDDEN', REFUSALS.agencyPower(violation.message, d.agency, violation.power), d.fields?.[violation.part] ?? violation.part);
}

/**
 * 400 on `reason` when the decision lowers the declaration's channel without saying why.
 *
 * @example
 * assertLoweringReason(decision, 'red', 'green'); // no reason → AppError VALIDATION_FAILED
 */
export function assertLoweringReason(d: ControlledDecision, previous: Channel | null, channel: Channel | null): void {
  if (isChannelLowered(previous, channel) && !d.reason) {
    throw AppError.worded('VALIDATION_FAILED', REFUSALS.lowerChannelReason(d.declarationKey, String(previous), String(channel)), d.fields?.reason ?? 'reason');
  }
}

/**
 * The audit entries of a decision: its channel (channel.set, or channel.lower
 * with the reason) and each hold placed or released.
 */
export async function auditDecision(
  tx: Prisma.TransactionClient,
  d: ControlledDecision,
  previous: Channel | null,
  channel: Channel | null,
  tripIds: string[],
): Promise<void> {
  const base = {
    actor: d.sender.actor,
    actorName: d.sender.name,
    targetType: 'declaration',
    targetId: d.declarationKey,
    ...(d.sender.ip ? { ip: d.sender.ip } : {}),
  };
  const detail = { agency: d.agency, amendment: d.amendment, tripIds };
  if (channel !== null) {
    const lowered = isChannelLowered(previous, channel);
    await recordAudit(tx, {
      ...base,
      action: lowered ? 'channel.lower' : 'channel.set',
      ...(d.reason ? { reason: d.reason } : {}),
      detail: { ...detail, from: previous, to: channel, channelCode: d.channelCode },
    });
  }
  for (const h of d.holds) {
    await recordAudit(tx, {
      ...base,
      action: h.action === 'place' ? 'hold.place' : 'hold.release',
      reason: h.reason,
      detail: { ...detail, holdId: h.holdId },
    });
  }
}
