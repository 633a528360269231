// Where each role starts: operators at the desk, supervisors and admins on the wallboard, the
// executive units (and viewers, who only read) in the back office's inbox and worklist. The city's
// manager starts in the back office too (the requests are their work) and may open the wallboard
// from its header, read only; a council member starts on their neighbourhoods' analytics.
import type { Role } from './server-types.ts';

export function homePage(role: Role): string {
  if (role === 'operator') return '/';
  if (role === 'supervisor' || role === 'admin') return '/wallboard.html';
  return '/office.html';
}

/** Roles that may open the wallboard: the city's manager only watches (the server refuses their actions). */
export const mayWatchWallboard = (role: Role): boolean =>
  role === 'supervisor' || role === 'admin' || role === 'manager';

/** Roles that may open the operator desk at all (units, managers and councils never: it is the 137 centre's phone screen). */
export const mayOpenDesk = (role: Role): boolean =>
  role !== 'unit' && role !== 'unit-manager' && role !== 'manager' && role !== 'council';
