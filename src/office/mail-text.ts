import { toPersianDigits } from '../shared/index.ts';
import type { NotificationKind } from './office-types.ts';

// The e-mail of a notification: Persian first, English beside it, built from its kind and details
// (the same facts the bell shows). Deadlines in the centre's zone: Jalali in Persian.

export interface MailText {
  subject: string;
  text: string;
}

type Lang = 'fa' | 'en';
type Facts = Record<string, unknown>;

const str = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

function when(iso: unknown, lang: Lang, timeZone: string): string {
  const t = typeof iso === 'string' ? Date.parse(iso) : NaN;
  if (Number.isNaN(t)) return '';
  const locale = lang === 'fa' ? 'fa-IR-u-ca-persian' : 'en-GB';
  return new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(t);
}

/** One line per language: what happened to which request. */
function line(kind: NotificationKind, f: Facts, lang: Lang, tz: string): string {
  const fa = lang === 'fa';
  const code = str(f.trackingCode);
  const unit = str(fa ? f.unitFa : f.unitEn);
  const deadline = when(f.deadlineAt, lang, tz);
  const n = (v: unknown) => (fa ? toPersianDigits(str(v)) : str(v));
  switch (kind) {
    case 'new-referral':
      return fa
        ? `درخواست ${code} به ${unit} ارجاع شد. مهلت پاسخ: ${deadline}.`
        : `Request ${code} was referred to ${unit}. Deadline: ${deadline}.`;
    case 'deadline-reminder':
      return fa
        ? `یادآوری: مهلت درخواست ${code} در ${unit} به پایان نزدیک است (${deadline}).`
        : `Reminder: the deadline of request ${code} at ${unit} is near (${deadline}).`;
    case 'overdue':
      return fa
        ? `مهلت درخواست ${code} در ${unit} گذشت (${deadline}) و هنوز انجام نشده است.`
        : `Request ${code} at ${unit} is overdue: its deadline (${deadline}) has passed.`;
    case 'escalated':
      return fa
        ? `درخواست ${code} در ${unit} از مهلت (${deadline}) گذشته است و به اطلاع ${str(f.toUnitFa)} می‌رسد (سطح ${n(f.level)}).`
        : `Request ${code} at ${unit} is past its deadline (${deadline}); ${str(f.toUnitEn)} is told (level ${n(f.level)}).`;
    case 'extension-requested':
      return fa
        ? `${unit} برای درخواست ${code} ${n(f.hours)} ساعت مهلت بیشتر خواسته است.`
        : `${unit} asks for ${n(f.hours)} more hours on request ${code}.`;
    case 'extension-decided': {
      const granted = f.decision === 'granted';
      if (fa) return `درخواست مهلت بیشتر برای ${code} ${granted ? 'پذیرفته' : 'رد'} شد.`;
      return `The request for more time on ${code} was ${granted ? 'granted' : 'refused'}.`;
    }
    case 'returned':
      return fa ? `${unit} درخواست ${code} را به ۱۳۷ بازگرداند.` : `${unit} returned request ${code} to 137.`;
  }
}

const TITLES: Record<NotificationKind, [string, string]> = {
  'new-referral': ['درخواست تازه', 'New request'],
  'deadline-reminder': ['یادآوری مهلت', 'Deadline reminder'],
  overdue: ['مهلت گذشت', 'Overdue'],
  escalated: ['گزارش به سطح بالاتر', 'Escalated'],
  'extension-requested': ['درخواست مهلت بیشتر', 'More time asked'],
  'extension-decided': ['پاسخ درخواست مهلت', 'More time decided'],
  returned: ['بازگشت به ۱۳۷', 'Returned to 137'],
};

export function mailText(kind: NotificationKind, facts: Facts, displayName: string, timeZone: string): MailText {
  const [fa, en] = TITLES[kind];
  const code = str(facts.trackingCode);
  return {
    subject: `۱۳۷ — ${fa} ${code} / 137 — ${en} ${code}`,
    text: [
      `${displayName} گرامی،`,
      line(kind, facts, 'fa', timeZone),
      'سامانه ۱۳۷',
      '',
      `Dear ${displayName},`,
      line(kind, facts, 'en', timeZone),
      '137 city service centre',
    ].join('\n'),
  };
}
