import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { currentUser, requireRole, STAFF_ROLES, UNIT_ROLES } from '../auth/index.ts';
import type { Db } from '../db/index.ts';
import { apiDoc, parseInput, validationError } from '../shared/index.ts';
import { listNotifications, markRead, unreadCounts } from './notification-repository.ts';
import type { OfficeGateway } from './office-gateway.ts';
import type { NotificationItem, NotificationPage } from './office-types.ts';

export const NOTIFICATIONS_LIMIT_DEFAULT = 20;
export const NOTIFICATIONS_LIMIT_MAX = 100;

const listQuery = z
  .object({
    unread: z.enum(['true', 'false']).optional(),
    cursor: z.string().max(100).optional(),
    limit: z.coerce.number().int().min(1).max(NOTIFICATIONS_LIMIT_MAX).optional(),
  })
  .strict();
const readBody = z
  .object({
    ids: z
      .array(z.string().regex(/^\d{1,18}$/, 'a notification id'))
      .min(1)
      .max(500)
      .optional(),
    all: z.boolean().optional(),
  })
  .strict()
  .refine((b) => (b.ids !== undefined) !== (b.all === true), 'either ids or all: true');

/** The keyset of the last item of a page: (created_at in µs, id), opaque to the browser. */
const encodeCursor = (p: { us: string; id: string }) => Buffer.from(`${p.us}.${p.id}`).toString('base64url');

function decodeCursor(s: string): { us: string; id: string } {
  const m = /^(\d{1,18})\.(\d{1,18})$/.exec(Buffer.from(s, 'base64url').toString());
  if (!m)
    throw validationError('Invalid input: cursor: not a cursor this list gave', {
      fields: [{ field: 'cursor', message: 'not a cursor this list gave' }],
    });
  return { us: m[1]!, id: m[2]! };
}

/** The bell: each signed-in user reads and marks only their own notifications. */
export function registerNotificationRoutes(app: FastifyInstance, d: { db: Db; gateway: OfficeGateway }): void {
  const everyone = { preHandler: requireRole(...STAFF_ROLES, ...UNIT_ROLES) };

  const listDoc = apiDoc({
    summary: "The bell: the signed-in user's own notifications, newest first (cursor pages)",
    tags: 'office',
    querystring: listQuery,
  });
  app.get('/notifications', { ...everyone, schema: listDoc }, async (req): Promise<NotificationPage> => {
    const q = parseInput(listQuery, req.query);
    const userId = currentUser(req).id;
    const limit = q.limit ?? NOTIFICATIONS_LIMIT_DEFAULT;
    const before = q.cursor ? decodeCursor(q.cursor) : null;
    const [rows, unread] = await Promise.all([
      listNotifications(d.db, { userId, unreadOnly: q.unread === 'true', before, limit: limit + 1 }),
      unreadCounts(d.db, [userId]),
    ]);
    const page = rows.slice(0, limit);
    const items: NotificationItem[] = page.map(({ userId: _u, position: _p, ...item }) => item);
    const nextCursor = rows.length > limit ? encodeCursor(page.at(-1)!.position) : null;
    return { items, unread: unread.get(userId) ?? 0, nextCursor };
  });

  const readDoc = apiDoc({
    summary: 'Mark some or all of your notifications read',
    tags: 'office',
    body: readBody,
    response: { 200: z.object({ unread: z.number().int() }) },
  });
  app.post('/notifications/read', { ...everyone, schema: readDoc }, async (req) => {
    const body = parseInput(readBody, req.body);
    const userId = currentUser(req).id;
    await markRead(d.db, userId, body.all ? null : body.ids!);
    const unread = (await unreadCounts(d.db, [userId])).get(userId) ?? 0;
    // The user's other tabs put the same count on their bell.
    d.gateway.notificationsRead(userId, unread);
    return { unread };
  });
}
