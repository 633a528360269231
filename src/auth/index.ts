// Who is signed in and what they may do: sessions, users, the login throttle, role guards for
// routes and socket namespaces. Domains take their guards from here.
export { ROLES, STAFF_ROLES, UNIT_ROLES, isUnitRole, type Role, type SessionUser } from './auth-types.ts';
export { requireRole, currentUser, currentOperatorId, sessionResolver } from './guards.ts';
export { createAuthService, hashPassword, SESSION_COOKIE, type AuthService } from './auth-service.ts';
export { watchSocketSessions, type WatchedNamespace } from './socket-session-watch.ts';
export { seedDemoUsers, DEMO_USERS, DemoRefusedError, type DemoUser, type SeededDemoUser } from './demo-users.ts';
export { upsertUser, upsertOperator, existingNeighbourhoods, replaceCouncilNeighbourhoods } from './auth-repository.ts';
export { install, type AuthCore, type AuthHandle } from './install.ts';
