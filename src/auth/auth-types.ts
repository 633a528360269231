/**
 * 137 staff (operator, supervisor, admin, viewer); the executive units' people: `unit` staff and
 * their `unit-manager`, who see only their units' requests and never a citizen's phone number;
 * the city's `manager`, who reads everything and changes nothing; and neighbourhood `council`
 * members, who read figures and requests of their own neighbourhoods only, never a person's data.
 */
export type Role = 'operator' | 'supervisor' | 'admin' | 'viewer' | 'unit' | 'unit-manager' | 'manager' | 'council';

/** The roles of the 137 centre itself (everyone but the executive units). */
export const STAFF_ROLES: readonly Role[] = ['operator', 'supervisor', 'admin', 'viewer'];
/** The executive units' roles. */
export const UNIT_ROLES: readonly Role[] = ['unit', 'unit-manager'];
export const isUnitRole = (role: Role): boolean => role === 'unit' || role === 'unit-manager';
/** Every role, for pick lists and checks of input. */
export const ROLES: readonly Role[] = [...STAFF_ROLES, ...UNIT_ROLES, 'manager', 'council'];

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  operatorId: string | null;
  extension: string | null;
  /** The units a unit user works for (empty for 137 staff). */
  unitIds: number[];
  /** The neighbourhoods a council member speaks for (empty for everyone else). */
  neighbourhoodIds: number[];
}
