// Pure helpers of the places page: what an edit row would send. Only the fields that changed go
// to the server, so the audit log records what the admin actually changed, not the whole row.
import { normalizeDigits } from '../lib/digits.ts';

/** A position typed with Persian, Arabic-Indic or Latin digits → 1…9999, or null when it is not one. */
export function parsePosition(text: string): number | null {
  const s = normalizeDigits(text).trim();
  if (!/^\d{1,4}$/.test(s)) return null;
  const n = Number(s);
  return n >= 1 ? n : null;
}

export type PlaceChange = { nameFa?: string; nameEn?: string; position?: number; districtId?: number };

/** The fields of `next` that differ from `was` (names compared trimmed); {} when nothing changed. */
export function changedFields(
  was: { nameFa: string; nameEn: string; position?: number; districtId?: string },
  next: { nameFa: string; nameEn: string; position?: number; districtId?: string },
): PlaceChange {
  const out: PlaceChange = {};
  if (next.nameFa.trim() !== was.nameFa) out.nameFa = next.nameFa.trim();
  if (next.nameEn.trim() !== was.nameEn) out.nameEn = next.nameEn.trim();
  if (next.position !== undefined && next.position !== was.position) out.position = next.position;
  if (next.districtId !== undefined && next.districtId !== was.districtId) out.districtId = Number(next.districtId);
  return out;
}
