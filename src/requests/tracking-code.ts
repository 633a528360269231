import { randomInt } from 'node:crypto';
import { toLatinDigits } from '../shared/index.ts';

// A tracking code is read out on the phone and typed back on a keypad or by an operator, so it is
// digits only, 8 long (7 random + 1 check digit), and never starts with 0 (a leading zero gets
// dropped when people write numbers down). The Damm check digit catches every single wrong digit
// and every swap of two neighbouring digits, the two mistakes people make most when copying.

export const TRACKING_CODE_LENGTH = 8;

// The Damm quasigroup of order 10 (weakly totally anti-symmetric, zero diagonal).
const DAMM: readonly (readonly number[])[] = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
  [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
  [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
  [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
  [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
  [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
  [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

function dammInterim(digits: string): number {
  let interim = 0;
  for (const ch of digits) interim = DAMM[interim]![ch.charCodeAt(0) - 48]!;
  return interim;
}

/** The Damm check digit of a string of Latin digits. */
export function dammCheckDigit(digits: string): number {
  if (!/^[0-9]*$/.test(digits)) throw new Error('dammCheckDigit takes Latin digits only');
  return dammInterim(digits);
}

/** A new random code; uniqueness is the database's job (unique constraint + retry). */
export function generateTrackingCode(random: (min: number, max: number) => number = randomInt): string {
  let body = String(random(1, 10));
  while (body.length < TRACKING_CODE_LENGTH - 1) body += String(random(0, 10));
  return body + String(dammCheckDigit(body));
}

/**
 * What a caller or operator typed (Persian/Arabic-Indic/Latin digits, with spaces or dashes as the
 * desk groups it: "۱۲۳۴ ۵۶۷۸") to the stored form, or null when it is not a well-formed code.
 */
export function normalizeTrackingCode(input: string | null | undefined): string | null {
  if (input == null) return null;
  const s = toLatinDigits(input).replace(/[\s\u200c\u200f\u200e\-–.]/g, '');
  if (s.length !== TRACKING_CODE_LENGTH || !/^[1-9][0-9]+$/.test(s)) return null;
  return dammInterim(s) === 0 ? s : null;
}

export function isValidTrackingCode(input: string | null | undefined): boolean {
  return normalizeTrackingCode(input) !== null;
}
