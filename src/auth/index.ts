// Who is signed in and what they may do: sessions, users, the login throttle, role guards for
// routes and socket namespaces. Domains take their guards from here.
export type { Role, SessionUser } from './auth-types.ts';
export { requireRole, currentUser, currentOperatorId, sessionResolver } from './guards.ts';
export { createAuthService, SESSION_COOKIE, type AuthService } from './auth-service.ts';
export { registerAuthRoutes } from './auth-routes.ts';
export { watchSocketSessions } from './socket-session-watch.ts';
export { seedDemoUsers, type DemoUser } from './demo-users.ts';
