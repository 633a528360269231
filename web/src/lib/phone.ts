// Iranian phone numbers as operators read them back: national format, grouped for the ear.
import { digitsOnly, normalizeDigits } from './digits.ts';

/** E.164 (+98…), 0098…, 98… or national 0… → national digits "09121234567"; null if not Iranian. */
export function toNationalDigits(phone: string): string | null {
  const trimmed = normalizeDigits(phone).trim();
  const digits = digitsOnly(trimmed);
  if (!digits) return null;
  if (trimmed.startsWith('+')) return digits.startsWith('98') ? `0${digits.slice(2)}` : null;
  if (digits.startsWith('0098')) return `0${digits.slice(4)}`;
  if (digits.startsWith('98') && digits.length === 12) return `0${digits.slice(2)}`;
  if (digits.startsWith('0')) return digits;
  if (digits.startsWith('9') && digits.length === 10) return `0${digits}`;
  return null;
}

/**
 * Grouped national format with Latin digits: mobiles "0912 123 4567", landlines with area code
 * "021 1234 5678". Anything else (short codes, extensions, foreign numbers) comes back as given.
 */
export function formatPhoneNational(phone: string): string {
  const national = toNationalDigits(phone);
  if (!national || national.length !== 11) return normalizeDigits(phone).trim();
  if (national.startsWith('09')) {
    return `${national.slice(0, 4)} ${national.slice(4, 7)} ${national.slice(7)}`;
  }
  return `${national.slice(0, 3)} ${national.slice(3, 7)} ${national.slice(7)}`;
}

/** A phone typed by an operator → E.164 (+98…), or null when it is not a full Iranian number. */
export function toE164(input: string): string | null {
  const national = toNationalDigits(input);
  if (!national || national.length !== 11) return null;
  return `+98${national.slice(1)}`;
}

export type FindQuery =
  { kind: 'phone'; value: string } | { kind: 'trackingCode'; value: string } | { kind: 'invalid' };

/**
 * The find box takes a tracking code or a phone, in any digits, with spaces or dashes.
 * Phones start with +, 00, 98 (12 digits) or 0 (11 digits); any other run of digits is a code.
 */
export function classifyFindQuery(input: string): FindQuery {
  const text = normalizeDigits(input)
    .trim()
    .replace(/[\s\-_.()]/g, '');
  if (!text) return { kind: 'invalid' };
  if (!/^\+?[0-9]+$/.test(text)) return { kind: 'invalid' };
  const looksLikePhone =
    text.startsWith('+') ||
    text.startsWith('00') ||
    (text.startsWith('98') && text.length === 12) ||
    (text.startsWith('0') && text.length === 11);
  if (looksLikePhone) {
    const e164 = toE164(text);
    return e164 ? { kind: 'phone', value: e164 } : { kind: 'invalid' };
  }
  return { kind: 'trackingCode', value: text };
}
