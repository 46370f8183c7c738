/**
 * A refusal that names a trip's state names it in the reader's words: a driver reading Vietnamese or
 * Chinese never sees "called" or "at_lane", and no language shows a snake_case state code.
 */
import { describe, expect, it } from 'vitest';
import { ZTripStateSchema } from '@borderflow/contracts';
import { REFUSALS } from './refusal-words.ts';
import { TRIP_STATE_WORDS, stateWords, wordStateCodes } from './state-words.ts';
import { schedulerError } from '../app-error.ts';
import { bookingError } from '../booking/booking-messages.ts';

const STATES = ZTripStateSchema.options;
const NAMING_STATE = { cannotCheckIn: REFUSALS.cannotCheckIn, tooLateToCancel: REFUSALS.tooLateToCancel, passEnded: REFUSALS.passEnded, notCorrectable: REFUSALS.notCorrectable };

describe('trip states in refusals', () => {
  it('every trip state has its words in vi, en and zh, vi and zh not the code', () => {
    for (const state of STATES) {
      const words = TRIP_STATE_WORDS[state];
      for (const lang of ['vi', 'en', 'zh'] as const) expect(words[lang], `${state} ${lang}`).toMatch(/\S/);
      expect(words.vi).not.toBe(state);
      expect(words.zh).not.toBe(state);
    }
  });

  for (const [name, refusal] of Object.entries(NAMING_STATE)) {
    it(`${name} words the state in each language`, () => {
      for (const state of STATES) {
        const text = refusal(state);
        expect(text.vi).toContain(TRIP_STATE_WORDS[state].vi);
        expect(text.zh).toContain(TRIP_STATE_WORDS[state].zh);
        expect(text.en).toContain(TRIP_STATE_WORDS[state].en);
        // The code itself never shows: not in vi or zh, and no snake_case code in English either.
        expect(text.vi).not.toMatch(new RegExp(`\\b${state}\\b`));
        expect(text.zh).not.toContain(state);
        expect(text.en).not.toMatch(/\b[a-z]+_[a-z]+\b/);
      }
    });
  }

  it('the driver of a called truck reads "đã được gọi vào làn", not "called"', () => {
    expect(REFUSALS.tooLateToCancel('called').vi).toBe('Chuyến không thể hủy nữa: chuyến đã được gọi vào làn');
    expect(REFUSALS.passEnded('crossed').zh).toBe('该行程已结束（当前状态为「已过境」）：通行证已失效');
    expect(REFUSALS.cannotCheckIn('at_lane').en).toBe('This trip cannot check in: it is at a lane');
  });

  it('a state the catalogue does not know reads as "another state", never its code', () => {
    expect(stateWords('teleported')).toEqual({ en: 'in another state', vi: 'ở trạng thái khác', zh: '处于其他状态' });
    expect(REFUSALS.tooLateToCancel('teleported').vi).not.toContain('teleported');
  });

  it('booking refusals take their state words from the same place', () => {
    const req = { acceptsLanguages: () => 'vi' } as unknown as Parameters<typeof bookingError>[0];
    expect(bookingError(req, 'CONFLICT', 'trip_state', 'tripId', { state: 'no_show' }).message).toContain(TRIP_STATE_WORDS.no_show.vi);
    expect(bookingError(req, 'CONFLICT', 'not_active', null, { state: 'released' }).message).toContain('đã trả chỗ');
  });

  it('a scheduler refusal read in English names lane and trip states in words, not codes', () => {
    expect(wordStateCodes('lane KT-X1 is at_lane, cannot start an inspection')).toBe('lane KT-X1 has a truck at it, cannot start an inspection');
    expect(wordStateCodes('trip t1 is no_show, only a called truck can be a no-show')).toBe('trip t1 is a no-show, only a called truck can be a no-show');
    expect(schedulerError('LANE_WRONG_STATE', 'lane KT-X1 is at_lane, not waiting for an arrival').message).toBe('lane KT-X1 has a truck at it, not waiting for an arrival');
    expect(schedulerError('TRIP_WRONG_STATE', 'trip t1 is exit_queue: it is under a control').message).not.toMatch(/\b[a-z]+_[a-z]+\b/);
  });
});
