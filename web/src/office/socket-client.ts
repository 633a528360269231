// The /office socket: notifications for the bell and "a unit's requests changed" for the lists and
// the open request. Nothing is asked on (re)connect: the page reloads its lists itself then, since
// a change may have been missed while the socket was down.
import { io, type Socket } from 'socket.io-client';
import type { InboxChanged, NotificationItem, OfficeClientEvents, OfficeServerEvents } from './types.ts';

export type Connection = 'connecting' | 'online' | 'offline';

export interface OfficeSocketHandlers {
  notification: (item: NotificationItem, unread: number) => void;
  /** Marked read elsewhere (another tab): the new unread count. */
  read: (unread: number) => void;
  inboxChanged: (e: InboxChanged) => void;
  connection: (c: Connection, reconnected: boolean) => void;
  /** The server closed the socket on purpose or refused it (often: the session ended). */
  kicked: () => void;
}

export function connectOffice(on: OfficeSocketHandlers): Socket<OfficeServerEvents, OfficeClientEvents> {
  const socket: Socket<OfficeServerEvents, OfficeClientEvents> = io('/office', {
    withCredentials: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
  });
  let connectedBefore = false;
  on.connection('connecting', false);
  socket.on('connect', () => {
    on.connection('online', connectedBefore);
    connectedBefore = true;
  });
  socket.on('disconnect', (reason) => {
    on.connection('offline', false);
    if (reason === 'io server disconnect') on.kicked();
  });
  socket.on('connect_error', () => {
    on.connection('offline', false);
    // Refused by the server's middleware: socket.io will not retry by itself.
    if (!socket.active) on.kicked();
  });
  socket.on('notification', (n) => on.notification(n.item, n.unread));
  socket.on('notifications-read', (n) => on.read(n.unread));
  socket.on('inbox-changed', (e) => on.inboxChanged(e));
  return socket;
}
