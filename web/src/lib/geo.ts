// A map point typed as "lat, lng": Persian (۳۶٫۲۹), Arabic-Indic (٣٦٫٢٩) or Latin (36.29) digits,
// the Arabic decimal separator (٫) or a dot, and a comma (, or ،), a semicolon or spaces between.
import { normalizeDigits } from './digits.ts';

export interface Point {
  lat: number;
  lng: number;
}

export type PointResult = { ok: true; point: Point | null } | { ok: false; error: 'formBadPoint' | 'formPointRange' };

const NUMBER = String.raw`[+-]?\d{1,3}(?:\.\d{1,10})?`;
const PAIR = new RegExp(String.raw`^(${NUMBER})\s*(?:[,;]\s*|\s+)(${NUMBER})$`);

/** "" → no point; "36.2972, 59.6067" → the point; anything else → what is wrong with it. */
export function parsePoint(text: string): PointResult {
  const s = normalizeDigits(text)
    .replace(/\u066b/g, '.') // Arabic decimal separator
    .replace(/[\u060c\u066c]/g, ',') // Arabic comma; a thousands separator is a slip for a comma here
    .replace(/\u061b/g, ';') // Arabic semicolon
    .replace(/[\u2212\u2013]/g, '-') // minus sign, en dash
    .replace(/[\u200c\u200e\u200f\u202a-\u202e]/g, '') // ZWNJ and direction marks pasted along
    .trim();
  if (!s) return { ok: true, point: null };
  const m = PAIR.exec(s);
  if (!m) return { ok: false, error: 'formBadPoint' };
  const lat = Number(m[1]);
  const lng = Number(m[2]);
  if (!Number.isFinite(lat) || !Number.isFinite(lng)) return { ok: false, error: 'formBadPoint' };
  if (Math.abs(lat) > 90 || Math.abs(lng) > 180) return { ok: false, error: 'formPointRange' };
  return { ok: true, point: { lat, lng } };
}
