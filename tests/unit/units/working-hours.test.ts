import { describe, expect, it } from 'vitest';
import { computeDeadline, type WorkingHours } from '../../../src/units/index.ts';

// Iranian offices work Saturday (6) to Wednesday (3), 07:30–14:30: seven hours a day, Thursday
// and Friday off. The week of 14 June 2025: Sat 14, Sun 15, Mon 16, Tue 17, Wed 18, Thu 19, Fri 20.
const OFFICE: WorkingHours = { workDays: [6, 0, 1, 2, 3], workStart: '07:30', workEnd: '14:30' };
const TZ = 'Asia/Tehran';

/** A wall-clock time in Tehran (+03:30 all year since Iran dropped daylight saving in 2022). */
const tehran = (date: string, time: string) => new Date(`${date}T${time.length === 5 ? `${time}:00` : time}+03:30`);
const working = (from: Date, hours: number, wh: WorkingHours = OFFICE, tz = TZ) =>
  computeDeadline(from, hours, 'working', wh, tz);

describe('computeDeadline in working hours', () => {
  it('counts from the start time when it falls inside the working day', () => {
    expect(working(tehran('2025-06-14', '09:00'), 3)).toEqual(tehran('2025-06-14', '12:00'));
    expect(working(tehran('2025-06-14', '09:00'), 0.5)).toEqual(tehran('2025-06-14', '09:30'));
  });

  it('keeps the seconds of the start', () => {
    expect(working(tehran('2025-06-14', '09:00:30'), 1)).toEqual(tehran('2025-06-14', '10:00:30'));
  });

  it('ends at closing time when the hours fill the day exactly, not the next morning', () => {
    expect(working(tehran('2025-06-14', '07:30'), 7)).toEqual(tehran('2025-06-14', '14:30'));
  });

  it('starts counting at opening time when the request arrives before it', () => {
    expect(working(tehran('2025-06-15', '06:00'), 2)).toEqual(tehran('2025-06-15', '09:30'));
    // 01:30 in Tehran is still the previous day in UTC: the local date is what counts.
    const nightOwl = new Date('2025-06-14T22:00:00Z');
    expect(working(nightOwl, 1)).toEqual(tehran('2025-06-15', '08:30'));
  });

  it('starts counting the next working morning when the request arrives after closing', () => {
    expect(working(tehran('2025-06-15', '18:00'), 2)).toEqual(tehran('2025-06-16', '09:30'));
    expect(working(tehran('2025-06-15', '14:30'), 1)).toEqual(tehran('2025-06-16', '08:30'));
  });

  it('carries what is left of the day over to the next one', () => {
    // 1½ hours on Saturday afternoon, the other 1½ on Sunday morning.
    expect(working(tehran('2025-06-14', '13:00'), 3)).toEqual(tehran('2025-06-15', '09:00'));
  });

  it('skips Thursday and Friday', () => {
    // One hour on Wednesday, two more on Saturday.
    expect(working(tehran('2025-06-18', '13:30'), 3)).toEqual(tehran('2025-06-21', '09:30'));
    // Arriving on Thursday: nothing counts until Saturday.
    expect(working(tehran('2025-06-19', '10:00'), 1)).toEqual(tehran('2025-06-21', '08:30'));
    expect(working(tehran('2025-06-20', '23:59'), 1)).toEqual(tehran('2025-06-21', '08:30'));
  });

  it('spans several weeks: 72 working hours are ten working days and two hours', () => {
    // Ten full days = two working weeks (Sat 14 … Wed 25 June), then two hours on Saturday 28 June.
    expect(working(tehran('2025-06-14', '07:30'), 72)).toEqual(tehran('2025-06-28', '09:30'));
    // The same from a Thursday: the first hour counted is Saturday's.
    expect(working(tehran('2025-06-19', '12:00'), 72)).toEqual(tehran('2025-07-05', '09:30'));
  });

  it("follows the unit's own hours and days", () => {
    const nightShift: WorkingHours = { workDays: [0, 1, 2, 3, 4, 5, 6], workStart: '16:00', workEnd: '23:00' };
    // An hour on Thursday night, the second one on Friday afternoon.
    expect(working(tehran('2025-06-19', '22:00'), 2, nightShift)).toEqual(tehran('2025-06-20', '17:00'));
    const fridaysOnly: WorkingHours = { workDays: [5], workStart: '08:00', workEnd: '12:00' };
    expect(working(tehran('2025-06-20', '08:00'), 4, fridaysOnly)).toEqual(tehran('2025-06-20', '12:00'));
    expect(working(tehran('2025-06-14', '10:00'), 5, fridaysOnly)).toEqual(tehran('2025-06-27', '09:00'));
  });

  it('works in the given zone: Tehran is +03:30 in summer and winter alike', () => {
    expect(working(tehran('2025-06-14', '09:00'), 3).toISOString()).toBe('2025-06-14T08:30:00.000Z');
    expect(working(tehran('2025-12-20', '09:00'), 3).toISOString()).toBe('2025-12-20T08:30:00.000Z');
    // Arriving before opening, summer and winter: opening is 04:00 UTC both times.
    expect(working(new Date('2025-06-14T00:00:00Z'), 1).toISOString()).toBe('2025-06-14T05:00:00.000Z');
    expect(working(new Date('2025-12-20T00:00:00Z'), 1).toISOString()).toBe('2025-12-20T05:00:00.000Z');
    // The same instant counted in UTC's wall clock gives another answer: the zone matters.
    expect(working(new Date('2025-06-14T00:00:00Z'), 1, OFFICE, 'UTC').toISOString()).toBe('2025-06-14T08:30:00.000Z');
  });

  it('falls back to clock hours for a unit without any working window', () => {
    const none: WorkingHours = { workDays: [], workStart: '07:30', workEnd: '14:30' };
    expect(working(tehran('2025-06-19', '10:00'), 5, none)).toEqual(tehran('2025-06-19', '15:00'));
  });

  it('refuses nonsense', () => {
    expect(() => working(new Date('nope'), 1)).toThrow(RangeError);
    expect(() => working(tehran('2025-06-14', '09:00'), -1)).toThrow(RangeError);
    expect(() => working(tehran('2025-06-14', '09:00'), 1, { ...OFFICE, workStart: '7.30' })).toThrow(RangeError);
  });
});

describe('computeDeadline in calendar hours (hazards)', () => {
  it('counts plain clock hours through the night and the weekend', () => {
    expect(computeDeadline(tehran('2025-06-18', '20:00'), 4, 'calendar', OFFICE, TZ)).toEqual(
      tehran('2025-06-19', '00:00'),
    );
    expect(computeDeadline(tehran('2025-06-18', '20:00'), 48, 'calendar', OFFICE, TZ)).toEqual(
      tehran('2025-06-20', '20:00'),
    );
  });

  it('is the same in any zone (an hour is an hour)', () => {
    const from = tehran('2025-06-19', '03:15');
    expect(computeDeadline(from, 6, 'calendar', OFFICE, 'UTC')).toEqual(
      computeDeadline(from, 6, 'calendar', OFFICE, TZ),
    );
    expect(computeDeadline(from, 6, 'calendar', OFFICE, TZ).getTime() - from.getTime()).toBe(6 * 3_600_000);
  });
});
