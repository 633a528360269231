// Jalali months as the range picker offers them: "1404-07" keys, their first and last Gregorian
// days (what the API takes) and their names in the page's language.
import { d, getLang } from '../../i18n/i18n.ts';
import { jalaliMonthName } from '../../lib/jalali.ts';
import { gregorianToJalaliText, jalaliToGregorian } from '../jalali-input.ts';

export interface JalaliMonth {
  y: number;
  m: number;
}

export const monthKey = (j: JalaliMonth) => `${j.y}-${String(j.m).padStart(2, '0')}`;

export function parseMonthKey(key: string): JalaliMonth | null {
  const m = /^(\d{4})-(\d{2})$/.exec(key);
  return m ? { y: Number(m[1]), m: Number(m[2]) } : null;
}

export function addMonths(j: JalaliMonth, n: number): JalaliMonth {
  const i = j.y * 12 + (j.m - 1) + n;
  return { y: Math.floor(i / 12), m: (i % 12) + 1 };
}

/** Today's Jalali month in the centre (the browser runs in the centre's zone, as the desk does). */
export function thisMonth(now = new Date()): JalaliMonth {
  const day = new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
  const [y, m] = gregorianToJalaliText(day).split('/').map(Number);
  return { y: y!, m: m! };
}

/** The month's first Gregorian day. */
export const firstDay = (j: JalaliMonth) => jalaliToGregorian(j.y, j.m, 1) ?? '';

/** The month's last Gregorian day: the day before the next month's first. */
export function lastDay(j: JalaliMonth): string {
  const next = firstDay(addMonths(j, 1));
  return new Date(Date.parse(next) - 86_400_000).toISOString().slice(0, 10);
}

/** "مهر ۱۴۰۴" / "Mehr 1404". */
export function monthName(j: JalaliMonth): string {
  return `${jalaliMonthName(j.m, getLang())} ${d(j.y)}`;
}
