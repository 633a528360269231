import type { Namespace, Socket } from 'socket.io';
import type { Logger } from '../shared/index.ts';
import { parseCookie } from '../shared/index.ts';
import { SESSION_COOKIE, type AuthService } from './auth-service.ts';
import type { SessionUser } from './auth-types.ts';

/**
 * A namespace to watch and who may stay in it: the same rule its handshake applied (the wallboard
 * needs a supervisor or admin; the desk an operator with a phone). `socketUser` is who the socket
 * was admitted as (its `data.user`); a socket now belonging to someone else is closed too.
 */
export interface WatchedNamespace {
  nsp: Namespace;
  allowed: (user: SessionUser, admittedAs: SessionUser | undefined) => boolean;
}

export type SessionVerdict = 'ok' | 'session-ended' | 'not-allowed';

/**
 * Sockets are authenticated once, at the handshake. A session can end later (its time limit, a
 * sign-out elsewhere, a disabled user), and a user can lose the role a namespace needs (a
 * demoted supervisor must stop receiving the wallboard): every `intervalMs` each socket's session
 * is read again (with the user's current role) and the socket is closed when the session is gone
 * or the namespace's rule no longer admits the user, so personal data stops flowing to a stale tab.
 * Returns the stop function; `sweep` runs one check now (after an admin changed a user).
 */
export function watchSocketSessions(
  namespaces: WatchedNamespace[],
  auth: AuthService,
  logger: Logger,
  intervalMs = 60_000,
): (() => void) & { sweep: () => Promise<void> } {
  const timer = setInterval(() => void sweep(), intervalMs);
  timer.unref();
  let running: Promise<void> | null = null;
  let next: Promise<void> | null = null;
  // A sweep asked for while one runs comes after it: the running one may have read a session
  // before it was ended (an admin disabling a user waits for a sweep that sees it gone).
  function sweep(): Promise<void> {
    if (!running) return (running = sweepOnce().finally(() => (running = null)));
    next ??= running
      .catch(() => undefined)
      .then(() => {
        next = null;
        return sweep();
      });
    return next;
  }
  async function sweepOnce(): Promise<void> {
    // One read per session token per sweep, shared by its sockets in every namespace.
    const users = new Map<string, Promise<SessionUser | null | 'unknown'>>();
    for (const { nsp, allowed } of namespaces) {
      for (const socket of [...nsp.sockets.values()]) {
        const token = parseCookie(socket.handshake.headers.cookie, SESSION_COOKIE) ?? '';
        let user = users.get(token);
        if (!user) {
          user = auth.authenticate(token).catch(() => 'unknown' as const); // a database hiccup is not a sign-out
          users.set(token, user);
        }
        const verdict = judge(await user, socket, allowed);
        if (verdict === 'ok') continue;
        const u = admittedAs(socket);
        logger.info(
          { nsp: nsp.name, user: u?.username, verdict },
          verdict === 'session-ended'
            ? 'session ended: closing its socket'
            : 'user no longer allowed here: closing its socket',
        );
        socket.disconnect(true);
      }
    }
  }
  const stop = Object.assign(() => clearInterval(timer), { sweep });
  return stop;
}

function admittedAs(socket: Socket): SessionUser | undefined {
  return (socket.data as { user?: SessionUser } | undefined)?.user;
}

function judge(
  user: SessionUser | null | 'unknown',
  socket: Socket,
  allowed: WatchedNamespace['allowed'],
): SessionVerdict {
  if (user === 'unknown') return 'ok';
  if (!user) return 'session-ended';
  const was = admittedAs(socket);
  if (was && was.id !== user.id) return 'not-allowed';
  return allowed(user, was) ? 'ok' : 'not-allowed';
}
