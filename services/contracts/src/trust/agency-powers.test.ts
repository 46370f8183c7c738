import { describe, expect, it } from 'vitest';
import { AGENCY_POWERS, agencyMay, decisionViolation, isChannelLowered, type DecisionClaim } from './agency-powers.ts';

const claim = (over: Partial<DecisionClaim>): DecisionClaim => ({ channel: null, inspectionModes: [], holdCount: 0, status: null, ...over });

describe('the agency power table', () => {
  it('gives the customs channel to customs alone', () => {
    const setters = Object.keys(AGENCY_POWERS).filter((a) => agencyMay(a as keyof typeof AGENCY_POWERS, 'channel.set'));
    expect(setters).toEqual(['customs']);
    expect(decisionViolation('customs', claim({ channel: 'red', inspectionModes: ['xray'], status: 'channel_assigned' }))).toBeNull();
  });

  it.each(['quarantine', 'border_guard', 'far_side'] as const)('%s cannot set or override a channel', (agency) => {
    expect(decisionViolation(agency, claim({ channel: 'green' }))).toMatchObject({ part: 'channel', power: 'channel.set' });
  });

  it('lets only quarantine confirm a quarantine inspection, and only customs ask for X-ray', () => {
    expect(decisionViolation('quarantine', claim({ inspectionModes: ['quarantine'] }))).toBeNull();
    expect(decisionViolation('border_guard', claim({ inspectionModes: ['quarantine'] }))).toMatchObject({ power: 'inspect.quarantine' });
    expect(decisionViolation('quarantine', claim({ inspectionModes: ['xray'] }))).toMatchObject({ power: 'inspect.customs' });
  });

  it('lets every agency hold, and keeps declaration statuses for customs', () => {
    for (const agency of ['customs', 'quarantine', 'border_guard', 'far_side'] as const) {
      expect(decisionViolation(agency, claim({ holdCount: 1, status: 'released' }))).toBeNull();
    }
    expect(decisionViolation('far_side', claim({ status: 'cancelled' }))).toMatchObject({ part: 'status', power: 'declaration.status' });
  });

  it('knows a lowered channel', () => {
    expect(isChannelLowered('red', 'yellow')).toBe(true);
    expect(isChannelLowered('yellow', 'green')).toBe(true);
    expect(isChannelLowered('green', 'red')).toBe(false);
    expect(isChannelLowered(null, 'green')).toBe(false);
    expect(isChannelLowered('red', null)).toBe(false);
  });
});
