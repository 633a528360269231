import { z } from 'zod';
import { validationError } from './errors.ts';

/**
 * Parse a body/query with zod and turn problems into one VALIDATION error listing each field.
 * A NUL character anywhere in the input is refused first: PostgreSQL cannot store it in text and
 * would fail the request with a 500, and no real form or query ever carries one.
 */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const nul = findNul(input, []);
  if (nul) {
    const field = nul.join('.') || '(body)';
    throw validationError(`Invalid input: ${field}: must not contain a NUL character`, {
      fields: [{ field, message: 'must not contain a NUL character' }],
    });
  }
  const r = schema.safeParse(input);
  if (!r.success) {
    const fields = r.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message }));
    throw validationError(`Invalid input: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`, { fields });
  }
  return r.data;
}

/** The path of the first string (or key) holding U+0000, or null. Depth-limited like the body size. */
function findNul(v: unknown, path: string[], depth = 0): string[] | null {
  if (typeof v === 'string') return v.includes('\u0000') ? path : null;
  if (depth > 32 || v === null || typeof v !== 'object') return null;
  for (const [k, child] of Object.entries(v)) {
    if (k.includes('\u0000')) return [...path, k.replaceAll('\u0000', '\\0')];
    const found = findNul(child, [...path, k], depth + 1);
    if (found) return found;
  }
  return null;
}

/** Whether `s` (YYYY-MM-DD) names a day that exists: 2026-02-31 does not. */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** A day as YYYY-MM-DD that exists in the calendar (PostgreSQL would fail the query on 2026-02-31). */
export const dateString = (what = 'a date') =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${what} as YYYY-MM-DD`)
    .refine(isCalendarDate, { message: `${what} that exists in the calendar (YYYY-MM-DD)` });

/** An instant (ISO 8601 or a date) that parses to a real time: "2026-02-31" and "soon" are refused. */
export const instant = (what = 'a time') =>
  z
    .string()
    .max(40)
    .refine((s) => !/^\d{4}-\d{2}-\d{2}/.test(s) || isCalendarDate(s.slice(0, 10)), {
      message: `${what} on a day that exists in the calendar`,
      abort: true,
    })
    .refine((s) => !Number.isNaN(Date.parse(s)), { message: `${what} as an ISO 8601 date or time` })
    .transform((s) => new Date(s));
