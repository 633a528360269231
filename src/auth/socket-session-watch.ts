import type { Namespace } from 'socket.io';
import type { Logger } from '../shared/logger.ts';
import { parseCookie } from '../shared/cookies.ts';
import { SESSION_COOKIE, type AuthService } from './auth-service.ts';

/**
 * Sockets are authenticated once, at the handshake. A session can end later (its time limit, a
 * sign-out elsewhere, a disabled user): every `intervalMs` each socket's session is checked again
 * and the socket is closed when it is gone, so personal data stops flowing to a stale tab.
 */
export function watchSocketSessions(namespaces: Namespace[], auth: AuthService, logger: Logger, intervalMs = 60_000): () => void {
  const timer = setInterval(() => void sweep(), intervalMs);
  timer.unref();
  async function sweep(): Promise<void> {
    const verdicts = new Map<string, Promise<boolean>>();
    for (const nsp of namespaces) {
      for (const socket of nsp.sockets.values()) {
        const token = parseCookie(socket.handshake.headers.cookie, SESSION_COOKIE) ?? '';
        let alive = verdicts.get(token);
        if (!alive) {
          alive = auth.authenticate(token).then((u) => u !== null, () => true); // a database hiccup is not a sign-out
          verdicts.set(token, alive);
        }
        if (!(await alive)) {
          logger.info({ nsp: nsp.name }, 'session ended: closing its socket');
          socket.disconnect(true);
        }
      }
    }
  }
  return () => clearInterval(timer);
}
