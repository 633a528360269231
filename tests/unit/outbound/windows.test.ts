import { describe, expect, it } from 'vitest';
import {
  nextWindowOpening,
  parseHolidays,
  parseWindows,
  retryDelayMs,
  type CallingWindows,
} from '../../../src/outbound/index.ts';

// Asia/Tehran is UTC+03:30 all year (no DST since 2022). 2026-12-05 is a Saturday, 2026-12-11 a Friday.
const TZ = 'Asia/Tehran';
const tehran = (local: string): number => Date.parse(`${local}:00+03:30`);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const windows = (spec: string, o: Partial<CallingWindows> = {}): CallingWindows => ({
  timeZone: TZ,
  byWeekday: parseWindows(spec),
  holidays: [],
  dailyLimitPerNumber: 2,
  ...o,
});
const none = () => 0;

describe('OUTBOUND_WINDOWS', () => {
  it('the default is Saturday to Thursday 08:00-21:00 and nothing on Friday', () => {
    const w = parseWindows('sat-thu 08:00-21:00');
    expect(w[5]).toEqual([]); // Friday
    for (const d of [6, 0, 1, 2, 3, 4]) expect(w[d]).toEqual([{ from: 480, to: 1260 }]);
  });

  it('later entries replace earlier ones for their days; ranges wrap over the week; several ranges a day', () => {
    const w = parseWindows('sat-thu 08:00-21:00; thu 08:00-13:00');
    expect(w[4]).toEqual([{ from: 480, to: 780 }]);
    expect(w[3]).toEqual([{ from: 480, to: 1260 }]);
    const wrap = parseWindows('thu-sat 09:00-10:00');
    expect([4, 5, 6].map((d) => wrap[d]!.length)).toEqual([1, 1, 1]);
    expect(wrap[0]).toEqual([]);
    expect(parseWindows('sun 16:00-20:00,08:00-12:00')[0]).toEqual([
      { from: 480, to: 720 },
      { from: 960, to: 1200 },
    ]);
    expect(parseWindows('sat-thu 08:00-21:00; wed none')[3]).toEqual([]);
  });

  it('refuses what it cannot read', () => {
    expect(() => parseWindows('sat-thu')).toThrow(/OUTBOUND_WINDOWS/);
    expect(() => parseWindows('sab 08:00-21:00')).toThrow(/unknown day/);
    expect(() => parseWindows('sat 21:00-08:00')).toThrow(/ends before/);
    expect(() => parseWindows('sat 8-21')).toThrow(/bad time/);
    expect(() => parseHolidays('2026-12-12, 12/13/2026')).toThrow(/YYYY-MM-DD/);
    expect(parseHolidays('2026-12-12, 2027-03-21')).toEqual(['2026-12-12', '2027-03-21']);
  });
});

describe('the next moment a number may be called (Asia/Tehran)', () => {
  const w = windows('sat-thu 08:00-21:00');

  it('inside the window: now', () => {
    const at = tehran('2026-12-06T10:15');
    expect(nextWindowOpening(w, at, none)).toBe(at);
  });

  it("before the day's opening: 08:00 Tehran, i.e. 04:30 UTC", () => {
    expect(iso(nextWindowOpening(w, tehran('2026-12-06T06:59'), none))).toBe('2026-12-06T04:30:00.000Z');
  });

  it('after Thursday 21:00: Friday has no window, so Saturday 08:00', () => {
    expect(iso(nextWindowOpening(w, tehran('2026-12-10T21:00'), none))).toBe('2026-12-12T04:30:00.000Z');
    // Just before closing is still allowed.
    const late = tehran('2026-12-10T20:59');
    expect(nextWindowOpening(w, late, none)).toBe(late);
  });

  it('a holiday is skipped (Saturday holiday after a Thursday evening → Sunday 08:00)', () => {
    const h = windows('sat-thu 08:00-21:00', { holidays: ['2026-12-12'] });
    expect(iso(nextWindowOpening(h, tehran('2026-12-10T22:00'), none))).toBe('2026-12-13T04:30:00.000Z');
  });

  it('the per-number daily limit counts local days: two calls today → tomorrow 08:00', () => {
    const from = tehran('2026-12-06T10:00');
    const counts = new Map([['2026-12-06', 2]]);
    expect(iso(nextWindowOpening(w, from, (d) => counts.get(d) ?? 0))).toBe('2026-12-07T04:30:00.000Z');
    counts.set('2026-12-06', 1);
    expect(nextWindowOpening(w, from, (d) => counts.get(d) ?? 0)).toBe(from);
  });

  it("the local day, not UTC's: 02:00 Tehran on the 7th is still the 6th in UTC", () => {
    const from = tehran('2026-12-07T02:00'); // 2026-12-06T22:30Z
    const counts = new Map([['2026-12-06', 2]]);
    expect(iso(nextWindowOpening(w, from, (d) => counts.get(d) ?? 0))).toBe('2026-12-07T04:30:00.000Z');
  });

  it('between two ranges of a day: the second one opens', () => {
    const split = windows('sat-wed 08:00-12:00,16:00-21:00; thu 08:00-13:00');
    expect(iso(nextWindowOpening(split, tehran('2026-12-09T13:00'), none))).toBe('2026-12-09T12:30:00.000Z');
    expect(iso(nextWindowOpening(split, tehran('2026-12-10T13:00'), none))).toBe('2026-12-12T04:30:00.000Z');
  });

  it('never: no window on any day, or a limit of zero', () => {
    expect(nextWindowOpening(windows('sat-fri none'), tehran('2026-12-06T10:00'), none)).toBeNull();
    expect(nextWindowOpening(windows('sat-thu 08:00-21:00', { dailyLimitPerNumber: 0 }), Date.now(), none)).toBeNull();
  });

  it('back-off doubles from the base', () => {
    expect([1, 2, 3].map((n) => retryDelayMs(30 * 60_000, n) / 60_000)).toEqual([30, 60, 120]);
  });
});
