import { describe, expect, it, vi } from 'vitest';
import { createFormatters, formatDuration, prepareFormats, roundMinutes } from './format.ts';

describe('formatters', () => {
  it('write numbers the way each language does', () => {
    expect(createFormatters('vi').number(1234.5)).toBe('1.234,5');
    expect(createFormatters('en').number(1234.5)).toBe('1,234.5');
    expect(createFormatters('zh').number(1234.5)).toBe('1,234.5');
    expect(createFormatters('vi').percent(0.425)).toBe('43%');
  });

  it('write times in the gate time zone (UTC+7), whatever the reader’s clock', () => {
    const at = Date.UTC(2025, 5, 1, 1, 30); // 08:30 at the gate
    expect(createFormatters('vi').time(at)).toBe('08:30');
    expect(createFormatters('zh').time(at)).toBe('08:30');
    expect(createFormatters('en').date(at)).toBe('1 Jun 2025');
    expect(createFormatters('zh').date(at)).toBe('2025年6月1日');
  });

  it('write minutes as words of the language', () => {
    expect(createFormatters('vi').minutes(12 * 60_000)).toBe('12 phút');
    expect(createFormatters('en').minutes(12 * 60_000)).toBe('12 mins');
    expect(createFormatters('zh').minutes(12 * 60_000)).toBe('12分钟');
  });
});

describe('formatters are made when first used, once', () => {
  it('builds no Intl formatter up front and one per kind of value', () => {
    const made = vi.spyOn(Intl, 'DateTimeFormat');
    try {
      // A time zone no other test uses: nothing of it is cached yet.
      const f = createFormatters('vi', 'Asia/Shanghai');
      expect(made).not.toHaveBeenCalled();
      const at = Date.UTC(2025, 5, 1, 1, 30);
      expect(f.time(at)).toBe('09:30');
      expect(createFormatters('vi', 'Asia/Shanghai').time(at + 60_000)).toBe('09:31');
      expect(made).toHaveBeenCalledTimes(1);
      f.dateTime(at, { weekday: 'long' });
      f.dateTime(at, { weekday: 'long' });
      expect(made).toHaveBeenCalledTimes(2);
    } finally {
      made.mockRestore();
    }
  });
});

describe('prepareFormats', () => {
  it('makes the formats a render then uses, so the render makes none', () => {
    const numbers = vi.spyOn(Intl, 'NumberFormat');
    const dates = vi.spyOn(Intl, 'DateTimeFormat');
    try {
      // A time zone no other test uses: its time format is not cached yet.
      prepareFormats('zh', ['number', 'minutes', 'time'], 'Asia/Tokyo');
      const made = numbers.mock.calls.length + dates.mock.calls.length;
      expect(dates).toHaveBeenCalledTimes(1);
      const f = createFormatters('zh', 'Asia/Tokyo');
      expect(f.number(1234)).toBe('1,234');
      expect(f.minutes(12 * 60_000)).toBe('12分钟');
      expect(f.time(Date.UTC(2025, 5, 1, 1, 30))).toBe('10:30');
      expect(numbers.mock.calls.length + dates.mock.calls.length).toBe(made);
    } finally {
      numbers.mockRestore();
      dates.mockRestore();
    }
  });
});

describe('formatDuration', () => {
  it('writes m:ss, h:mm:ss from one hour, 0:00 for clock skew and a dash when unknown', () => {
    expect(formatDuration(75_000)).toBe('1:15');
    expect(formatDuration(3_725_000)).toBe('1:02:05');
    expect(formatDuration(-5_000)).toBe('0:00');
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(Number.NaN)).toBe('—');
  });

  it('rounds "about" figures to whole minutes, at least one', () => {
    expect(roundMinutes(0)).toBe(0);
    expect(roundMinutes(10_000)).toBe(1);
    expect(roundMinutes(90_000)).toBe(2);
  });
});
