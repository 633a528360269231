import type { Role } from '../auth/index.ts';

/** district municipality → department → unit; 'organisation' is a city-wide body under no district. */
export type UnitKind = 'district' | 'organisation' | 'department' | 'unit';
export const UNIT_KINDS = ['district', 'organisation', 'department', 'unit'] as const;

/** How a deadline's hours are counted: the unit's working hours, or plain clock hours (hazards). */
export type DeadlineBasis = 'working' | 'calendar';

/** When a unit works, in the centre's zone. workDays are JavaScript weekdays (0 = Sunday … 6 = Saturday). */
export interface WorkingHours {
  workDays: number[];
  /** 'HH:MM' */
  workStart: string;
  /** 'HH:MM', after workStart (no shift across midnight). */
  workEnd: string;
}

export interface UnitView extends WorkingHours {
  id: number;
  code: string;
  nameFa: string;
  nameEn: string;
  kind: UnitKind;
  parentId: number | null;
  districtId: number | null;
  active: boolean;
  escalateAfterHours: number;
  position: number;
  managers: { id: string; displayName: string }[];
  children: UnitView[];
}

/** Where a request of a category goes and how long the unit has. */
export interface RouteTarget {
  unitId: number;
  deadlineHours: number;
  basis: DeadlineBasis;
  hazard: boolean;
}

export interface UnitUser {
  id: string;
  displayName: string;
  email: string | null;
  role: Role;
  unitId: number;
}

export interface UnitRouteView {
  id: number;
  categoryId: number;
  districtId: number | null;
  unitId: number;
}

export interface UnitMemberView {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
}
