/**
 * 137 staff (operator, supervisor, admin, viewer) and the executive units' people: `unit` staff and
 * their `unit-manager`, who see only their units' requests and never a citizen's phone number.
 */
export type Role = 'operator' | 'supervisor' | 'admin' | 'viewer' | 'unit' | 'unit-manager';

/** The roles of the 137 centre itself (everyone but the executive units). */
export const STAFF_ROLES: readonly Role[] = ['operator', 'supervisor', 'admin', 'viewer'];
/** The executive units' roles. */
export const UNIT_ROLES: readonly Role[] = ['unit', 'unit-manager'];
export const isUnitRole = (role: Role): boolean => role === 'unit' || role === 'unit-manager';

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  operatorId: string | null;
  extension: string | null;
  /** The units a unit user works for (empty for 137 staff). */
  unitIds: number[];
}
