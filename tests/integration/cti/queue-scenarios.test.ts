import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueueLive } from '../../../src/cti/index.ts';
import { activeCalls, answerPhone, callIntoQueue, heldFor, live, queuedFor, talkFor } from '../../helpers/calls.ts';
import { emulator, emulatorState } from '../../helpers/emulator-control.ts';
import { api } from '../../helpers/http.ts';
import { liveOperators, operatorState, setState, signIn, untilReady, type Operator } from '../../helpers/operators.ts';
import { nextResync } from '../../helpers/probes.ts';
import { finishedCall, intervalsOf, ringsOf } from '../../helpers/records.ts';
import { startCtiRig, type CtiRig } from '../../helpers/standalone-emulator.ts';
import { nextEvent, waitFor } from '../../helpers/wait.ts';

/** The queue side of the CTI: rings, answers, abandons, hold and pauses, live and as stored. */
describe('queue calls as the CTI sees them', () => {
  let rig: CtiRig;
  let op1: Operator;
  let op2: Operator;

  beforeAll(async () => {
    rig = await startCtiRig();
    op1 = await signIn(rig.app, 'operator1');
    op2 = await signIn(rig.app, 'operator2');
  });
  afterAll(async () => rig?.close());

  it('ring-no-answer, then the next operator of q137 (rrmemory) answers', async () => {
    const { app, supervisor } = rig;
    // Ready in this order: q137 lists operator1 first, so rrmemory rings operator1 first.
    await setState(app, op1, 'ready');
    await setState(app, op2, 'ready');
    const id = await callIntoQueue(app, '09121110001');
    await waitFor(() => live(app, id)?.phase === 'ringing', 5000, 'first ring');
    expect(live(app, id)!.rings.map((r) => r.interface)).toEqual(['PJSIP/1001']);
    expect((await liveOperators(app, supervisor)).get(op1.id)?.state).toBe('ringing');
    const queues = await api<Array<{ name: string; waiting: Array<{ linkedid: string; ringing: string[] }> }>>(
      app.url,
      supervisor,
      'GET',
      '/api/v1/queues',
    );
    expect(queues.body.find((q) => q.name === 'q137')?.waiting).toEqual([
      expect.objectContaining({ linkedid: id, ringing: ['PJSIP/1001'] }),
    ]);
    expect(queues.body.map((q) => q.name)).toEqual(['q137', 'q137hazard', 'q137overflow']);
    // The strategy and members' settings are Asterisk's own (QueueParams, QueueMember/QueueMemberStatus).
    const q137 = (await api<QueueLive[]>(app.url, supervisor, 'GET', '/api/v1/queues')).body.find(
      (q) => q.name === 'q137',
    )!;
    expect(q137).toMatchObject({ strategy: 'rrmemory', serverId: 'pbx1' });
    expect(
      (await api<QueueLive[]>(app.url, supervisor, 'GET', '/api/v1/queues')).body.find((q) => q.name === 'q137hazard')
        ?.strategy,
    ).toBe('ringall');
    expect(q137.members.find((m) => m.interface === 'PJSIP/1001')).toMatchObject({
      ringinuse: false,
      wrapupSeconds: 0,
      penalty: 0,
      status: 6,
    });
    expect(q137.members.find((m) => m.interface === 'PJSIP/1001')!.loginAt).toMatch(/^\d{4}-\d\d-\d\dT/);

    // Nobody picks up 1001: after the member timeout the queue moves on to 1002.
    await answerPhone(app, '1002', id);
    const calls = await activeCalls(app, supervisor);
    expect(calls.find((c) => c.linkedid === id)).toMatchObject({
      phase: 'talking',
      memberInterface: 'PJSIP/1002',
      queue: 'q137',
      transfers: 0,
    });
    expect(calls.find((c) => c.linkedid === id)!.rings.map((r) => r.outcome)).toEqual(['no-answer', 'answered']);
    const ops = await liveOperators(app, supervisor);
    expect([ops.get(op1.id)?.state, ops.get(op2.id)?.state]).toEqual(['ready', 'talking']);

    await emulator(app, 'POST', '/_emulator/endpoints/1002/hangup');
    await waitFor(() => live(app, id)?.phase === 'after-agent', 5000, 'operator hung up');
    await emulator(app, 'POST', `/_emulator/channels/${id}/hangup`);
    const row = await finishedCall(app, id);
    expect(row).toMatchObject({
      queue: 'q137',
      member_interface: 'PJSIP/1002',
      operator_id: op2.id,
      end_reason: 'agent-hangup',
      transfers: 0,
      hold_seconds: 0,
    });
    // AgentConnect's HoldTime: the 30 s ring of 1001 and the retry (emulated seconds).
    expect(row.wait_seconds).toBeGreaterThanOrEqual(30);
    expect(await ringsOf(app, row.id)).toEqual(['PJSIP/1001:no-answer', 'PJSIP/1002:answered']);
    await untilReady(app, op2);
    // Intervals are written behind the live state.
    await waitFor(async () => (await intervalsOf(app, op2)).length === 5, 5000, 'intervals stored');
    expect(await intervalsOf(app, op1)).toEqual(['ready', 'ringing', 'ready']);
    expect(await intervalsOf(app, op2)).toEqual(['ready', 'ringing', 'talking', 'wrap-up', 'ready']);
  });

  it('abandon in the queue while every operator is paused', async () => {
    const { app, supervisor } = rig;
    await setState(app, op1, 'paused', 'break');
    await setState(app, op2, 'paused', 'prayer');
    const id = await callIntoQueue(app, '09121110002');
    await waitFor(() => live(app, id)?.phase === 'queued', 5000, 'waiting');
    const queues = await api<
      Array<{
        name: string;
        waiting: Array<{ linkedid: string; ringing: string[] }>;
        members: Array<{ interface: string; paused: boolean; pausedReason: string | null }>;
      }>
    >(app.url, supervisor, 'GET', '/api/v1/queues');
    const q137 = queues.body.find((q) => q.name === 'q137')!;
    expect(q137.waiting).toEqual([expect.objectContaining({ linkedid: id, ringing: [] })]);
    expect(q137.members.map((m) => [m.interface, m.paused, m.pausedReason]).sort()).toEqual([
      ['PJSIP/1001', true, 'break'],
      ['PJSIP/1002', true, 'prayer'],
    ]);
    // Past the short-abandon threshold (5 s) before the caller gives up.
    await queuedFor(app, id, 6);
    await emulator(app, 'POST', `/_emulator/channels/${id}/hangup`);
    const row = await finishedCall(app, id);
    expect(row).toMatchObject({ queue: 'q137', answered_at: null, operator_id: null, end_reason: 'abandoned' });
    expect(row.wait_seconds).toBeGreaterThanOrEqual(5);
    expect(await ringsOf(app, row.id)).toEqual([]);
    expect(
      (await api<Array<{ name: string; waiting: unknown[] }>>(app.url, supervisor, 'GET', '/api/v1/queues')).body.find(
        (q) => q.name === 'q137',
      )?.waiting,
    ).toEqual([]);
  });

  it('hold is tracked live and stored; talk is stored net of hold', async () => {
    const { app, supervisor } = rig;
    await setState(app, op1, 'ready');
    const id = await callIntoQueue(app, '09121110003');
    await answerPhone(app, '1001', id);
    await emulator(app, 'POST', '/_emulator/endpoints/1001/hold');
    await waitFor(() => live(app, id)?.onHoldSince !== null, 5000, 'on hold');
    expect((await activeCalls(app, supervisor)).find((c) => c.linkedid === id)).toMatchObject({ onHold: true });
    // The CTI counts hold in real seconds, rounded: 1.3 s on hold is stored as 1 (and TalkTime,
    // emulated 20 times faster, then holds at least 26 s: 25 net of hold).
    await heldFor(app, id, 1300);
    await emulator(app, 'POST', '/_emulator/endpoints/1001/unhold');
    await waitFor(() => live(app, id)?.onHoldSince === null, 5000, 'off hold');
    expect(live(app, id)!.holdSeconds).toBe(1);
    // Asterisk's TalkTime (emulated seconds, hold included) past 21: net of the held second, 20 or more.
    await talkFor(app, id, 22);
    await emulator(app, 'POST', '/_emulator/endpoints/1001/hangup');
    await emulator(app, 'POST', `/_emulator/channels/${id}/hangup`);
    const row = await finishedCall(app, id);
    expect(row.hold_seconds).toBe(1);
    // TalkTime counts the held second (at the test clock, emulated talk runs 20 times faster).
    expect(row.talk_seconds).toBeGreaterThanOrEqual(20);
    await untilReady(app, op1);
  });

  it('pause with a reason, and a supervisor pauses, unpauses and logs an operator out', async () => {
    const { app, supervisor } = rig;
    const before = (await intervalsOf(app, op2)).length;
    await setState(app, op2, 'ready');
    await setState(app, op2, 'paused', 'training');
    expect((await liveOperators(app, supervisor)).get(op2.id)).toMatchObject({ state: 'paused', reason: 'training' });
    // The queue member is paused with that reason in Asterisk too.
    const state = await emulatorState(app);
    expect(
      state.queues.find((q) => q.name === 'q137')?.members.find((m) => m.interface === 'PJSIP/1002'),
    ).toMatchObject({ paused: true, pausedReason: 'training' });

    expect((await api(app.url, supervisor, 'POST', `/api/v1/operators/${op2.id}/unpause`)).status).toBe(200);
    expect(operatorState(app, op2)).toBe('ready');
    expect(
      (await api(app.url, supervisor, 'POST', `/api/v1/operators/${op2.id}/pause`, { reason: 'meeting' })).status,
    ).toBe(200);
    expect((await liveOperators(app, supervisor)).get(op2.id)).toMatchObject({ state: 'paused', reason: 'meeting' });
    expect((await api(app.url, supervisor, 'POST', `/api/v1/operators/${op2.id}/logout`)).status).toBe(200);
    expect((await liveOperators(app, supervisor)).get(op2.id)?.state).toBe('logged-out');
    await waitFor(
      async () => {
        const s = await emulatorState(app);
        return !s.queues.some((q) => q.members.some((m) => m.interface === 'PJSIP/1002'));
      },
      5000,
      'removed from every queue',
    );
    // An operator cannot use the supervisor's actions.
    expect(
      (await api(app.url, op1.cookie, 'POST', `/api/v1/operators/${op2.id}/pause`, { reason: 'break' })).status,
    ).toBe(403);

    await waitFor(async () => (await intervalsOf(app, op2)).at(-1) === 'logged-out', 5000, 'intervals stored');
    expect((await intervalsOf(app, op2)).slice(before)).toEqual([
      'ready',
      'paused(training)',
      'ready',
      'paused(meeting)',
      'logged-out',
    ]);
    const audit = await app.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE target = $1 ORDER BY id`, [
      `operator:${op2.id}`,
    ]);
    expect(audit.rows.map((a) => a.action)).toEqual(['operator-unpause', 'operator-pause', 'operator-logout']);
  });

  it('the AMI link is cut mid-call: the same live state after the reconnect, and the call is recorded once', async () => {
    const { app, supervisor } = rig;
    const ami = app.amis.get('pbx1')!;
    await setState(app, op1, 'ready');
    await untilReady(app, op1);
    const id = await callIntoQueue(app, '09121110005');
    await answerPhone(app, '1001', id);
    const snapshot = async () => {
      const c = live(app, id)!;
      const queues = await api<
        Array<{ name: string; members: Array<{ interface: string; paused: boolean; status: number }> }>
      >(app.url, supervisor, 'GET', '/api/v1/queues');
      return {
        call: {
          phase: c.phase,
          memberInterface: c.memberInterface,
          agentChannel: c.agentChannel,
          answeredAt: c.answeredAt,
          rings: c.rings.map((r) => `${r.interface}:${r.outcome}`),
        },
        operators: [...(await liveOperators(app, supervisor)).entries()]
          .map(([opId, o]) => `${opId}:${o.state}`)
          .sort(),
        q137: queues.body
          .find((q) => q.name === 'q137')
          ?.members.map((m) => `${m.interface}:${m.paused}:${m.status}`)
          .sort(),
      };
    };
    const cut = async (whileDown?: () => Promise<void>) => {
      const down = nextEvent(ami, 'disconnected');
      const up = nextEvent(ami, 'connected');
      const resynced = nextResync(app);
      expect(await emulator(app, 'POST', '/_emulator/ami/drop')).toEqual({ dropped: 1 });
      await down;
      await whileDown?.();
      await up;
      // The picture is compared once the resync after the reconnect has been applied in full.
      await resynced;
    };
    const before = await snapshot();
    expect(before.call).toMatchObject({ phase: 'talking', memberInterface: 'PJSIP/1001' });
    await cut();
    expect(await snapshot()).toEqual(before);

    // Cut again, and the operator hangs up while nobody listens: the resync catches up.
    await cut(() => emulator(app, 'POST', '/_emulator/endpoints/1001/hangup'));
    await waitFor(() => live(app, id)?.phase === 'after-agent', 5000, 'operator leg ended after the resync');
    expect(operatorState(app, op1)).not.toBe('talking');
    await emulator(app, 'POST', `/_emulator/channels/${id}/hangup`);
    const row = await finishedCall(app, id);
    expect(row).toMatchObject({ member_interface: 'PJSIP/1001', operator_id: op1.id });
    expect(row.ended_at).not.toBeNull();
    const n = await app.db.query(`SELECT count(*)::int AS n FROM calls WHERE linkedid = $1`, [id]);
    expect(n.rows[0]!.n).toBe(1);
    expect(await ringsOf(app, row.id)).toEqual(['PJSIP/1001:answered']);
  });
});
