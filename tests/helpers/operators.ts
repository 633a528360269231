// Operators as the tests drive them: signed in over REST, their queue state set the way the desk
// sets it, and their live state read from the server (by phone or by operator id).
import { expect } from 'vitest';
import type { OperatorState, OperatorStateChanged } from '../../src/cti/index.ts';
import type { TestApp } from './app.ts';
import { api, login } from './http.ts';
import { waitFor } from './wait.ts';

export interface Operator {
  cookie: string;
  /** The operator id (operators.id), as the REST API and the wallboard name them. */
  id: string;
  /** Their phone's extension: "1001" is PJSIP/1001. */
  endpoint: string;
}

/** Signs an operator in over REST; their phone comes from the session (`/auth/me`). */
export async function signIn(app: TestApp, username: string): Promise<Operator> {
  const cookie = await login(app.url, username);
  const me = await api<{ user: { operatorId: string; extension: string } }>(app.url, cookie, 'GET', '/api/v1/auth/me');
  return { cookie, id: String(me.body.user.operatorId), endpoint: me.body.user.extension };
}

/**
 * POST /operators/me/state as the desk's buttons do (a pause needs a reason); expects 200 and
 * returns the new state the server answered.
 */
export async function setState(
  app: TestApp,
  who: Pick<Operator, 'cookie'>,
  state: 'ready' | 'logged-out' | 'paused',
  reason = 'break',
): Promise<OperatorStateChanged> {
  const body = state === 'paused' ? { state, reason } : { state };
  const r = await api<OperatorStateChanged>(app.url, who.cookie, 'POST', '/api/v1/operators/me/state', body);
  expect(r.status).toBe(200);
  return r.body;
}

/** Signs an operator in and presses Ready. */
export async function readyOperator(app: TestApp, username: string): Promise<Operator> {
  const op = await signIn(app, username);
  await setState(app, op, 'ready');
  return op;
}

/** The live state the server holds for an operator, given as their extension ("1001") or themselves. */
export function operatorState(app: TestApp, who: string | Operator): OperatorState | undefined {
  const id = typeof who === 'string' ? app.directory.byInterface(`PJSIP/${who}`)?.id : who.id;
  return id === undefined ? undefined : app.operators.snapshot(id).state;
}

/** Waits until the operator's live state is one of `states`. */
export function untilState(app: TestApp, who: string | Operator, ...states: OperatorState[]): Promise<true> {
  const name = typeof who === 'string' ? `PJSIP/${who}` : `PJSIP/${who.endpoint}`;
  return waitFor(() => states.includes(operatorState(app, who)!), 10_000, `${name} ${states.join(' or ')}`);
}

/** The operator is back to ready (wrap-up over), as the next call needs. */
export const untilReady = (app: TestApp, who: string | Operator) => untilState(app, who, 'ready');

/** Every operator as GET /api/v1/operators lists them (a supervisor's view), by id. */
export async function liveOperators(
  app: TestApp,
  cookie: string,
): Promise<Map<string, { state: string; reason: string | null }>> {
  const r = await api<Array<{ id: string; state: string; reason: string | null }>>(
    app.url,
    cookie,
    'GET',
    '/api/v1/operators',
  );
  return new Map(r.body.map((o) => [o.id, o]));
}
