/**
 * A booking refusal never shows a driver a state's code ("no_show", "at_lane"): every state is
 * worded in the driver's language, English included, and an unknown one is "another state".
 */
import { describe, expect, it } from 'vitest';
import type { Request } from 'express';
import { stateWords } from '../http/state-words.ts';
import { bookingError } from './booking-messages.ts';

const asking = (lang: string) => ({ acceptsLanguages: (...langs: string[]) => (langs.includes(lang) ? lang : false) }) as unknown as Request;
const STATES = ['active', 'pending', 'arrived', 'released', 'registered', 'queued', 'called', 'at_lane', 'inspecting', 'held', 'exit_queue', 'crossed', 'no_show', 'turned_back', 'cancelled'];

describe('booking refusals name states in words', () => {
  it.each(['en', 'vi', 'zh'] as const)('in %s: no raw state code in "not active" or "trip state" refusals', (lang) => {
    for (const state of STATES) {
      for (const rule of ['not_active', 'trip_state']) {
        const { message } = bookingError(asking(lang), 'CONFLICT', rule, 'bookingId', { state });
        expect(message).toContain(stateWords(state)[lang]);
        // A code with an underscore, or any code in vi/zh, must not appear as such.
        if (state.includes('_') || lang !== 'en') expect(message, `${lang} ${rule} ${state}`).not.toContain(state);
      }
    }
  });

  it('words a no-show for a driver in each language', () => {
    expect(bookingError(asking('en'), 'CONFLICT', 'not_active', 'bookingId', { state: 'no_show' }).message).toBe('This booking is a no-show, not active');
    expect(bookingError(asking('vi'), 'CONFLICT', 'not_active', 'bookingId', { state: 'no_show' }).message).toBe('Lịch đặt này vắng mặt khi được gọi, không còn hiệu lực');
    expect(bookingError(asking('zh'), 'CONFLICT', 'not_active', 'bookingId', { state: 'no_show' }).message).toBe('该预约状态为「未到场」，非有效');
  });

  it('an unknown state is "another state", never its code', () => {
    expect(bookingError(asking('en'), 'CONFLICT', 'not_active', 'bookingId', { state: 'frozen_by_ops' }).message).toBe('This booking is in another state, not active');
    expect(stateWords('frozen_by_ops').vi).toBe('ở trạng thái khác');
  });
});
