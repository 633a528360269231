// Who is signed in and what they may do (in progress: the rest of auth's exports move here).
export type { Role, SessionUser } from './auth-types.ts';
