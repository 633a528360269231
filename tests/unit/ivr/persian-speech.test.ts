import { describe, expect, it } from 'vitest';
import { speakDigits, speakJalaliDate, speakNumber, toJalali } from '../../../src/ivr/persian-speech.ts';

/** Short names: "1000" for cti137/num-1000, "o" for cti137/and, "m11" for cti137/month-11. */
const short = (names: string[]) =>
  names.map((n) => n.replace('cti137/num-', '').replace('cti137/and', 'o').replace('cti137/month-', 'm')).join(' ');

describe('speakNumber (Persian)', () => {
  it.each([
    [0, '0'],
    [7, '7'],
    [15, '15'],
    [20, '20'],
    [22, '20 o 2'],
    [100, '100'],
    [105, '100 o 5'],
    [120, '100 o 20'],
    [999, '900 o 90 o 9'],
    [1000, '1000'], // "hezār", never "yek hezār"
    [1001, '1000 o 1'],
    [1403, '1000 o 400 o 3'],
    [2000, '2 1000'],
    [21_500, '20 o 1 1000 o 500'],
    [1_000_000, '1 1000000'],
    [1_001_000, '1 1000000 o 1000'],
    [3_000_000_005, '3 1000000000 o 5'],
  ])('%i is said "%s"', (n, said) => {
    expect(short(speakNumber(n))).toBe(said);
  });

  it('refuses what the prompts cannot say', () => {
    expect(() => speakNumber(-1)).toThrow(RangeError);
    expect(() => speakNumber(1.5)).toThrow(RangeError);
    expect(() => speakNumber(1e12)).toThrow(RangeError);
  });
});

describe('speakNumber (English, beside the Persian prompts)', () => {
  it.each([
    [22, '20 2'],
    [105, '100 o 5'],
    [1000, '1 1000'],
    [1005, '1 1000 o 5'],
    [1403, '1 1000 400 o 3'],
  ])('%i is said "%s"', (n, said) => {
    expect(short(speakNumber(n, 'en'))).toBe(said);
  });
});

describe('speakDigits', () => {
  it('says a tracking code digit by digit, Persian digits too', () => {
    expect(short(speakDigits('1407'))).toBe('1 4 0 7');
    expect(short(speakDigits('12-3'))).toBe('1 2 3');
  });
});

describe('Jalali dates', () => {
  it('converts in the centre time zone, Nowruz and leap Esfand included', () => {
    // Nowruz 1404 began on 21 March 2025, Tehran time (20:30 UTC the evening before).
    expect(toJalali(new Date('2025-03-20T20:31:00Z'))).toEqual({ year: 1404, month: 1, day: 1 });
    expect(toJalali(new Date('2025-03-20T20:29:00Z'))).toEqual({ year: 1403, month: 12, day: 30 });
    expect(toJalali(new Date('2026-11-22T06:00:00Z'))).toEqual({ year: 1405, month: 9, day: 1 });
    // Same instant, another zone: still the day before in UTC-terms, the date follows the zone.
    expect(toJalali(new Date('2025-03-20T20:31:00Z'), 'UTC')).toEqual({ year: 1403, month: 12, day: 30 });
  });

  it('says day, month name and year', () => {
    // 22 Bahman 1403 = 10 February 2025.
    expect(short(speakJalaliDate(new Date('2025-02-10T08:00:00Z')))).toBe('20 o 2 m11 1000 o 400 o 3');
    expect(short(speakJalaliDate(new Date('2025-02-10T08:00:00Z'), { lang: 'en' }))).toBe('20 2 m11 1 1000 400 o 3');
    expect(() => speakJalaliDate(new Date('nonsense'))).toThrow(RangeError);
  });
});
