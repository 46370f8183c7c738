import { describe, expect, it } from 'vitest';
import { hasPerishableHeading } from '@borderflow/contracts';
import { priorityFor, tripPriorityView } from './priority-class.ts';

/**
 * The published priority rule (priority-class.ts, docs/SECURITY.md "priority only from facts"),
 * as fast unit tests: before these, only the API's server tests reached it, and turning the
 * perishable or empty-return rule off passed them all (issue 16).
 *
 * HS codes, from the WCO HS Nomenclature 2022 / AHTN 2022 (Vietnam's 8 digits):
 * 0810.90.10 longans, fresh (heading 08.10 "other fruit, fresh": on the perishable list);
 * 0702.00.00 tomatoes, fresh or chilled (07.02: on the list);
 * 6907.21.10 ceramic tiles (69.07) and 8703.23 motor cars (87.03): not perishable;
 * 0712.90.10 dried vegetables (07.12): deliberately left off the list (shelf-stable).
 */
const LONGAN = { hsCode: '08109010' };
const TOMATO = { hsCode: '0702.00.00' };
const TILES = { hsCode: '69072110' };
const CAR = { hsCode: '870323' };
const DRIED_VEG = { hsCode: '07129010' };

describe('priorityFor: the published priority rule', () => {
  it('gives the perishable class only for a perishable heading confirmed by an operator or quarantine', () => {
    expect(priorityFor({ cargo: [LONGAN], companyTrusted: false, perishableConfirmedBy: 'operator' }))
      .toEqual({ priorityClass: 'perishable', classSource: 'hs-list+operator' });
    expect(priorityFor({ cargo: [TOMATO], companyTrusted: false, perishableConfirmedBy: 'quarantine' }))
      .toEqual({ priorityClass: 'perishable', classSource: 'hs-list+quarantine' });
  });

  it('counts a perishable heading anywhere in mixed cargo', () => {
    expect(priorityFor({ cargo: [TILES, LONGAN], companyTrusted: false, perishableConfirmedBy: 'operator' }).priorityClass)
      .toBe('perishable');
  });

  it('never gives perishable without a confirmation, whatever the heading', () => {
    expect(priorityFor({ cargo: [LONGAN], companyTrusted: false }))
      .toEqual({ priorityClass: 'ordinary', classSource: 'default' });
    expect(priorityFor({ cargo: [LONGAN], companyTrusted: false, perishableConfirmedBy: null }))
      .toEqual({ priorityClass: 'ordinary', classSource: 'default' });
  });

  it('never gives perishable to a confirmation of cargo outside the list', () => {
    expect(priorityFor({ cargo: [TILES], companyTrusted: false, perishableConfirmedBy: 'operator' }))
      .toEqual({ priorityClass: 'ordinary', classSource: 'default' });
    expect(priorityFor({ cargo: [DRIED_VEG], companyTrusted: false, perishableConfirmedBy: 'quarantine' }))
      .toEqual({ priorityClass: 'ordinary', classSource: 'default' });
  });

  it('puts confirmed perishable cargo before the trusted-trader class', () => {
    expect(priorityFor({ cargo: [LONGAN], companyTrusted: true, perishableConfirmedBy: 'quarantine' }))
      .toEqual({ priorityClass: 'perishable', classSource: 'hs-list+quarantine' });
  });

  it('gives a trusted trader the trusted class, loaded or empty', () => {
    expect(priorityFor({ cargo: [CAR], companyTrusted: true }))
      .toEqual({ priorityClass: 'trusted', classSource: 'trusted-trader' });
    expect(priorityFor({ cargo: [LONGAN], companyTrusted: true }))
      .toEqual({ priorityClass: 'trusted', classSource: 'trusted-trader' });
    expect(priorityFor({ cargo: [], companyTrusted: true }))
      .toEqual({ priorityClass: 'trusted', classSource: 'trusted-trader' });
  });

  it('gives a truck without cargo the empty-return class, and loaded ones ordinary', () => {
    expect(priorityFor({ cargo: [], companyTrusted: false }))
      .toEqual({ priorityClass: 'empty_return', classSource: 'default' });
    // A confirmation of nothing is still nothing.
    expect(priorityFor({ cargo: [], companyTrusted: false, perishableConfirmedBy: 'operator' }))
      .toEqual({ priorityClass: 'empty_return', classSource: 'default' });
    expect(priorityFor({ cargo: [CAR], companyTrusted: false }))
      .toEqual({ priorityClass: 'ordinary', classSource: 'default' });
  });
});

describe('hasPerishableHeading', () => {
  it('is true when any item is under a listed heading', () => {
    expect(hasPerishableHeading([TILES, TOMATO])).toBe(true);
    expect(hasPerishableHeading([LONGAN])).toBe(true);
    expect(hasPerishableHeading([TILES, CAR, DRIED_VEG])).toBe(false);
    expect(hasPerishableHeading([])).toBe(false);
  });
});

describe('tripPriorityView: what counts, and what was only claimed', () => {
  it('says confirmed when the class came from an operator or quarantine confirmation', () => {
    expect(tripPriorityView('perishable', 'hs-list+operator', [{ ...LONGAN, perishable: true }]))
      .toEqual({ class: 'perishable', source: 'hs-list+operator', claimed: true, perishable: 'confirmed' });
    expect(tripPriorityView('perishable', 'hs-list+quarantine', [{ ...LONGAN, perishable: false }]))
      .toEqual({ class: 'perishable', source: 'hs-list+quarantine', claimed: false, perishable: 'confirmed' });
  });

  it('shows a driver\'s perishable flag as a claim that does not count', () => {
    expect(tripPriorityView('ordinary', 'default', [{ ...TILES, perishable: false }, { ...CAR, perishable: true }]))
      .toEqual({ class: 'ordinary', source: 'default', claimed: true, perishable: 'claimed-unconfirmed' });
    // Claimed and on the list, not yet confirmed: the claim is what the driver sees named.
    expect(tripPriorityView('ordinary', 'default', [{ ...LONGAN, perishable: true }]))
      .toEqual({ class: 'ordinary', source: 'default', claimed: true, perishable: 'claimed-unconfirmed' });
  });

  it('shows a listed heading nobody confirmed yet, and none otherwise', () => {
    expect(tripPriorityView('ordinary', 'default', [{ ...TILES, perishable: false }, { ...TOMATO, perishable: false }]))
      .toEqual({ class: 'ordinary', source: 'default', claimed: false, perishable: 'hs-listed-unconfirmed' });
    expect(tripPriorityView('trusted', 'trusted-trader', [{ ...LONGAN, perishable: false }]))
      .toEqual({ class: 'trusted', source: 'trusted-trader', claimed: false, perishable: 'hs-listed-unconfirmed' });
    expect(tripPriorityView('ordinary', 'default', [{ ...TILES, perishable: false }]))
      .toEqual({ class: 'ordinary', source: 'default', claimed: false, perishable: 'none' });
    expect(tripPriorityView('empty_return', 'default', []))
      .toEqual({ class: 'empty_return', source: 'default', claimed: false, perishable: 'none' });
  });
});
