// Dates as the 137 centre reads them: Solar Hijri (Jalali) calendar, Tehran time, whatever the
// browser's own zone. In English the Jalali date stays first (it is what callers and municipal
// paperwork say) and the Gregorian date is given beside it for visitors and developers.
import type { Lang } from './digits.ts';
import type { JALALI_MONTHS_EN as ServerMonthsEn, JALALI_MONTHS_FA as ServerMonthsFa } from './server-types.ts';

export const CENTRE_TIME_ZONE = 'Asia/Tehran';

// The browser may not load server code, so the names are written here once more; typed as the
// server's (src/calendar) literal tuples, so a change to either fails the type check.
export const JALALI_MONTHS_FA: typeof ServerMonthsFa = [
  'فروردین',
  'اردیبهشت',
  'خرداد',
  'تیر',
  'مرداد',
  'شهریور',
  'مهر',
  'آبان',
  'آذر',
  'دی',
  'بهمن',
  'اسفند',
];
export const JALALI_MONTHS_EN: typeof ServerMonthsEn = [
  'Farvardin',
  'Ordibehesht',
  'Khordad',
  'Tir',
  'Mordad',
  'Shahrivar',
  'Mehr',
  'Aban',
  'Azar',
  'Dey',
  'Bahman',
  'Esfand',
];

/** "مهر" / "Mehr": month 1–12 of the Jalali year in the language given. */
export const jalaliMonthName = (m: number, lang: Lang): string =>
  (lang === 'fa' ? JALALI_MONTHS_FA : JALALI_MONTHS_EN)[m - 1] ?? '';

function parse(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

const cache = new Map<string, Intl.DateTimeFormat>();
function fmt(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone: CENTRE_TIME_ZONE, ...options });
    cache.set(key, f);
  }
  return f;
}

const jalaliLocale = (lang: Lang): string => (lang === 'fa' ? 'fa-IR-u-ca-persian' : 'en-GB-u-ca-persian');
const numericDate: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit' };
const clock: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };

function pick(parts: Intl.DateTimeFormatPart[], type: Intl.DateTimeFormatPartTypes): string {
  return parts.find((p) => p.type === type)?.value ?? '';
}

/** "۱۴۰۴/۰۱/۰۱" in fa, "1404/01/01" in en (Jalali, Tehran). */
export function formatJalaliDate(iso: string | null | undefined, lang: Lang): string {
  const d = parse(iso);
  if (!d) return '—';
  const parts = fmt(jalaliLocale(lang), numericDate).formatToParts(d);
  return `${pick(parts, 'year')}/${pick(parts, 'month')}/${pick(parts, 'day')}`;
}

/** "۱۴:۰۵" in fa, "14:05" in en (Tehran). */
export function formatTime(iso: string | null | undefined, lang: Lang): string {
  const d = parse(iso);
  if (!d) return '—';
  const parts = fmt(lang === 'fa' ? 'fa-IR' : 'en-GB', clock).formatToParts(d);
  return `${pick(parts, 'hour')}:${pick(parts, 'minute')}`;
}

/** "۱۴۰۴/۰۱/۰۱ ۱۴:۰۵": the compact form used in lists. */
export function formatJalaliDateTime(iso: string | null | undefined, lang: Lang): string {
  if (!parse(iso)) return '—';
  return `${formatJalaliDate(iso, lang)} ${formatTime(iso, lang)}`;
}

/** "جمعه ۱ فروردین ۱۴۰۴، ۱۴:۰۵" / "Friday 1 Farvardin 1404, 14:05": for tooltips and headings. */
export function formatJalaliLong(iso: string | null | undefined, lang: Lang): string {
  const d = parse(iso);
  if (!d) return '—';
  // Built from parts: ICU's own long pattern for fa puts the year first and a Latin comma.
  const parts = fmt(jalaliLocale(lang), {
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  }).formatToParts(d);
  const date = `${pick(parts, 'weekday')} ${pick(parts, 'day')} ${pick(parts, 'month')} ${pick(parts, 'year')}`;
  return `${date}${lang === 'fa' ? '،' : ','} ${formatTime(iso, lang)}`;
}

/** "21 Mar 2025": the Gregorian date shown beside the Jalali one in English. */
export function formatGregorianDate(iso: string | null | undefined): string {
  const d = parse(iso);
  if (!d) return '—';
  return fmt('en-GB', { year: 'numeric', month: 'short', day: 'numeric' }).format(d);
}

/** Elapsed seconds as a clock: "۰۳:۰۷", "۱:۰۲:۰۳" (fa) or "03:07" (en). Negative counts as 0. */
export function formatDuration(totalSeconds: number, lang: Lang): string {
  const s = Math.max(0, Math.floor(Number.isFinite(totalSeconds) ? totalSeconds : 0));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  const text = h > 0 ? `${h}:${pad(m)}:${pad(sec)}` : `${pad(m)}:${pad(sec)}`;
  return lang === 'fa' ? text.replace(/[0-9]/g, (x) => String.fromCharCode(0x06f0 + Number(x))) : text;
}

export type DeadlineState = 'none' | 'overdue' | 'soon' | 'ok';

/** Overdue past the deadline, "soon" within the last `soonHours` hours before it. */
export function deadlineState(deadlineAt: string | null | undefined, now: Date, soonHours = 4): DeadlineState {
  const d = parse(deadlineAt);
  if (!d) return 'none';
  const left = d.getTime() - now.getTime();
  if (left < 0) return 'overdue';
  return left <= soonHours * 3_600_000 ? 'soon' : 'ok';
}
