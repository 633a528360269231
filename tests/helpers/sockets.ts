// Signing in over socket.io: the desk's socket with a session cookie, and what became of a
// connection attempt (in, or the server's refusal).
import { io as ioClient, type Socket } from 'socket.io-client';

/** A /desk socket with this session cookie (not yet connected: add listeners, then await `connected`). */
export function deskSocket(baseUrl: string, cookie: string): Socket {
  return ioClient(`${baseUrl}/desk`, { extraHeaders: { cookie }, transports: ['websocket'], reconnection: false });
}

/** Resolves once the socket is connected; rejects with the server's refusal. */
export function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.connected) return resolve();
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => reject(err));
  });
}

/** 'connected', or the message of the server's refusal (e.g. "FORBIDDEN: …"). */
export function connectOutcome(socket: Socket): Promise<string> {
  return connected(socket).then(
    () => 'connected',
    (err: Error) => err.message,
  );
}

/** A desk socket signed in with this cookie, connected. */
export async function openDesk(baseUrl: string, cookie: string): Promise<Socket> {
  const socket = deskSocket(baseUrl, cookie);
  await connected(socket);
  return socket;
}

/** Resolves when the socket is disconnected (by the server or the network) with the reason; rejects after `timeoutMs`. */
export function disconnected(socket: Socket, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out waiting for the socket to be closed')), timeoutMs);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}
