// The /wallboard socket: `snapshot` after every (re)connect, then updates on top of it. The
// server joins this socket to the supervisors' room only once it has its snapshot, so no update
// can arrive before the picture it applies to.
import { io, type Socket } from 'socket.io-client';
import type { WallboardClientEvents, WallboardServerEvents } from './types.ts';
import type { WallboardStore } from './store.ts';

export function connectWallboard(
  store: WallboardStore,
  onKicked: () => void,
): Socket<WallboardServerEvents, WallboardClientEvents> {
  const socket: Socket<WallboardServerEvents, WallboardClientEvents> = io('/wallboard', {
    withCredentials: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
  });

  const askSnapshot = (attempt: number) => {
    socket.timeout(8000).emit('snapshot', (err, r) => {
      if (err || !r.ok) {
        if (socket.connected && attempt < 6) setTimeout(() => askSnapshot(attempt + 1), 1000 * attempt);
        return;
      }
      store.snapshot(r.data);
      store.setConnection('online');
    });
  };

  socket.on('connect', () => askSnapshot(1));
  socket.on('disconnect', (reason) => {
    store.setConnection('offline');
    if (reason === 'io server disconnect') onKicked();
  });
  socket.on('connect_error', () => {
    store.setConnection('offline');
    // Refused by the server (session over, or not a supervisor): socket.io will not retry.
    if (!socket.active) onKicked();
  });
  socket.on('update', (u) => store.update(u));
  return socket;
}
