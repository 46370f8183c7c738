/**
 * How the simulated authority decides on a movement notice. Customs assigns a
 * channel per declaration by risk (configurable ratios; some HS codes always
 * red), sometimes amends the declaration later (a new amendment digit, often
 * a stricter channel) and sometimes delivers that amendment before the
 * original decision (out of order). Quarantine looks at plant and animal
 * goods: an inspection, sometimes a hold that it releases later.
 */
import {
  decisionChannel,
  declarationAmendment,
  declarationKey,
  type AgencyDecisionMessage,
  type Channel,
  type MovementNotice,
} from '@borderflow/contracts';
import type { Random } from '@borderflow/traffic';
import type { AuthorityConfig, AuthorityProfile } from './authority-config.ts';

/** One decision to send, `afterMs` (simulated) after the notice. */
export interface PlannedDecision {
  afterMs: number;
  decision: Omit<AgencyDecisionMessage, 'decidedAt'> & { decidedAtMs: number };
  /** Send it twice (same messageId). */
  duplicate: boolean;
}

const CODE: Record<Channel, string> = { green: '1', yellow: '2', red: '3' };
const STRICTER: Record<Channel, Channel> = { green: 'yellow', yellow: 'red', red: 'red' };

function channelOf(notice: MovementNotice, config: AuthorityConfig, rnd: Random): Channel {
  if (notice.cargo.some((c) => config.riskyHsPrefixes.some((p) => c.hsCode.replace(/\D/g, '').startsWith(p)))) return 'red';
  const r = config.channelRatios;
  return rnd.weighted<Channel>([['green', r.green], ['yellow', r.yellow], ['red', r.red]]);
}

function modesOf(channel: Channel, config: AuthorityConfig, rnd: Random): AgencyDecisionMessage['inspectionModes'] {
  if (channel === 'red') return [rnd.chance(config.physicalShare) ? 'physical' : 'xray'];
  if (channel === 'yellow') return ['documents'];
  return [];
}

/**
 * The decisions a profile sends for a notice (empty for a notice it does not decide on).
 *
 * @example
 * const plan = planDecisions(notice, profile, config, rnd, clock.now());
 */
export function planDecisions(
  notice: MovementNotice,
  profile: AuthorityProfile,
  config: AuthorityConfig,
  rnd: Random,
  now: number,
): PlannedDecision[] {
  if (!profile.decides || notice.purpose === 'cancel') return [];
  const delay = () => rnd.between(config.decisionDelayMs.min, config.decisionDelayMs.max);
  const plan: PlannedDecision[] = [];
  if (profile.agency === 'customs') {
    for (const d of notice.declarations) {
      const key = declarationKey(d.number);
      const amendment = declarationAmendment(d.number);
      const channel = channelOf(notice, config, rnd);
      const at = delay();
      const first: PlannedDecision = {
        afterMs: at,
        duplicate: rnd.chance(config.duplicateRate),
        decision: {
          agency: 'customs', declarationKey: key, amendment, status: 'channel_assigned', decidedAtMs: now + at,
          channel: decisionChannel(CODE[channel])!, inspectionModes: modesOf(channel, config, rnd), holds: [],
        },
      };
      plan.push(first);
      if (amendment < 9 && rnd.chance(config.amendmentRate)) {
        const stricter = STRICTER[channel];
        const amendedAt = at + delay() / 4;
        const amended: PlannedDecision = {
          afterMs: amendedAt,
          duplicate: rnd.chance(config.duplicateRate),
          decision: {
            ...first.decision, amendment: amendment + 1, decidedAtMs: now + amendedAt,
            channel: decisionChannel(CODE[stricter])!, inspectionModes: modesOf(stricter, config, rnd),
            note: 'declaration amended',
          },
        };
        // Out of order: the amendment reaches BorderFlow first; the original then must not override it.
        if (rnd.chance(config.outOfOrderRate)) {
          amended.afterMs = at;
          first.afterMs = amendedAt;
        }
        plan.push(amended);
      }
    }
    return plan;
  }
  if (profile.agency === 'quarantine') {
    if (!notice.cargo.some((c) => c.plantOrAnimal)) return [];
    const d = notice.declarations[0];
    if (!d) return [];
    const base = { agency: 'quarantine' as const, declarationKey: declarationKey(d.number), amendment: declarationAmendment(d.number), channel: null };
    const at = delay();
    const holdId = `q-${notice.tripId}`.slice(0, 64);
    if (rnd.chance(config.holdRate)) {
      const releaseAt = at + delay();
      plan.push(
        {
          afterMs: at, duplicate: rnd.chance(config.duplicateRate),
          decision: { ...base, status: 'inspection_required', decidedAtMs: now + at, inspectionModes: ['quarantine'],
            holds: [{ action: 'place', holdId, reason: 'samples sent to the plant quarantine laboratory' }] },
        },
        {
          afterMs: releaseAt, duplicate: false,
          decision: { ...base, status: 'released', decidedAtMs: now + releaseAt, inspectionModes: ['quarantine'],
            holds: [{ action: 'release', holdId, reason: 'laboratory result negative' }] },
        },
      );
    } else {
      plan.push({
        afterMs: at, duplicate: rnd.chance(config.duplicateRate),
        decision: { ...base, status: 'inspection_required', decidedAtMs: now + at, inspectionModes: ['quarantine'], holds: [] },
      });
    }
  }
  return plan;
}
