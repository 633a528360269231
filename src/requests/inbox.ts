import { z } from 'zod';
import { isUnitRole } from '../auth/index.ts';
import { recordAudit, type Db } from '../db/index.ts';
import { forbidden, validationError } from '../shared/index.ts';
import { unitExists } from '../units/index.ts';
import { unknownUnit } from './errors.ts';
import {
  inboxCounters,
  inboxPage,
  type InboxCounters,
  type InboxCursor,
  type InboxItem,
  type InboxView,
} from './inbox-repository.ts';
import { smallId } from './request-schemas.ts';
import type { Actor } from './request-types.ts';

// The unit inbox (GET /office/inbox): what a unit has to do, hazards first and then by deadline,
// with its counters. A unit user sees their own units only; 137 staff name the unit they look at.
// No phone number or name is in it, but it is still a look at citizens' reports: each page is
// written to audit_log ('inbox-viewed') before it is given.

export const INBOX_LIMIT_DEFAULT = 50;
export const INBOX_LIMIT_MAX = 200;
export const INBOX_VIEWS = ['open', 'done', 'returned', 'all'] as const;

export const inboxQuery = z.object({
  unitId: smallId.optional(),
  view: z.enum(INBOX_VIEWS, { error: `view is one of: ${INBOX_VIEWS.join(', ')}` }).optional(),
  cursor: z.string().max(120).optional(),
  limit: z
    .string()
    .regex(/^\d{1,4}$/, 'limit is a number')
    .transform(Number)
    .refine((n) => n >= 1 && n <= INBOX_LIMIT_MAX, { message: `limit is 1 to ${INBOX_LIMIT_MAX}` })
    .optional(),
});
export type InboxQuery = z.infer<typeof inboxQuery>;

export interface InboxPage {
  items: InboxItem[];
  counters: InboxCounters;
  nextCursor: string | null;
}

/** Opaque to clients: base64url of "<view>.<h|n|->.<µs>.<referral id>"; a cursor of another view is refused. */
export function encodeInboxCursor(view: InboxView, c: InboxCursor): string {
  const h = c.notHazard === undefined ? '-' : c.notHazard ? 'n' : 'h';
  return Buffer.from(`${view}.${h}.${c.us}.${c.id}`).toString('base64url');
}

export function decodeInboxCursor(view: InboxView, raw: string): InboxCursor {
  const m = /^([a-z]+)\.([hn-])\.(-?\d{1,17})\.(\d{1,18})$/.exec(Buffer.from(raw, 'base64url').toString('latin1'));
  if (!m || m[1] !== view || (view === 'open') === (m[2] === '-')) {
    throw validationError('Invalid input: cursor: not a cursor this list gave', {
      fields: [{ field: 'cursor', message: 'not a cursor this list gave' }],
    });
  }
  const c: InboxCursor = { us: m[3]!, id: m[4]! };
  if (view === 'open') c.notHazard = m[2] === 'n';
  return c;
}

/** Which units the actor looks at: their own (all of them, or the one named), or the one a staff member names. */
async function unitsOf(db: Db, actor: Actor, unitId: number | undefined): Promise<number[]> {
  if (isUnitRole(actor.role)) {
    const mine = [...(actor.unitIds ?? [])];
    if (unitId === undefined) return mine;
    if (!mine.includes(unitId)) throw forbidden('You can only see the inbox of your own units');
    return [unitId];
  }
  if (unitId === undefined)
    throw validationError('Invalid input: unitId: name the unit whose inbox you want to see', {
      fields: [{ field: 'unitId', message: 'required' }],
    });
  if (!(await unitExists(db, unitId))) throw unknownUnit(unitId);
  return [unitId];
}

export interface Inbox {
  inbox(query: InboxQuery, actor: Actor): Promise<InboxPage>;
}

export function createInbox(db: Db, timeZone: string): Inbox {
  return {
    async inbox(query, actor) {
      const view = query.view ?? 'open';
      const unitIds = await unitsOf(db, actor, query.unitId);
      const after = query.cursor ? decodeInboxCursor(view, query.cursor) : undefined;
      const limit = query.limit ?? INBOX_LIMIT_DEFAULT;
      const [page, counters] = await Promise.all([
        inboxPage(db, { unitIds, view, after, limit }),
        inboxCounters(db, unitIds, timeZone),
      ]);
      await recordAudit(db, actor.userId, 'inbox-viewed', unitIds.length === 1 ? `unit:${unitIds[0]}` : null, {
        unitIds,
        view,
        cursor: query.cursor ?? null,
        results: page.items.map((i) => i.id),
      });
      return { items: page.items, counters, nextCursor: page.next ? encodeInboxCursor(view, page.next) : null };
    },
  };
}
