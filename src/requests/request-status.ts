import { isUnitRole, type Role } from '../auth/index.ts';
import { AppError, forbidden } from '../shared/index.ts';
import type { EventKind, RequestStatus } from './request-types.ts';

// The life cycle of a 137 request (Hamedan's description): register → refer to the executive unit
// → follow up until done → ask the citizen → special follow-up when they are not satisfied → close.
// Special follow-up sends the request back to the unit, so the cycle can run again. A unit that
// says "not ours" returns it; 137 refers it again (POST /requests/:id/referrals, or here).
const NEXT: Record<RequestStatus, readonly RequestStatus[]> = {
  registered: ['referred'],
  returned: ['referred'],
  referred: ['in-progress', 'done'],
  'in-progress': ['done'],
  done: ['feedback-positive', 'feedback-negative', 'special-follow-up'],
  'feedback-positive': ['closed'],
  'feedback-negative': ['special-follow-up'],
  'special-follow-up': ['in-progress', 'done'],
  closed: [],
};

/** Roles that may close a request before the citizen said they are satisfied (with a reason). */
const EARLY_CLOSERS: readonly Role[] = ['supervisor', 'admin'];

export const isOpenStatus = (s: string): boolean => s !== 'closed';

/** What a unit may do to a request it holds, and from which statuses (the 137 staff do the rest). */
const UNIT_ACTIONS: Partial<Record<RequestStatus, readonly RequestStatus[]>> = {
  'in-progress': ['referred', 'special-follow-up'],
  done: ['referred', 'in-progress', 'special-follow-up'],
  returned: ['referred', 'in-progress', 'special-follow-up'],
};

/**
 * Throws unless a unit may move its request from `from` to `to`. Reporting it done needs a note
 * (what was done), returning it needs the reason: both are read back to the citizen or to 137.
 */
export function checkUnitAction(from: RequestStatus, to: RequestStatus, note: string | undefined): void {
  const allowedFrom = UNIT_ACTIONS[to];
  if (!allowedFrom) {
    throw forbidden('A unit can accept a request ("in-progress"), report it "done" or return it to 137 ("returned")');
  }
  if (!allowedFrom.includes(from)) {
    const allowed = (Object.keys(UNIT_ACTIONS) as RequestStatus[]).filter((s) => UNIT_ACTIONS[s]!.includes(from));
    throw new AppError('INVALID_TRANSITION', 409, `A request that is "${from}" cannot become "${to}"`, {
      from,
      to,
      allowed,
    });
  }
  if ((to === 'done' || to === 'returned') && !note?.trim()) {
    const what = to === 'done' ? 'what was done' : 'why it is not your unit’s (the reason goes to 137)';
    throw new AppError('NOTE_REQUIRED', 400, `Write ${what} in "note"`, {
      fields: [{ field: 'note', message: 'required' }],
    });
  }
}

export function allowedNextStatuses(from: RequestStatus, role: Role): RequestStatus[] {
  if (isUnitRole(role))
    return (Object.keys(UNIT_ACTIONS) as RequestStatus[]).filter((s) => UNIT_ACTIONS[s]!.includes(from));
  const next = [...NEXT[from]];
  if (from !== 'closed' && !next.includes('closed') && EARLY_CLOSERS.includes(role)) next.push('closed');
  return next;
}

/**
 * Throws unless `role` may move a request from `from` to `to`. Early closing is a supervisor's
 * decision that must be explained to the citizen, so it needs a reason.
 */
export function checkTransition(from: RequestStatus, to: RequestStatus, role: Role, note: string | undefined): void {
  if (role === 'viewer') throw forbidden('Viewers can read requests but not change them');
  if (isUnitRole(role)) return checkUnitAction(from, to, note);
  if (NEXT[from].includes(to)) return;
  if (to === 'closed' && from !== 'closed') {
    if (!EARLY_CLOSERS.includes(role)) {
      throw forbidden('Only a supervisor or an admin can close a request before the citizen confirms it is solved');
    }
    if (!note?.trim()) {
      throw new AppError(
        'CLOSE_REASON_REQUIRED',
        400,
        'Write the reason for closing this request early in "note"; the citizen will be told it',
      );
    }
    return;
  }
  const allowed = allowedNextStatuses(from, role);
  throw new AppError(
    'INVALID_TRANSITION',
    409,
    from === 'closed'
      ? 'This request is closed; register a new request if the problem came back'
      : `A request that is "${from}" cannot become "${to}"; next it can be: ${allowed.join(', ')}`,
    { from, to, allowed },
  );
}

/** The life-cycle log entry a transition writes. */
export function eventKindFor(to: RequestStatus): EventKind {
  switch (to) {
    case 'referred':
      return 'referred';
    case 'feedback-positive':
    case 'feedback-negative':
      return 'feedback';
    case 'special-follow-up':
      return 'special-follow-up';
    case 'closed':
      return 'closed';
    case 'returned':
      return 'returned';
    default:
      return 'followed-up';
  }
}
