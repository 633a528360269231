// Jalali dates typed by a person ("۱۴۰۴/۱/۱۵", "1404-01-15") into the Gregorian day the API takes
// (YYYY-MM-DD). The conversion asks the browser's own Persian calendar (Intl, as lib/jalali.ts
// shows dates), so what is typed and what is shown can never disagree on a leap year.
import { normalizeDigits } from '../lib/digits.ts';

const persianUtc = new Intl.DateTimeFormat('en-u-ca-persian', {
  timeZone: 'UTC',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
});

interface Ymd {
  y: number;
  m: number;
  d: number;
}

function jalaliOf(ms: number): Ymd {
  const parts = persianUtc.formatToParts(new Date(ms));
  const n = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? NaN);
  return { y: n('year'), m: n('month'), d: n('day') };
}

/** Day of the Jalali year: six months of 31 days, then months of 30. */
const dayOfYear = (m: number, d: number) => (m <= 7 ? (m - 1) * 31 : 186 + (m - 7) * 30) + d;

const DAY_MS = 86_400_000;

/** The Gregorian day (YYYY-MM-DD) of a Jalali date, or null when there is no such day. */
export function jalaliToGregorian(y: number, m: number, d: number): string | null {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return null;
  if (y < 1200 || y > 1600 || m < 1 || m > 12 || d < 1 || d > (m <= 6 ? 31 : 30)) return null;
  // 1 Farvardin falls on 20 or 21 March; step by the difference until the calendar agrees (a leap
  // day between the guess and the target costs one more step).
  let ms = Date.UTC(y + 621, 2, 21) + (dayOfYear(m, d) - 1) * DAY_MS;
  const target = y * 400 + dayOfYear(m, d);
  for (let i = 0; i < 6; i++) {
    const got = jalaliOf(ms);
    if (got.y === y && got.m === m && got.d === d) return new Date(ms).toISOString().slice(0, 10);
    // Years counted as 365 days may leave a day's gap at a year's end: then step one day its way.
    const diff = (y - got.y) * 365 + dayOfYear(m, d) - dayOfYear(got.m, got.d);
    ms += (diff || Math.sign(target - (got.y * 400 + dayOfYear(got.m, got.d)))) * DAY_MS;
  }
  return null; // e.g. 30 Esfand of a common year
}

/**
 * A typed Jalali date → YYYY-MM-DD (Gregorian); '' for an empty field; null for something that is
 * not a date. Persian, Arabic-Indic or Latin digits; "/", "-" or "." between the parts.
 */
export function parseJalaliInput(text: string): string | null {
  const s = normalizeDigits(text).trim();
  if (!s) return '';
  const m = /^(\d{4})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})$/.exec(s);
  if (!m) return null;
  return jalaliToGregorian(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** A Gregorian day (YYYY-MM-DD) as the Jalali "1404/01/15" (Latin digits; the caller localises). */
export function gregorianToJalaliText(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return '';
  const j = jalaliOf(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return `${j.y}/${String(j.m).padStart(2, '0')}/${String(j.d).padStart(2, '0')}`;
}
