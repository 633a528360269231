// Figures as the wallboard shows them: percentages, seconds as clocks, in the interface's digits.
import { d, getLang, t, type StringKey } from '../i18n/i18n.ts';
import { formatNumber, type Lang } from '../lib/digits.ts';
import { formatDuration, formatJalaliDate } from '../lib/jalali.ts';

export const DASH = '—';

/** 0.853 → "۸۵٪" / "85%". */
export function pct(ratio: number | null | undefined, lang: Lang): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return DASH;
  return formatNumber(ratio, lang, { style: 'percent', maximumFractionDigits: 0 });
}

/** Seconds as a clock ("۰۱:۰۵"), or a dash when there is nothing to average. */
export function secs(seconds: number | null | undefined, lang: Lang): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return DASH;
  return formatDuration(seconds, lang);
}

export function num(n: number | null | undefined, lang: Lang, digits = 0): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return DASH;
  return formatNumber(n, lang, { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** A day (YYYY-MM-DD) as a Jalali date in the interface language (noon: the same day in any zone). */
export const jalaliDay = (day: string) => formatJalaliDate(`${day}T12:00:00Z`, getLang());

const SHIFT_KEYS: Record<string, StringKey> = { morning: 'shiftMorning', evening: 'shiftEvening', night: 'shiftNight' };
/** A shift's name in the interface language (a configured shift without a translation as it is). */
export const shiftName = (name: string) => (SHIFT_KEYS[name] ? t(SHIFT_KEYS[name]) : d(name));
export const shiftLabel = (name: string) => t('wbShift', { name: shiftName(name) });

export { queueLabel } from '../lib/call-labels.ts';

/**
 * Which way a figure moved against last week, and whether that is good news. For service level
 * up is good; for waits, handle time and abandonment down is good.
 */
export function trend(
  now: number | null,
  before: number | null,
  higherIsBetter: boolean,
): 'up-good' | 'up-bad' | 'down-good' | 'down-bad' | 'flat' | 'none' {
  if (now === null || before === null) return 'none';
  const delta = now - before;
  const tolerance = Math.max(Math.abs(before) * 0.02, 1e-9);
  if (Math.abs(delta) <= tolerance) return 'flat';
  const up = delta > 0;
  return `${up ? 'up' : 'down'}-${up === higherIsBetter ? 'good' : 'bad'}` as const;
}
