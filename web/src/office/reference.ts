// The lists the filters and the referral form pick from: categories, districts with their
// neighbourhoods, and the units' tree. Loaded once per page (they change rarely); a failed load is
// tried again on the next use.
import { get, listOf } from '../lib/api.ts';
import type { CategoryView, DistrictView, UnitView } from './types.ts';

export interface UnitOption {
  id: number;
  nameFa: string;
  nameEn: string;
  kind: UnitView['kind'];
  depth: number;
  active: boolean;
  districtId: number | null;
}

export interface Reference {
  categories: CategoryView[];
  districts: DistrictView[];
  /** The units' tree, depth first (parents before their children), for indented selects. */
  units: UnitOption[];
}

/** The tree, depth first, each unit with its depth. */
export function flattenUnits(roots: UnitView[], depth = 0, out: UnitOption[] = []): UnitOption[] {
  for (const u of roots) {
    out.push({
      id: u.id,
      nameFa: u.nameFa,
      nameEn: u.nameEn,
      kind: u.kind,
      depth,
      active: u.active,
      districtId: u.districtId,
    });
    flattenUnits(Array.isArray(u.children) ? u.children : [], depth + 1, out);
  }
  return out;
}

let loading: Promise<Reference> | null = null;

async function load(): Promise<Reference> {
  const [cats, dists, units] = await Promise.all([
    get<CategoryView[]>('/api/v1/categories'),
    get<DistrictView[]>('/api/v1/districts'),
    get<{ units: UnitView[] }>('/api/v1/units'),
  ]);
  const ref: Reference = {
    categories: listOf<CategoryView>(cats),
    districts: listOf<DistrictView>(dists),
    units: units.ok && Array.isArray(units.data?.units) ? flattenUnits(units.data.units) : [],
  };
  // Something missing (the server starting, a route not there): ask again next time.
  if (ref.categories.length === 0 || ref.districts.length === 0 || ref.units.length === 0) loading = null;
  return ref;
}

export function reference(): Promise<Reference> {
  loading ??= load();
  return loading;
}

/** A unit's name by id from the loaded tree (null when unknown). */
export function unitById(ref: Reference, id: number | null | undefined): UnitOption | null {
  return id == null ? null : (ref.units.find((u) => u.id === id) ?? null);
}
