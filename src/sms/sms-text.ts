import { toPersianDigits } from '../shared/index.ts';
import { SMS_PLACEHOLDERS } from './sms-types.ts';

// Templates to the text a citizen reads: placeholders filled, every digit Persian (a tracking code
// read on the phone matches what the IVR says), dates in the Jalali calendar of the centre's zone.

const PLACEHOLDER = /\{([A-Za-z]+)\}/g;

/** Fills {name} placeholders; one the caller did not give stays visible rather than vanish silently. */
export function renderTemplate(text: string, params: Record<string, string>): string {
  const filled = text.replace(PLACEHOLDER, (whole, name: string) => params[name] ?? whole);
  return toPersianDigits(filled);
}

/** Placeholders in a template that no message fills (a typo an admin should hear about). */
export function unknownPlaceholders(text: string): string[] {
  const known = new Set<string>(SMS_PLACEHOLDERS);
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!).filter((n) => !known.has(n));
}

/** e.g. «۱۵ آذر ۱۴۰۵ ساعت ۲۳:۲۰» in the centre's zone. */
export function jalaliDeadline(at: Date, timeZone: string): string {
  const f = new Intl.DateTimeFormat('fa-IR-u-ca-persian-nu-arabext', {
    timeZone,
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
  return toPersianDigits(f.format(at));
}

/** The status words a citizen reads. */
export const STATUS_FA: Record<string, string> = {
  registered: 'ثبت شده',
  referred: 'ارجاع شده',
  'in-progress': 'در دست اقدام',
  done: 'انجام شده',
  'feedback-positive': 'رضایت شهروند ثبت شد',
  'feedback-negative': 'عدم رضایت شهروند ثبت شد',
  'special-follow-up': 'در پیگیری ویژه',
  closed: 'مختومه',
  returned: 'در حال ارجاع دوباره',
};
