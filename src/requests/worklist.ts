import { z } from 'zod';
import { isUnitRole } from '../auth/index.ts';
import { recordAudit, type Db } from '../db/index.ts';
import { dateString, forbidden, validationError } from '../shared/index.ts';
import type { Actor } from './request-types.ts';
import { CHANNELS, REQUEST_STATUSES, type RequestStatus } from './request-types.ts';
import { smallId } from './request-schemas.ts';
import { isValidTrackingCode } from './tracking-code.ts';
import {
  foldSearchText,
  worklistPage,
  type WorklistCursor,
  type WorklistFilter,
  type WorklistItem,
} from './worklist-repository.ts';

// The 137 worklist: GET /api/v1/requests without trackingCode or phone. Its query schema, the
// opaque cursor, and the audited read. A list shows no phone number or name, but it is still a
// look at citizens' reports: every page is written to audit_log (with its filters) before it is given.

/** Named, not "any signed-in user": a role added later must not see the whole city's list. */
const WORKLIST_ROLES: ReadonlySet<string> = new Set(['supervisor', 'admin', 'viewer', 'operator', 'manager']);

/**
 * The units whose requests a unit user's list is held to: the one asked for (403 when it is not
 * theirs), else all of theirs. null for the 137 staff (the whole city).
 */
function unitScope(query: Pick<WorklistQuery, 'unitId'>, actor: Actor): number[] | null {
  if (!isUnitRole(actor.role)) {
    if (!WORKLIST_ROLES.has(actor.role)) throw forbidden('Your role does not allow the 137 worklist');
    return null;
  }
  const mine = actor.unitIds ?? [];
  if (query.unitId === undefined) return [...mine];
  if (!mine.includes(query.unitId)) throw forbidden("You can list only your own units' requests");
  return [query.unitId];
}

/**
 * A council's text search may not hold a number (5 digits or more, but a tracking code): the
 * search reads the citizens' own words, so a phone number typed in would find who gave it.
 */
function refuseNumberSearch(q: string | undefined): void {
  const digits = foldSearchText(q ?? '').replace(/\D/g, '');
  if (digits.length >= 5 && !(digits.length === 8 && isValidTrackingCode(digits)))
    throw forbidden('A council searches words or a tracking code, not numbers: a number may be a citizen’s phone');
}

/**
 * What the actor's list (and export) is held to, as filter conditions: a council member's
 * neighbourhoods (any other filter narrows within them), a unit user's units, nothing for the 137
 * staff and the city's managers. Every other role is refused.
 */
export function worklistScope(
  query: Pick<WorklistQuery, 'unitId' | 'q'>,
  actor: Actor,
): Pick<WorklistFilter, 'unitId' | 'unitIds' | 'neighbourhoodIds'> {
  if (actor.role === 'council') {
    refuseNumberSearch(query.q);
    return { neighbourhoodIds: [...(actor.neighbourhoodIds ?? [])] };
  }
  const units = unitScope(query, actor);
  if (!units) return {};
  return units.length === 1 ? { unitId: units[0] } : { unitIds: units };
}

export const WORKLIST_LIMIT_DEFAULT = 50;
export const WORKLIST_LIMIT_MAX = 200;

const opt = <T extends z.ZodType>(s: T) => s.optional();
const bool = (what: string) => z.enum(['true', 'false'], { error: `${what} is true or false` });

const statusList = z
  .string()
  .max(200)
  .transform((s) => s.split(',').map((x) => x.trim()))
  .refine((l) => l.every((x) => (REQUEST_STATUSES as readonly string[]).includes(x)), {
    message: `status is a comma list of: ${REQUEST_STATUSES.join(', ')}`,
  })
  .transform((l) => [...new Set(l)] as RequestStatus[]);

export const worklistQuery = z
  .object({
    status: opt(statusList),
    unitId: opt(smallId),
    categoryId: opt(smallId),
    districtId: opt(smallId),
    neighbourhoodId: opt(smallId),
    channel: opt(z.enum(CHANNELS, { error: `channel is one of: ${CHANNELS.join(', ')}` })),
    hazard: opt(bool('hazard')),
    overdue: opt(bool('overdue')),
    from: opt(dateString('from: the first creation day')),
    to: opt(dateString('to: the last creation day')),
    q: opt(z.string().trim().max(200, 'q has at most 200 characters')),
    cursor: opt(z.string().max(100)),
    limit: opt(
      z
        .string()
        .regex(/^\d{1,4}$/, 'limit is a number')
        .transform(Number)
        .refine((n) => n >= 1 && n <= WORKLIST_LIMIT_MAX, { message: `limit is 1 to ${WORKLIST_LIMIT_MAX}` }),
    ),
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, { error: 'from must not be after to', path: ['from'] });

export type WorklistQuery = z.infer<typeof worklistQuery>;

export interface WorklistPage {
  items: WorklistItem[];
  nextCursor: string | null;
}

export interface Worklist {
  /** One page of the 137 worklist; the look is written to audit_log ('worklist-viewed') first. */
  worklist(query: WorklistQuery, actor: Actor): Promise<WorklistPage>;
}

/** The cursor is opaque to clients: base64url of "<created_at µs>.<id>". */
export function encodeCursor(c: WorklistCursor): string {
  return Buffer.from(`${c.us}.${c.id}`).toString('base64url');
}

function decodeCursor(raw: string): WorklistCursor {
  const m = /^(\d{1,17})\.(\d{1,18})$/.exec(Buffer.from(raw, 'base64url').toString('latin1'));
  if (!m) {
    throw validationError('Invalid input: cursor: not a cursor this list gave', {
      fields: [{ field: 'cursor', message: 'not a cursor this list gave' }],
    });
  }
  return { us: m[1]!, id: m[2]! };
}

const flag = (v: 'true' | 'false' | undefined): boolean | undefined => (v === undefined ? undefined : v === 'true');

export function createWorklist(db: Db, timeZone: string): Worklist {
  return {
    async worklist(query, actor) {
      const scope = worklistScope(query, actor);
      const { cursor, limit, q, ...filters } = query;
      const text = q ? foldSearchText(q) : '';
      const page = await worklistPage(
        db,
        {
          ...filters,
          ...scope,
          statuses: query.status,
          hazard: flag(query.hazard),
          overdue: flag(query.overdue),
          text: text || undefined,
          after: cursor ? decodeCursor(cursor) : undefined,
          limit: limit ?? WORKLIST_LIMIT_DEFAULT,
        },
        timeZone,
      );
      await recordAudit(db, actor.userId, 'worklist-viewed', null, {
        filters: { ...filters, ...(q ? { q } : {}) },
        cursor: cursor ?? null,
        results: page.items.length,
      });
      return { items: page.items, nextCursor: page.next ? encodeCursor(page.next) : null };
    },
  };
}
