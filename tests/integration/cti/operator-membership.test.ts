import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberChange, QueueLive } from '../../../src/cti/index.ts';
import type { Emulator } from '../../../src/emulator/index.ts';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { answerPhone, callIntoQueue, hangUpCaller, hangUpPhone } from '../../helpers/calls.ts';
import { createTestDatabase, type TestDb } from '../../helpers/db.ts';
import { amiActions, emulatorState } from '../../helpers/emulator-control.ts';
import { api, login } from '../../helpers/http.ts';
import { liveOperators, operatorState, setState, signIn, untilState } from '../../helpers/operators.ts';
import { CTI_QUEUES, startStandaloneEmulator } from '../../helpers/standalone-emulator.ts';
import { waitFor } from '../../helpers/wait.ts';

/**
 * Queue membership across restarts and supervisors' actions (issue 10 #3 and #7): a member
 * re-added paused keeps its reason (QueueMemberAdded carries PausedReason), a wrap-up pause left
 * behind by a cti137 restart still ends, and a supervisor cannot sign an operator in by "unpause".
 */
describe('queue membership of operators', () => {
  let emu: Emulator;
  let env: Record<string, string>;
  let db: TestDb;

  beforeAll(async () => {
    ({ emu, env } = await startStandaloneEmulator(CTI_QUEUES));
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await emu?.close();
    await db?.drop();
  });

  /** The member of one phone in each queue, as GET /api/v1/queues shows it (undefined: not a member). */
  async function membersOf(app: TestApp, sup: string, iface: string) {
    const r = await api<QueueLive[]>(app.url, sup, 'GET', '/api/v1/queues');
    return ['q137', 'q137hazard'].map((q) =>
      r.body.find((x) => x.name === q)?.members.find((m) => m.interface === iface),
    );
  }

  const pbxMember = async (iface: string) =>
    (await emulatorState(`http://127.0.0.1:${emu.ariPort}`)).queues
      .find((q) => q.name === 'q137')
      ?.members.find((m) => m.interface === iface);

  it('a supervisor\'s "unpause" of a signed-out operator is refused: 409, nothing sent to the PBX', async () => {
    const app = await startTestApp(env, { db, keepDb: true });
    try {
      const sup = await login(app.url, 'supervisor1');
      const op3 = await signIn(app, 'operator3');
      const adds = (await amiActions(app, 'QueueAdd')).length;
      const refused = await api<{ error: { code: string; message: string } }>(
        app.url,
        sup,
        'POST',
        `/api/v1/operators/${op3.id}/unpause`,
      );
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('NOT_LOGGED_IN');
      expect(refused.body.error.message).toMatch(/signed out of the queues/);
      expect((await amiActions(app, 'QueueAdd')).length).toBe(adds);
      expect(await pbxMember('PJSIP/1003')).toBeUndefined();
      expect((await liveOperators(app, sup)).get(op3.id)?.state).toBe('logged-out');

      // Ready, then logged out (by a supervisor): unpause is refused again; a paused one is unpaused.
      await setState(app, op3, 'ready');
      await setState(app, op3, 'paused', 'prayer');
      expect((await api(app.url, sup, 'POST', `/api/v1/operators/${op3.id}/unpause`)).status).toBe(200);
      expect(operatorState(app, op3)).toBe('ready');
      expect((await api(app.url, sup, 'POST', `/api/v1/operators/${op3.id}/logout`)).status).toBe(200);
      expect((await api(app.url, sup, 'POST', `/api/v1/operators/${op3.id}/unpause`)).status).toBe(409);
      expect(operatorState(app, op3)).toBe('logged-out');
      const audit = await app.db.query<{ action: string }>(
        `SELECT action FROM audit_log WHERE target = $1 ORDER BY id`,
        [`operator:${op3.id}`],
      );
      expect(audit.rows.map((r) => r.action)).toEqual([
        'operator-unpause-failed',
        'operator-unpause',
        'operator-logout',
        'operator-unpause-failed',
      ]);
    } finally {
      await app.close();
    }
  });

  it('after an Asterisk restart a paused member is re-added with its reason, one in wrap-up with the wrap-up', async () => {
    const app = await startTestApp({ ...env, WRAPUP_SECONDS: '60' }, { db, keepDb: true });
    try {
      const sup = await login(app.url, 'supervisor1');
      const op1 = await signIn(app, 'operator1');
      const op2 = await signIn(app, 'operator2');
      await setState(app, op1, 'ready');
      await setState(app, op1, 'paused', 'break');
      await setState(app, op2, 'ready');
      const id = await callIntoQueue(app, '09121239901');
      await answerPhone(app, '1002', id);
      await hangUpPhone(app, '1002');
      await untilState(app, op2, 'wrap-up');
      await hangUpCaller(app, id);

      // QueueMemberAdded as the CTI took it (member-added: a status, no InCall).
      const added: MemberChange[] = [];
      app.bus.on('member:changed', (m) => m.status !== undefined && m.inCall === undefined && added.push(m));
      await emu.restart(300);
      const readded = (iface: string) =>
        added.filter((m) => m.interface === iface).map((m) => `${m.queue}:${m.paused}:${m.reason}`);
      await waitFor(() => readded('PJSIP/1001').length === 2, 10_000, 'operator1 re-added to both queues');
      // QueueMemberAdded alone says why the member is paused: nothing else has to fill it in later.
      expect(readded('PJSIP/1001').sort()).toEqual(['q137:true:break', 'q137hazard:true:break']);
      for (const m of await membersOf(app, sup, 'PJSIP/1001'))
        expect(m).toMatchObject({ paused: true, pausedReason: 'break' });
      expect((await liveOperators(app, sup)).get(op1.id)).toMatchObject({ state: 'paused', reason: 'break' });
      expect(await pbxMember('PJSIP/1001')).toMatchObject({ paused: true, pausedReason: 'break' });

      // operator2 was in wrap-up: back paused for it, still shown in wrap-up (not as a pause of theirs).
      await waitFor(() => readded('PJSIP/1002').length === 2, 10_000, 'operator2 re-added to both queues');
      expect(readded('PJSIP/1002').sort()).toEqual(['q137:true:wrap-up', 'q137hazard:true:wrap-up']);
      expect(await pbxMember('PJSIP/1002')).toMatchObject({ paused: true, pausedReason: 'wrap-up' });
      expect(operatorState(app, op2)).toBe('wrap-up');
      // Ready ends the wrap-up early, as at any time.
      await setState(app, op2, 'ready');
      expect(await pbxMember('PJSIP/1002')).toMatchObject({ paused: false });
      await setState(app, op1, 'logged-out');
      await setState(app, op2, 'logged-out');
    } finally {
      await app.close();
    }
  });

  it('a wrap-up pause left on the PBX by a cti137 restart ends after WRAPUP_SECONDS', async () => {
    // cti137 goes down during a long wrap-up: the job that would end it dies with its token.
    const app1 = await startTestApp({ ...env, WRAPUP_SECONDS: '600' }, { db, keepDb: true });
    const op1 = await signIn(app1, 'operator1');
    await setState(app1, op1, 'ready');
    const id = await callIntoQueue(app1, '09121239902');
    await answerPhone(app1, '1001', id);
    await hangUpPhone(app1, '1001');
    await untilState(app1, op1, 'wrap-up');
    await hangUpCaller(app1, id);
    await app1.close();
    expect(await pbxMember('PJSIP/1001')).toMatchObject({ paused: true, pausedReason: 'wrap-up' });

    const app2 = await startTestApp({ ...env, WRAPUP_SECONDS: '1' }, { db, keepDb: true });
    try {
      await waitFor(async () => (await pbxMember('PJSIP/1001'))?.paused === false, 10_000, 'member unpaused');
      expect(operatorState(app2, op1)).toBe('ready');
      const pauses = await amiActions(app2, 'QueuePause');
      expect(pauses.map((p) => p.fields.Paused).slice(-1)).toEqual(['false']);
    } finally {
      await app2.close();
    }
  });
});
