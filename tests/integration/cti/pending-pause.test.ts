// A supervisor pauses an operator who is on a call: the pause begins when the call is over, but
// the desk and the wallboard show it at once as pending, and the operator is told who paused them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { OperatorStateChanged } from '../../../src/cti/index.ts';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { callReachingOperator, hangUpBoth } from '../../helpers/calls.ts';
import { api, login } from '../../helpers/http.ts';
import { readyOperator, untilState, type Operator } from '../../helpers/operators.ts';
import { connected, deskSocket } from '../../helpers/sockets.ts';
import { waitFor } from '../../helpers/wait.ts';

describe('a pause ordered by a supervisor during a call', () => {
  let app: TestApp;
  let op: Operator;
  let sup: string;
  let desk: Socket;
  const told: OperatorStateChanged[] = [];

  beforeAll(async () => {
    app = await startTestApp();
    op = await readyOperator(app, 'operator1');
    sup = await login(app.url, 'supervisor1');
    desk = deskSocket(app.url, op.cookie);
    desk.on('operator:state', (s: OperatorStateChanged) => told.push(s));
    await connected(desk);
  });

  afterAll(async () => {
    desk?.close();
    await app?.close();
  });

  const live = async () =>
    (await api<Array<{ id: string } & OperatorStateChanged>>(app.url, sup, 'GET', '/api/v1/operators')).body.find(
      (o) => o.id === op.id,
    )!;

  it('is shown as pending with who ordered it, then begins when the call ends', async () => {
    const caller = await callReachingOperator(app, '09121110000', op.endpoint);
    await untilState(app, op, 'talking');
    const r = await api(app.url, sup, 'POST', `/api/v1/operators/${op.id}/pause`, { reason: 'meeting' });
    expect(r.status).toBe(200);

    // Still talking, but the pause is known: on the desk (pushed) and for the wallboard (the API).
    // (Asterisk's QueueMemberPause may be told first, before the action's answer names the supervisor.)
    const pending = await waitFor(() => told.find((s) => s.pausedBy), 5000, 'pending pause pushed');
    expect(pending).toMatchObject({ state: 'talking', pendingPause: 'meeting', pausedBy: 'سرپرست شیفت' });
    expect(await live()).toMatchObject({ state: 'talking', pendingPause: 'meeting', pausedBy: 'سرپرست شیفت' });

    await hangUpBoth(app, op.endpoint, caller);
    await untilState(app, op, 'paused');
    expect(await live()).toMatchObject({
      state: 'paused',
      reason: 'meeting',
      pendingPause: null,
      pausedBy: 'سرپرست شیفت',
    });
    expect(told.at(-1)).toMatchObject({ state: 'paused', reason: 'meeting', pausedBy: 'سرپرست شیفت' });

    // The operator's own Ready ends it; their own pause names nobody.
    await api(app.url, op.cookie, 'POST', '/api/v1/operators/me/state', { state: 'ready' });
    await untilState(app, op, 'ready');
    await api(app.url, op.cookie, 'POST', '/api/v1/operators/me/state', { state: 'paused', reason: 'break' });
    await untilState(app, op, 'paused');
    expect(await live()).toMatchObject({ state: 'paused', reason: 'break', pausedBy: null, pendingPause: null });
  });
});
