import type { Db } from '../db/index.ts';
import type { Host } from '../shared/index.ts';
import { deleteUserSessions } from './auth-repository.ts';
import { registerAuthRoutes } from './auth-routes.ts';
import { createAuthService, type AuthService } from './auth-service.ts';
import type { SessionUser } from './auth-types.ts';
import { sessionResolver } from './guards.ts';
import { watchSocketSessions, type WatchedNamespace } from './socket-session-watch.ts';

export interface AuthCore extends Host {
  db: Db;
  sessionTtlHours: number;
  /** Mark the session cookie Secure (behind TLS). */
  secureCookies: boolean;
  /** How often open sockets' sessions are checked again (default one minute; tests shorten it). */
  sessionSweepMs?: number;
}

export interface AuthHandle {
  service: AuthService;
  /** Other domains react to a sign-out (the desk closes, the operator leaves the queues). */
  onSignOut(fn: (user: SessionUser) => Promise<void> | void): void;
  /** Close a namespace's sockets whose session ended or whose user no longer passes its rule. */
  watchSockets(ns: WatchedNamespace): void;
  /**
   * End every session of a user now (an admin disabled them, set a new password or role): their
   * sessions are deleted and their open sockets closed at once. Returns how many sessions ended.
   */
  endSessions(userId: string): Promise<number>;
  /** Check every open socket's session and rule now (after an admin changed a user). */
  sweepSockets(): Promise<void>;
}

/**
 * Sessions first: auth must be installed before any domain, because its session resolver is the
 * first plugin of the /api/v1 scope and every guard reads what it found.
 */
export function install(core: AuthCore): AuthHandle {
  const service = createAuthService(core.db, core.sessionTtlHours);
  const signOutHooks: Array<(user: SessionUser) => Promise<void> | void> = [];
  core.api(sessionResolver(service));
  core.api((app) =>
    registerAuthRoutes(app, {
      auth: service,
      secureCookies: core.secureCookies,
      ttlHours: core.sessionTtlHours,
      onSignOut: async (user) => {
        for (const hook of signOutHooks) await hook(user);
      },
    }),
  );
  // One sweep for every namespace: a session token is read once per sweep, whatever its sockets.
  const watched: WatchedNamespace[] = [];
  const stopWatch = watchSocketSessions(watched, service, core.logger.child({ mod: 'sessions' }), core.sessionSweepMs);
  core.onStop(() => stopWatch());
  return {
    service,
    onSignOut: (fn) => signOutHooks.push(fn),
    watchSockets: (ns) => watched.push(ns),
    async endSessions(userId) {
      const ended = await deleteUserSessions(core.db, userId);
      await stopWatch.sweep();
      return ended;
    },
    sweepSockets: () => stopWatch.sweep(),
  };
}
