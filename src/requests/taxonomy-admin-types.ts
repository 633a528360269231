import type { DeadlineBasis } from '../units/index.ts';

// The admin's view of the categories and what an admin may set. Types only: the browser imports them too.

/** A category with everything an admin edits (GET /categories lists only what the desk picks from). */
export interface CategoryAdminView {
  id: string;
  code: string;
  /** null: a group (top level); else the group it belongs to. Two levels only. */
  parentId: string | null;
  nameFa: string;
  nameEn: string;
  /** The city-wide fallback unit (routes per district come first: /unit-routes). */
  unitId: number | null;
  unitFa: string | null;
  unitEn: string | null;
  deadlineHours: number;
  /** 'working': the unit's working hours count; 'calendar': every hour (hazards). */
  deadlineBasis: DeadlineBasis;
  hazard: boolean;
  position: number;
  active: boolean;
  /** How many subcategories it has (a group with some cannot go under another). */
  children: number;
}

/** Fields left out stay as they are; parentId/unitId null are values (top level, no unit). */
export interface CategoryFields {
  parentId?: number | null | undefined;
  nameFa?: string | undefined;
  nameEn?: string | undefined;
  unitId?: number | null | undefined;
  deadlineHours?: number | undefined;
  deadlineBasis?: DeadlineBasis | undefined;
  hazard?: boolean | undefined;
  position?: number | undefined;
  active?: boolean | undefined;
}

export interface NewCategory {
  /** Stable code (a-z, 0-9, -); made from the English name when not given. */
  code?: string | undefined;
  parentId: number | null;
  nameFa: string;
  nameEn: string;
  unitId: number | null;
  deadlineHours: number;
  deadlineBasis: DeadlineBasis;
  hazard: boolean;
  /** At the end of its level when not given. */
  position: number | null;
  active: boolean;
}

export interface TemplateFields {
  /** null: a general template, offered with every category. */
  categoryId?: number | null | undefined;
  textFa?: string | undefined;
  textEn?: string | undefined;
  hotkey?: number | undefined;
}

export interface NewTemplate {
  categoryId: number | null;
  textFa: string;
  textEn: string;
  hotkey: number;
}
