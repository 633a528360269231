import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SpyStarted } from '../../../src/wallboard/index.ts';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { answerPhone, hangUpBoth, hangUpPhone, placeCall } from '../../helpers/calls.ts';
import { amiActions, emulatorState } from '../../helpers/emulator-control.ts';
import { api, login } from '../../helpers/http.ts';
import { setState } from '../../helpers/operators.ts';
import { waitFor } from '../../helpers/wait.ts';
import { openWallboard, type TestWallboard } from './wallboard-client.ts';

describe('supervisor actions', () => {
  let app: TestApp;
  let sup: string;
  let admin: string;
  let op1: string;
  let wb: TestWallboard;
  let opId: string;
  let supId: string;

  beforeAll(async () => {
    app = await startTestApp();
    [sup, admin, op1] = await Promise.all([
      login(app.url, 'supervisor1'),
      login(app.url, 'admin'),
      login(app.url, 'operator1'),
    ]);
    wb = openWallboard(app.url, sup);
    await waitFor(() => wb.picture !== null, 5000, 'snapshot');
    opId = app.directory.byInterface('PJSIP/1001')!.id;
    supId = (await app.db.query<{ id: string }>(`SELECT id::text FROM users WHERE username = 'supervisor1'`)).rows[0]!
      .id;
  });

  afterAll(async () => {
    wb?.close();
    await app?.close();
  });

  const auditRows = async (action: string) =>
    (
      await app.db.query<{ user_id: string; target: string; details: Record<string, unknown> }>(
        `SELECT user_id::text, target, details FROM audit_log WHERE action = $1 ORDER BY id`,
        [action],
      )
    ).rows;

  it('refuses a spy on an operator who is not in the queue, and refuses operators outright', async () => {
    const r = await api<{ error: { code: string } }>(app.url, sup, 'POST', `/api/v1/supervision/${opId}/listen`);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('OPERATOR_LOGGED_OUT');
    expect((await api(app.url, op1, 'POST', `/api/v1/supervision/${opId}/listen`)).status).toBe(403);
    expect((await api(app.url, sup, 'POST', `/api/v1/supervision/99999/listen`)).status).toBe(404);
  });

  it('listen, whisper and barge originate the supervisor phone into ChanSpy on PJSIP/1001- with qE, qwE, qBE; each audited, and its end too', async () => {
    const call = await placeCall(app, '09351112233');
    await setState(app, { cookie: op1 }, 'ready');
    await answerPhone(app, '1001');
    const started: SpyStarted[] = [];
    for (const mode of ['listen', 'whisper', 'barge'] as const) {
      const r = await api<SpyStarted>(app.url, sup, 'POST', `/api/v1/supervision/${opId}/${mode}`);
      expect(r.status).toBe(202);
      started.push(r.body);
    }
    const originates = await amiActions(app, 'Originate');
    expect(originates).toHaveLength(3);
    expect(originates.map((o) => [o.fields['ActionID'], o.fields['Data']])).toEqual(
      started.map((s) => [s.actionId, s.data]),
    );
    for (const [i, opts] of ['qE', 'qwE', 'qBE'].entries()) {
      expect(originates[i]!.fields).toMatchObject({
        Channel: 'PJSIP/2001',
        Application: 'ChanSpy',
        Data: `PJSIP/1001-,${opts}`,
        Async: 'true',
      });
    }
    for (const mode of ['listen', 'whisper', 'barge']) {
      const rows = await auditRows(`supervision-${mode}`);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        user_id: supId,
        target: `operator:${opId}`,
        details: { outcome: 'originated', phone: 'PJSIP/2001' },
      });
    }
    // The spies join the call; with E, ChanSpy leaves when the call ends, and that is audited too.
    await waitFor(async () => (await spyLegs()).length === 3, 5000, 'three spy legs');
    await hangUpBoth(app, '1001', call.channelId);
    await waitFor(async () => (await auditRows('supervision-ended')).length === 3, 5000, 'spies ended');
    const ended = await auditRows('supervision-ended');
    expect(ended.map((r) => r.details['mode']).sort()).toEqual(['barge', 'listen', 'whisper']);
    for (const r of ended) {
      expect(r).toMatchObject({ user_id: supId, target: `operator:${opId}`, details: { phone: 'PJSIP/2001' } });
      expect(r.details['spyee']).toMatch(/^PJSIP\/1001-/);
      expect(r.details['spyer']).toMatch(/^PJSIP\/2001-/);
    }
    // ...and the supervisor's phone legs are hung up (no spying on the operator's next call).
    await waitFor(async () => (await spyLegs()).length === 0, 5000, 'spy legs gone');
    await emulatorHangup2001();
  });

  async function spyLegs(): Promise<string[]> {
    const st = await emulatorState(app);
    return st.channels.filter((c) => c.dialplan.app === 'ChanSpy').map((c) => c.name);
  }

  async function emulatorHangup2001(): Promise<void> {
    await hangUpPhone(app, '2001').catch(() => undefined);
  }

  it('pauses, unpauses and logs out an operator from the wallboard: state follows, each audited', async () => {
    await waitFor(() => ['ready', 'wrap-up'].includes(wb.row(opId)!.state), 5000, 'operator back');
    expect((await api(app.url, sup, 'POST', `/api/v1/operators/${opId}/pause`, { reason: 'break' })).status).toBe(200);
    await waitFor(() => wb.row(opId)?.state === 'paused', 5000, 'paused');
    expect(wb.row(opId)).toMatchObject({ reason: 'break', pauseAllowanceSeconds: 15 * 60 });
    expect((await api(app.url, sup, 'POST', `/api/v1/operators/${opId}/unpause`)).status).toBe(200);
    await waitFor(() => wb.row(opId)?.state === 'ready', 5000, 'ready');
    expect((await api(app.url, sup, 'POST', `/api/v1/operators/${opId}/logout`)).status).toBe(200);
    await waitFor(() => wb.row(opId)?.state === 'logged-out', 5000, 'logged out');
    for (const a of ['operator-pause', 'operator-unpause', 'operator-logout'])
      expect(await auditRows(a)).toHaveLength(1);
  });

  it('needs a phone to listen from; a supervisor sets it; admins change pause allowances live', async () => {
    await app.db.query(`DELETE FROM supervisor_phones WHERE user_id = (SELECT id FROM users WHERE username = 'admin')`);
    await setState(app, { cookie: op1 }, 'ready');
    const r = await api<{ error: { code: string } }>(app.url, admin, 'POST', `/api/v1/supervision/${opId}/listen`);
    expect(r.body.error.code).toBe('NO_SUPERVISOR_PHONE');
    expect(
      (await api(app.url, admin, 'PUT', '/api/v1/supervision/me/phone', { interface: 'PJSIP/2001\r\nAction: Hangup' }))
        .status,
    ).toBe(400);
    expect((await api(app.url, admin, 'PUT', '/api/v1/supervision/me/phone', { interface: 'PJSIP/2001' })).status).toBe(
      200,
    );
    expect((await api(app.url, admin, 'POST', `/api/v1/supervision/${opId}/listen`)).status).toBe(202);

    expect((await api(app.url, sup, 'PUT', '/api/v1/supervision/pause-allowances/break', { minutes: 5 })).status).toBe(
      403,
    );
    expect(
      (await api(app.url, admin, 'PUT', '/api/v1/supervision/pause-allowances/break', { minutes: 5 })).status,
    ).toBe(200);
    await waitFor(() => wb.picture!.settings.pauseAllowances['break'] === 5, 5000, 'allowance pushed');
    expect(await auditRows('pause-allowance-set')).toHaveLength(1);
  });
});
