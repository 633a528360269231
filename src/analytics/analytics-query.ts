import { z } from 'zod';
import { JALALI_PERIODS } from '../calendar/index.ts';
import type { SessionUser } from '../auth/index.ts';
import { dateString, forbidden, validationError } from '../shared/index.ts';
import { GROUP_BYS, type RequestFilter } from './analytics-repository.ts';

// The query strings of the analytics routes (and of their exports), and the one place that turns
// them into a filter: the range checked, and a council member's figures held to their neighbourhoods.

// Years of daily rows are cheap, but a range has to end somewhere: ten years of days.
const MAX_RANGE_DAYS = 3660;

const id = z.coerce.number().int().positive().max(2_147_483_647).optional();
export const rangeQuery = z.object({ from: dateString('from'), to: dateString('to'), neighbourhoodId: id });
export const filterQuery = rangeQuery.extend({
  categoryId: id,
  districtId: id,
  unitId: id,
  hazard: z.enum(['true', 'false']).optional(),
});
export const groupedQuery = filterQuery.extend({ groupBy: z.enum(GROUP_BYS) });
export const countsQuery = groupedQuery.extend({ period: z.enum(JALALI_PERIODS) });
const count = (name: string, min: number, max: number, dflt: number) =>
  z.coerce
    .number({ error: `${name} is a whole number from ${min} to ${max}` })
    .int(`${name} is a whole number from ${min} to ${max}`)
    .min(min, `${name} is at least ${min}`)
    .max(max, `${name} is at most ${max}`)
    .default(dflt);
export const topQuery = filterQuery.extend({ limit: count('limit', 1, 20, 5) });
export const hotspotQuery = filterQuery.extend({
  radiusM: count('radiusM', 10, 5000, 150),
  minCount: count('minCount', 2, 1000, 3),
  limit: count('limit', 1, 500, 200),
});

export function checkRange(from: string, to: string): void {
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  if (days < 0) throw validationError('from must not be after to');
  if (days > MAX_RANGE_DAYS) throw validationError(`at most ${MAX_RANGE_DAYS} days at once`);
}

/**
 * Which neighbourhoods the figures may cover. A council member sees their own only: without a
 * neighbourhoodId, all of theirs; one of theirs, that one; another one is refused (403), so that
 * a figure of zero never passes for a neighbourhood's real count. Everyone else: the one asked, or
 * the whole city (null).
 */
export function neighbourhoodScope(user: SessionUser, neighbourhoodId: number | undefined): number[] | null {
  if (user.role === 'council') {
    if (neighbourhoodId === undefined) return [...user.neighbourhoodIds];
    if (!user.neighbourhoodIds.includes(neighbourhoodId)) throw forbidden('That neighbourhood is not one of yours');
    return [neighbourhoodId];
  }
  return neighbourhoodId === undefined ? null : [neighbourhoodId];
}

export function filterOf(q: z.infer<typeof filterQuery>, user: SessionUser, timeZone: string): RequestFilter {
  checkRange(q.from, q.to);
  return {
    timeZone,
    from: q.from,
    to: q.to,
    categoryId: q.categoryId ?? null,
    districtId: q.districtId ?? null,
    unitId: q.unitId ?? null,
    hazard: q.hazard === undefined ? null : q.hazard === 'true',
    neighbourhoodIds: neighbourhoodScope(user, q.neighbourhoodId),
  };
}
