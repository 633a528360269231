import { jalaliPeriodOf, localParts } from '../calendar/index.ts';
import type { Db } from '../db/index.ts';
import type { RequestFilter } from './analytics-repository.ts';
import { hotspotIndex } from './hotspot-index.ts';
import { heatCells, hotspots, topCategories } from './places-repository.ts';

// Shapes the place figures for the page: the heat table's rows and columns, each neighbourhood's
// top categories, the hotspots list. Requests without a neighbourhood are one row, "not set".

const NONE = { fa: 'نامشخص', en: 'Not set' };
/** Seven or more digits (Latin, Persian or Arabic-Indic), spaces and dashes between them allowed. */
const PHONE_LIKE = /[0-9۰-۹٠-٩](?:[\s-]?[0-9۰-۹٠-٩]){6,}/g;

/** Neighbourhood × top-level category: rows busiest first, columns (categories) busiest first. */
export async function heat(db: Db, f: RequestFilter) {
  const cells = await heatCells(db, f);
  type Row = {
    neighbourhoodId: number | null;
    labelFa: string;
    labelEn: string;
    districtId: number | null;
    cells: Record<string, number>;
    total: number;
  };
  const rows = new Map<string, Row>();
  const categories = new Map<number, { id: number; labelFa: string; labelEn: string; total: number }>();
  for (const c of cells) {
    const k = String(c.neighbourhoodId);
    const row = rows.get(k) ?? {
      neighbourhoodId: c.neighbourhoodId,
      labelFa: c.labelFa ?? NONE.fa,
      labelEn: c.labelEn ?? NONE.en,
      districtId: c.districtId,
      cells: {},
      total: 0,
    };
    rows.set(k, row);
    row.cells[String(c.categoryId)] = c.count;
    row.total += c.count;
    const cat = categories.get(c.categoryId) ?? {
      id: c.categoryId,
      labelFa: c.categoryFa,
      labelEn: c.categoryEn,
      total: 0,
    };
    categories.set(c.categoryId, cat);
    cat.total += c.count;
  }
  const byTotal = <T extends { total: number }>(a: T, b: T) => b.total - a.total;
  return {
    rows: [...rows.values()].sort((a, b) => byTotal(a, b) || (a.neighbourhoodId ?? 1e9) - (b.neighbourhoodId ?? 1e9)),
    categories: [...categories.values()].sort((a, b) => byTotal(a, b) || a.id - b.id),
  };
}

/** Each neighbourhood's `limit` top categories, with their count and share of its requests. */
export async function topCategoriesPerPlace(db: Db, f: RequestFilter, limit: number) {
  const found = await topCategories(db, f, limit);
  type Row = {
    neighbourhoodId: number | null;
    labelFa: string;
    labelEn: string;
    districtId: number | null;
    total: number;
    categories: Array<{
      rank: number;
      categoryId: number;
      labelFa: string;
      labelEn: string;
      count: number;
      share: number;
    }>;
  };
  const rows = new Map<string, Row>();
  for (const r of found) {
    const k = String(r.neighbourhoodId);
    const row = rows.get(k) ?? {
      neighbourhoodId: r.neighbourhoodId,
      labelFa: r.labelFa ?? NONE.fa,
      labelEn: r.labelEn ?? NONE.en,
      districtId: r.districtId,
      total: r.total,
      categories: [],
    };
    rows.set(k, row);
    row.categories.push({
      rank: r.rank,
      categoryId: r.categoryId,
      labelFa: r.categoryFa,
      labelEn: r.categoryEn,
      count: r.count,
      share: r.count / r.total,
    });
  }
  return { rows: [...rows.values()] };
}

/** The hotspots, most requests first; instants as ISO text. */
export async function hotspotList(db: Db, f: RequestFilter, q: { radiusM: number; minCount: number; limit: number }) {
  // Long ranges at the default radius are counted in memory; the rest read from the facts.
  const rows = (await hotspotIndex(db).hotspots(f, q)) ?? (await hotspots(db, f, q));
  return {
    radiusM: q.radiusM,
    minCount: q.minCount,
    rows: rows.map((r) => ({
      ...r,
      lat: r.lat === null ? null : Number(r.lat),
      lng: r.lng === null ? null : Number(r.lng),
      // An address is typed by hand: a run of digits long enough to be a phone number is hidden.
      address: r.address === null ? null : r.address.replace(PHONE_LIKE, '…'),
      requestIds: r.requestIds.map(Number), // pg gives bigint[] as text; ids are numbers in every answer
      first: r.first.toISOString(),
      last: r.last.toISOString(),
      ...dayLabels('first', r.first, f.timeZone),
      ...dayLabels('last', r.last, f.timeZone),
    })),
  };
}

/** The local day of an instant as Jalali labels: firstLabelFa '۱ دی ۱۴۰۴', firstLabelEn '1 Dey 1404'. */
function dayLabels<K extends string>(key: K, at: Date, timeZone: string) {
  const day = jalaliPeriodOf(localParts(at.getTime(), timeZone).date, 'day');
  return { [`${key}LabelFa`]: day.labelFa, [`${key}LabelEn`]: day.labelEn } as Record<
    `${K}LabelFa` | `${K}LabelEn`,
    string
  >;
}
