import { describe, expect, it } from 'vitest';
import {
  deadlineState,
  formatDuration,
  formatGregorianDate,
  formatJalaliDate,
  formatJalaliDateTime,
  formatJalaliLong,
  formatTime,
  JALALI_MONTHS_EN,
  JALALI_MONTHS_FA,
  jalaliMonthName,
} from '../../../web/src/lib/jalali.ts';
import * as server from '../../../src/calendar/index.ts';

// 2025-03-20T20:30Z is 00:00 on 1 Farvardin 1404 in Tehran (UTC+03:30): Nowruz.
const NOWRUZ = '2025-03-20T20:30:00Z';

describe('jalali', () => {
  it('formats in the Jalali calendar, Tehran time, Persian digits', () => {
    expect(formatJalaliDate(NOWRUZ, 'fa')).toBe('۱۴۰۴/۰۱/۰۱');
    expect(formatJalaliDateTime(NOWRUZ, 'fa')).toBe('۱۴۰۴/۰۱/۰۱ ۰۰:۰۰');
    expect(formatTime('2025-03-21T10:35:00Z', 'fa')).toBe('۱۴:۰۵');
  });

  it('uses Tehran time whatever the machine zone: one minute earlier is still 1403', () => {
    expect(formatJalaliDateTime('2025-03-20T20:29:00Z', 'en')).toBe('1403/12/30 23:59');
  });

  it('writes the long form with weekday and month name', () => {
    expect(formatJalaliLong(NOWRUZ, 'fa')).toBe('جمعه ۱ فروردین ۱۴۰۴، ۰۰:۰۰');
    expect(formatJalaliLong(NOWRUZ, 'en')).toBe('Friday 1 Farvardin 1404, 00:00');
  });

  it('gives the Gregorian date for English readers', () => {
    expect(formatGregorianDate(NOWRUZ)).toBe('21 Mar 2025');
  });

  it('shows a dash for missing or broken dates', () => {
    expect(formatJalaliDateTime(null, 'fa')).toBe('—');
    expect(formatJalaliDate('not a date', 'en')).toBe('—');
    expect(formatJalaliLong(undefined, 'fa')).toBe('—');
  });

  it('formats durations as clocks', () => {
    expect(formatDuration(187, 'en')).toBe('03:07');
    expect(formatDuration(3723, 'fa')).toBe('۱:۰۲:۰۳');
    expect(formatDuration(-5, 'en')).toBe('00:00');
  });

  it('classifies deadlines', () => {
    const now = new Date('2025-01-01T12:00:00Z');
    expect(deadlineState(null, now)).toBe('none');
    expect(deadlineState('2025-01-01T11:00:00Z', now)).toBe('overdue');
    expect(deadlineState('2025-01-01T14:00:00Z', now)).toBe('soon');
    expect(deadlineState('2025-01-02T12:00:00Z', now)).toBe('ok');
  });

  it("names the Jalali months as the server's reports do, in the page's language", () => {
    expect(JALALI_MONTHS_FA).toEqual(server.JALALI_MONTHS_FA);
    expect(JALALI_MONTHS_EN).toEqual(server.JALALI_MONTHS_EN);
    expect(jalaliMonthName(7, 'fa')).toBe('مهر');
    expect(jalaliMonthName(12, 'en')).toBe('Esfand');
    expect(jalaliMonthName(13, 'en')).toBe('');
  });
});
