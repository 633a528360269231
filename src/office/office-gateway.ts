import type { Namespace, Server, Socket } from 'socket.io';
import { SESSION_COOKIE, STAFF_ROLES, isUnitRole, type AuthService, type SessionUser } from '../auth/index.ts';
import { parseCookie, type Logger } from '../shared/index.ts';
import type { InboxChanged, NotificationItem, OfficeClientEvents, OfficeServerEvents } from './office-types.ts';

type OfficeSocket = Socket<OfficeClientEvents, OfficeServerEvents, Record<string, never>, { user: SessionUser }>;

export const userRoom = (userId: string) => `user:${userId}`;
export const unitRoom = (unitId: number) => `unit:${unitId}`;
/** 137 staff: every change of any unit's requests refreshes their worklist (no personal data in it). */
export const STAFF_ROOM = 'staff';

const sameUnits = (a: number[], b: number[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

/**
 * Whether a socket may stay: it joined its rooms by role and units at the handshake, so a user
 * whose role or units changed is closed (the browser reconnects and joins the right rooms).
 */
export const mayStayOnOffice = (user: SessionUser, admittedAs: SessionUser | undefined): boolean =>
  !!admittedAs && admittedAs.role === user.role && sameUnits(admittedAs.unitIds, user.unitIds);

/**
 * socket.io namespace /office: every signed-in user gets their own notifications (room user:<id>);
 * unit users also the changes of their units' inboxes (unit:<id>), 137 staff those of every unit
 * (staff). The session cookie is checked at the handshake like /desk and /wallboard (the Origin is
 * checked by the server for every namespace); the browser sends nothing here.
 */
export class OfficeGateway {
  readonly nsp: Namespace<OfficeClientEvents, OfficeServerEvents>;

  constructor(io: Server, auth: AuthService, logger: Logger) {
    this.nsp = io.of('/office');
    this.nsp.use(async (socket, next) => {
      try {
        const user = await auth.authenticate(parseCookie(socket.handshake.headers.cookie, SESSION_COOKIE));
        if (!user) return next(new Error('UNAUTHENTICATED: sign in again'));
        (socket as OfficeSocket).data.user = user;
        next();
      } catch (err) {
        logger.error({ err: (err as Error).message }, 'office socket auth failed');
        next(new Error('UNAVAILABLE: try again in a moment'));
      }
    });
    this.nsp.on('connection', (s) => {
      const user = (s as OfficeSocket).data.user;
      const rooms = [userRoom(user.id)];
      if (isUnitRole(user.role)) rooms.push(...user.unitIds.map(unitRoom));
      // The city's managers read the whole worklist like 137 staff; councils get only their own
      // (empty) room: the staff room's events name requests of every neighbourhood.
      else if (STAFF_ROLES.includes(user.role) || user.role === 'manager') rooms.push(STAFF_ROOM);
      void s.join(rooms);
    });
  }

  /** Through the adapter: the user's tabs on every node hear it. */
  notification(userId: string, item: NotificationItem, unread: number): void {
    this.nsp.to(userRoom(userId)).emit('notification', { item, unread });
  }

  notificationsRead(userId: string, unread: number): void {
    this.nsp.to(userRoom(userId)).emit('notifications-read', { unread });
  }

  /** To the unit's room (and those of `alsoUnits`, e.g. the unit a re-referral took it from) and to 137 staff. */
  inboxChanged(e: InboxChanged, alsoUnits: number[] = []): void {
    const units = [...new Set([e.unitId, ...alsoUnits].filter((u): u is number => u !== null))];
    // One unit told what the staff are told (every new referral): one broadcast to both rooms, one
    // message through the cluster's Redis stream instead of two (unit and staff rooms never share a socket).
    if (units.length === 1 && units[0] === e.unitId) {
      this.nsp.to([unitRoom(e.unitId), STAFF_ROOM]).emit('inbox-changed', e);
      return;
    }
    for (const unitId of units) this.nsp.to(unitRoom(unitId)).emit('inbox-changed', { ...e, unitId });
    this.nsp.to(STAFF_ROOM).emit('inbox-changed', e);
  }
}
