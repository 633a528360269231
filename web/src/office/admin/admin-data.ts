// What the admin screens read from the server, typed by the server's own types, and small helpers
// over them (a unit tree as a flat list with depths, names in the interface language).
import { getLang } from '../../i18n/i18n.ts';
import { get, type ApiResult } from '../../lib/api.ts';
import type {
  AdminUser,
  AnswerTemplate,
  CategoryAdminView,
  DistrictView,
  Role,
  UnitRouteView,
  UnitView,
} from '../../lib/server-types.ts';

export type { AdminUser, AnswerTemplate, CategoryAdminView, DistrictView, Role, UnitRouteView, UnitView };

export const ROLES: readonly Role[] = [
  'operator',
  'supervisor',
  'admin',
  'viewer',
  'unit',
  'unit-manager',
  'manager',
  'council',
];
export const isUnitRole = (r: Role) => r === 'unit' || r === 'unit-manager';

/** A name in the interface language (the Persian one when the English is missing). */
export function nameOf(x: { nameFa: string; nameEn: string } | null | undefined): string {
  if (!x) return '—';
  return getLang() === 'fa' ? x.nameFa : x.nameEn || x.nameFa;
}

/** The data of a list call, or throws the failed result (screens show it with errorText). */
async function data<T>(r: Promise<ApiResult<T>>): Promise<T> {
  const res = await r;
  if (!res.ok) throw res;
  return res.data;
}

export const loadUsers = async () => (await data(get<{ users: AdminUser[] }>('/api/v1/admin/users'))).users;
export const loadServers = async () => (await data(get<{ servers: string[] }>('/api/v1/admin/servers'))).servers;
export const loadUnits = async () => (await data(get<{ units: UnitView[] }>('/api/v1/units'))).units;
export const loadDistricts = () => data(get<DistrictView[]>('/api/v1/districts'));
export const loadCategories = async () =>
  (await data(get<{ categories: CategoryAdminView[] }>('/api/v1/categories/all'))).categories;
export const loadTemplates = async () =>
  (await data(get<{ templates: AnswerTemplate[] }>('/api/v1/templates/all'))).templates;
export const loadRoutes = async (categoryId: string) =>
  (await data(get<{ routes: UnitRouteView[] }>(`/api/v1/unit-routes?categoryId=${encodeURIComponent(categoryId)}`)))
    .routes;

export interface FlatUnit {
  unit: UnitView;
  depth: number;
  /** Ids of the unit and all below it (a unit cannot move under one of these). */
  subtree: Set<number>;
}

/** The tree in reading order (parents before children), with each unit's depth. */
export function flattenUnits(roots: UnitView[]): FlatUnit[] {
  const out: FlatUnit[] = [];
  const walk = (u: UnitView, depth: number): Set<number> => {
    const entry: FlatUnit = { unit: u, depth, subtree: new Set([u.id]) };
    out.push(entry);
    for (const c of u.children) for (const id of walk(c, depth + 1)) entry.subtree.add(id);
    return entry.subtree;
  };
  for (const r of roots) walk(r, 0);
  return out;
}

/** A unit's name by id (the seeded units' names already say their district: "District 5 — Roads"). */
export function unitLabel(flat: FlatUnit[], id: number | null | undefined): string {
  if (id == null) return '—';
  const u = flat.find((f) => f.unit.id === id)?.unit;
  return u ? nameOf(u) : `#${id}`;
}
