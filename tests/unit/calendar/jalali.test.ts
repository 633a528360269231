import { describe, expect, it } from 'vitest';
import {
  fromJalali,
  isJalaliLeapYear,
  jalaliMonthLength,
  jalaliPeriodOf,
  jalaliPeriodsBetween,
  jalaliWeekday,
  lastYearJalaliPeriod,
  previousJalaliPeriod,
  toJalali,
} from '../../../src/calendar/index.ts';

describe('Jalali ↔ Gregorian', () => {
  it('puts Nowruz on the right Gregorian day in several years, leap years included', () => {
    // Published Nowruz dates (1 Farvardin) and the day before.
    const nowruz: Array<[number, string, string]> = [
      [1398, '2019-03-21', '2019-03-20'],
      [1399, '2020-03-20', '2020-03-19'],
      [1400, '2021-03-21', '2021-03-20'],
      [1403, '2024-03-20', '2024-03-19'],
      [1404, '2025-03-21', '2025-03-20'],
      [1405, '2026-03-21', '2026-03-20'],
    ];
    for (const [jy, first, eve] of nowruz) {
      expect(toJalali(first)).toEqual({ jy, jm: 1, jd: 1 });
      expect(fromJalali(jy, 1, 1)).toBe(first);
      const last = toJalali(eve);
      expect(last).toEqual({ jy: jy - 1, jm: 12, jd: jalaliMonthLength(jy - 1, 12) });
    }
  });

  it('knows the leap years and their 30th of Esfand', () => {
    expect(isJalaliLeapYear(1399)).toBe(true);
    expect(isJalaliLeapYear(1403)).toBe(true);
    expect(isJalaliLeapYear(1402)).toBe(false);
    expect(isJalaliLeapYear(1404)).toBe(false);
    expect(fromJalali(1399, 12, 30)).toBe('2021-03-20');
    expect(fromJalali(1403, 12, 30)).toBe('2025-03-20');
    expect(toJalali('2025-03-20')).toEqual({ jy: 1403, jm: 12, jd: 30 });
    expect(jalaliMonthLength(1402, 12)).toBe(29);
    expect(jalaliMonthLength(1403, 6)).toBe(31);
    expect(jalaliMonthLength(1403, 7)).toBe(30);
  });

  it('round-trips every day over ten years and agrees with the Persian calendar of ICU', () => {
    const icu = new Intl.DateTimeFormat('en-u-ca-persian-nu-latn', { timeZone: 'UTC', dateStyle: 'short' });
    const parts = (at: Date) => {
      const p = Object.fromEntries(icu.formatToParts(at).map((x) => [x.type, x.value]));
      return { jy: Number.parseInt(p.year!, 10), jm: Number(p.month), jd: Number(p.day) };
    };
    let d = new Date(Date.UTC(2018, 0, 1));
    for (let i = 0; i < 3700; i += 1, d = new Date(d.getTime() + 86_400_000)) {
      const g = d.toISOString().slice(0, 10);
      const j = toJalali(g);
      expect(fromJalali(j.jy, j.jm, j.jd)).toBe(g);
      expect(j).toEqual(parts(d));
      expect(jalaliWeekday(g)).toBe((d.getUTCDay() + 1) % 7);
    }
  });
});

describe('Jalali periods', () => {
  it('starts a week on Saturday', () => {
    // 2026-12-05 is a Saturday (14 Azar 1405); Friday 2026-12-11 ends its week.
    for (const day of ['2026-12-05', '2026-12-08', '2026-12-11']) {
      const w = jalaliPeriodOf(day, 'week');
      expect(w.start).toBe('2026-12-05');
      expect(w.end).toBe('2026-12-11');
      expect(w.key).toBe('1405-W09-14');
      expect(w.labelFa).toBe('هفتهٔ ۱۴ آذر ۱۴۰۵');
    }
    expect(jalaliPeriodOf('2026-12-04', 'week').start).toBe('2026-11-28');
    expect(previousJalaliPeriod(jalaliPeriodOf('2026-12-05', 'week')).start).toBe('2026-11-28');
  });

  it('labels months, seasons and years in Persian with Persian digits', () => {
    const m = jalaliPeriodOf('2024-03-20', 'month');
    expect(m).toMatchObject({ key: '1403-01', start: '2024-03-20', end: '2024-04-19', labelFa: 'فروردین ۱۴۰۳' });
    expect(m.labelEn).toBe('Farvardin 1403');
    expect(jalaliPeriodOf('2025-03-20', 'month')).toMatchObject({
      key: '1403-12',
      start: '2025-02-19',
      end: '2025-03-20',
    });
    expect(jalaliPeriodOf('2024-03-20', 'day').labelFa).toBe('۱ فروردین ۱۴۰۳');
    expect(jalaliPeriodOf('2024-03-20', 'year')).toMatchObject({ key: '1403', labelFa: '۱۴۰۳', end: '2025-03-20' });
  });

  it('puts the season boundaries at months 4, 7 and 10', () => {
    const spring = jalaliPeriodOf('2024-06-20', 'season'); // 31 Khordad 1403
    expect(spring).toMatchObject({ key: '1403-S1', start: '2024-03-20', end: '2024-06-20', labelFa: 'بهار ۱۴۰۳' });
    expect(jalaliPeriodOf('2024-06-21', 'season')).toMatchObject({ key: '1403-S2', labelFa: 'تابستان ۱۴۰۳' });
    expect(jalaliPeriodOf('2024-09-22', 'season')).toMatchObject({ key: '1403-S3', start: '2024-09-22' });
    expect(jalaliPeriodOf('2024-09-22', 'season').labelFa).toBe('پاییز ۱۴۰۳');
    const winter = jalaliPeriodOf('2025-03-20', 'season');
    expect(winter).toMatchObject({ key: '1403-S4', start: '2024-12-21', end: '2025-03-20', labelFa: 'زمستان ۱۴۰۳' });
    expect(previousJalaliPeriod(jalaliPeriodOf('2024-03-20', 'season')).key).toBe('1402-S4');
  });

  it('finds the same period last year, 30 Esfand included', () => {
    expect(lastYearJalaliPeriod(jalaliPeriodOf('2025-03-20', 'day')).key).toBe('1402-12-29');
    expect(lastYearJalaliPeriod(jalaliPeriodOf('2024-04-01', 'month')).key).toBe('1402-01');
    expect(lastYearJalaliPeriod(jalaliPeriodOf('2024-04-01', 'season')).key).toBe('1402-S1');
    expect(lastYearJalaliPeriod(jalaliPeriodOf('2024-04-01', 'year')).key).toBe('1402');
  });

  it('lists the periods between two days', () => {
    const ps = jalaliPeriodsBetween('2024-03-10', '2024-04-25', 'month');
    expect(ps.map((p) => p.key)).toEqual(['1402-12', '1403-01', '1403-02']);
  });
});
