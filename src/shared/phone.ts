import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { toLatinDigits } from './digits.ts';

const HIDDEN = new Set(['', 'anonymous', 'unknown', '<unknown>', 'restricted', 'private', 'unavailable']);

/**
 * Caller ID as Asterisk gives it (09121234567, +989121234567, 00989..., 021..., Persian digits)
 * to E.164. Hidden or unparseable numbers give null: the desk shows "hidden number", never an error.
 */
// Parsing with libphonenumber costs tens of microseconds; every call start and screen-pop
// normalises the caller's number, and the same numbers come back all day. Bounded, so a flood of
// distinct numbers cannot grow it.
const normalized = new Map<string, string | null>();
const NORMALIZED_MAX = 4096;

export function normalizePhone(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  const hit = normalized.get(raw);
  if (hit !== undefined) return hit;
  const out = parseCitizenPhone(raw);
  if (normalized.size >= NORMALIZED_MAX) normalized.clear();
  normalized.set(raw, out);
  return out;
}

function parseCitizenPhone(raw: string): string | null {
  let s = toLatinDigits(raw).trim();
  if (HIDDEN.has(s.toLowerCase())) return null;
  s = s.replace(/[\s\-().]/g, '');
  if (s.startsWith('00')) s = `+${s.slice(2)}`;
  const p = parsePhoneNumberFromString(s, 'IR');
  // Short internal extensions (1001) are not citizens' numbers.
  if (!p || !p.isPossible() || p.nationalNumber.length < 7) return null;
  return p.number;
}

/** E.164 to the national form an operator reads back: 0912 123 4567, 021 1234 5678. */
export function formatPhoneNational(e164: string | null): string | null {
  if (!e164) return null;
  const p = parsePhoneNumberFromString(e164);
  return p ? p.formatNational() : e164;
}

/** For screens that show many callers at once (wallboard): enough to tell calls apart, not to dial. */
export function maskPhone(e164: string | null): string | null {
  const n = formatPhoneNational(e164);
  if (!n) return null;
  const digits = n.replace(/\D/g, '');
  if (digits.length < 7) return '***';
  return `${digits.slice(0, 4)} *** ${digits.slice(-4)}`;
}
