// Where each role starts: operators at the desk, supervisors and admins on the wallboard, the
// executive units (and viewers, who only read) in the back office's inbox and worklist.
import type { Role } from './server-types.ts';

export function homePage(role: Role): string {
  if (role === 'operator') return '/';
  if (role === 'supervisor' || role === 'admin') return '/wallboard.html';
  return '/office.html';
}

/** Roles that may open the operator desk at all (units, managers and councils never: it is the 137 centre's phone screen). */
export const mayOpenDesk = (role: Role): boolean =>
  role !== 'unit' && role !== 'unit-manager' && role !== 'manager' && role !== 'council';
