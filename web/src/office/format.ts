// Words and small pieces the back office shows everywhere: statuses, names in the page's language,
// dates (Jalali, Tehran), how long is left before a deadline, tracking codes.
import { h, ltr } from '../lib/dom.ts';
import { d, getLang, t, type StringKey } from '../i18n/i18n.ts';
import { formatGregorianDate, formatJalaliDateTime, formatJalaliLong } from '../lib/jalali.ts';
import { groupTrackingCode } from '../lib/tracking.ts';
import type { Lang } from '../lib/digits.ts';

const STATUS_KEYS: Record<string, StringKey> = {
  registered: 'statusRegistered',
  referred: 'statusReferred',
  'in-progress': 'statusInProgress',
  done: 'statusDone',
  'feedback-positive': 'statusSatisfied',
  'feedback-negative': 'statusUnsatisfied',
  'special-follow-up': 'statusSpecial',
  closed: 'statusClosed',
  returned: 'ofStatusReturned',
};

export function statusLabel(status: string): string {
  const key = STATUS_KEYS[status];
  return key ? t(key) : status;
}

/** A status as a coloured chip (its colour from data-status in office.css). */
export function statusChip(status: string): HTMLElement {
  return h('span', { class: 'of-status', testid: 'status', attrs: { 'data-status': status } }, statusLabel(status));
}

/** The name in the page's language (the Persian one when there is no English). */
export function nameIn(fa: string | null | undefined, en: string | null | undefined, lang: Lang = getLang()): string {
  return (lang === 'fa' ? fa : en || fa) ?? '';
}

export function codeEl(code: string, cls = 'code'): HTMLElement {
  return ltr(d(groupTrackingCode(code)), { class: cls, testid: 'tracking-code' });
}

/** A date and time, Jalali in Tehran; in English the Gregorian day follows (or is in the title). */
export function dateEl(iso: string | null | undefined, gregorianBeside = false): HTMLElement {
  const lang = getLang();
  const title =
    lang === 'en' && iso ? `${formatJalaliLong(iso, lang)} (${formatGregorianDate(iso)})` : formatJalaliLong(iso, lang);
  const el = h('time', { class: 'date', attrs: { datetime: iso ?? '', title } }, ltr(formatJalaliDateTime(iso, lang)));
  if (lang === 'en' && iso && gregorianBeside)
    el.append(' ', h('span', { class: 'greg' }, `(${formatGregorianDate(iso)})`));
  return el;
}

/** "3 h 10 min" / "2 days 4 h": the larger two units of a span, in the page's digits. */
export function spanText(ms: number): string {
  // Whole minutes, rounded up: a deadline passed seconds ago is "1 min" over, never "0 min".
  const minutes = Math.ceil(Math.abs(ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return hours > 0 ? t('ofSpanDaysHours', { d: days, h: hours }) : t('ofSpanDays', { d: days });
  if (hours > 0) return mins > 0 ? t('ofSpanHoursMinutes', { h: hours, m: mins }) : t('ofSpanHours', { h: hours });
  return t('ofSpanMinutes', { m: mins });
}

/** "5 h 10 min left" or "overdue by 2 h" before or after a deadline. */
export function timeLeftText(deadlineAt: string, now: number): string {
  const left = Date.parse(deadlineAt) - now;
  return left >= 0 ? t('ofTimeLeft', { span: spanText(left) }) : t('ofTimeOver', { span: spanText(left) });
}

/** Deadline: the Jalali date and time, and how long is left (red once passed); `label` "Deadline:" first. */
export function deadlineEl(deadlineAt: string | null, now: number, open = true, label = true): HTMLElement | null {
  if (!deadlineAt) return null;
  const over = open && Date.parse(deadlineAt) < now;
  return h(
    'span',
    { class: `of-deadline${over ? ' is-over' : ''}`, testid: 'deadline' },
    label ? h('span', { class: 'muted', i18n: 'reqDeadline' }) : null,
    label ? ' ' : null,
    dateEl(deadlineAt),
    open ? h('span', { class: 'of-left', testid: 'time-left' }, ` · ${timeLeftText(deadlineAt, now)}`) : null,
  );
}

/** Statuses in which a unit's deadline runs (a returned request waits for 137, not for the unit). */
const RUNNING = ['referred', 'in-progress', 'special-follow-up'];

export const deadlineRunning = (status: string) => RUNNING.includes(status);

/** File sizes as people read them: "1.2 MB", "350 KB". */
export function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return t('ofSizeMb', { n: d((bytes / (1024 * 1024)).toFixed(1)) });
  return t('ofSizeKb', { n: Math.max(1, Math.round(bytes / 1024)) });
}

/** A referral's priority, raised one step by each special follow-up (the citizen said it was not fixed). */
export function priorityFlag(n: number): HTMLElement {
  const attrs = { 'data-priority': String(n) };
  return h('span', { class: 'flag flag-warn', testid: 'priority-flag', attrs }, t('ofPriority', { n: d(n) }));
}
