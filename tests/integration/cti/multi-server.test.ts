import argon2 from 'argon2';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Emulator } from '../../../src/emulator/index.ts';
import { seedDemoUsers } from '../../../src/auth/demo-users.ts';
import { upsertOperator, upsertUser } from '../../../src/auth/auth-repository.ts';
import type { QueueLive } from '../../../src/cti/index.ts';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { hangUpCaller, live, placeCall } from '../../helpers/calls.ts';
import { createTestDatabase } from '../../helpers/db.ts';
import { amiActions, emulator, emulatorState } from '../../helpers/emulator-control.ts';
import { api, login } from '../../helpers/http.ts';
import { operatorState, setState, signIn, type Operator } from '../../helpers/operators.ts';
import { CTI_QUEUES, startStandaloneEmulator } from '../../helpers/standalone-emulator.ts';
import { waitFor } from '../../helpers/wait.ts';

/**
 * Two Asterisk servers (two standalone emulators). operator1's phone is PJSIP/1001 on pbx1;
 * operator5's phone is also PJSIP/1001, but on pbx2: the same interface on two servers is two
 * people, and each one's queue actions must reach their own server only.
 */
describe('several Asterisk servers', () => {
  let emu1: Emulator;
  let emu2: Emulator;
  let url1: string;
  let url2: string;
  let app: TestApp;
  let supervisor: string;
  let op1: Operator;
  let op5: Operator;

  const membersOn = async (base: string, queue: string) =>
    (await emulatorState(base)).queues.find((q) => q.name === queue)?.members ?? [];
  const queuesApi = async () => (await api<QueueLive[]>(app.url, supervisor, 'GET', '/api/v1/queues')).body;
  const stateOf = (op: Operator) => operatorState(app, op);

  beforeAll(async () => {
    const s1 = await startStandaloneEmulator(CTI_QUEUES);
    const s2 = await startStandaloneEmulator(CTI_QUEUES);
    emu1 = s1.emu;
    emu2 = s2.emu;
    url1 = s1.env.EMULATOR_URL!;
    url2 = s2.env.EMULATOR_URL!;
    const db = await createTestDatabase();
    await seedDemoUsers(db.pool, 'demo137');
    const userId = await upsertUser(db.pool, {
      username: 'operator5',
      displayName: 'نرگس صالحی',
      role: 'operator',
      passwordHash: await argon2.hash('demo137'),
    });
    await upsertOperator(db.pool, userId, '1001', 'PJSIP/1001', 'pbx2');
    app = await startTestApp(
      {
        ASTERISK_AMI_URL: `${s1.env.ASTERISK_AMI_URL},${s2.env.ASTERISK_AMI_URL}`,
        ASTERISK_ARI_URL: `${s1.env.ASTERISK_ARI_URL},${s2.env.ASTERISK_ARI_URL}`,
        EMULATOR_URL: url1,
      },
      { db },
    );
    supervisor = await login(app.url, 'supervisor1');
    op1 = await signIn(app, 'operator1');
    op5 = await signIn(app, 'operator5');
  });
  afterAll(async () => {
    await app?.close();
    await emu1?.close();
    await emu2?.close();
  });

  it('logs each operator in on the server of their phone only', async () => {
    await setState(app, op5, 'ready');
    expect((await amiActions(url2, 'QueueAdd')).map((a) => [a.fields.Queue, a.fields.Interface])).toEqual([
      ['q137', 'PJSIP/1001'],
      ['q137hazard', 'PJSIP/1001'],
    ]);
    expect(await amiActions(url1, 'QueueAdd')).toEqual([]);
    expect(stateOf(op5)).toBe('ready');
    expect(stateOf(op1)).toBe('logged-out');

    await setState(app, op1, 'ready');
    expect(await amiActions(url1, 'QueueAdd')).toHaveLength(2);
    expect(await amiActions(url2, 'QueueAdd')).toHaveLength(2);
    expect((await membersOn(url1, 'q137')).map((m) => m.interface)).toEqual(['PJSIP/1001']);
    expect((await membersOn(url2, 'q137')).map((m) => m.interface)).toEqual(['PJSIP/1001']);

    // q137 of each server is its own queue, its member the operator of that server.
    await waitFor(
      async () => (await queuesApi()).filter((q) => q.name === 'q137' && q.members.length === 1).length === 2,
      5000,
      'both q137 with a member',
    );
    const q137 = (await queuesApi()).filter((q) => q.name === 'q137');
    expect(q137.map((q) => [q.serverId, q.members.map((m) => m.operatorId)])).toEqual([
      ['pbx1', [op1.id]],
      ['pbx2', [op5.id]],
    ]);
    const ops = (await api<Array<{ id: string; serverId: string }>>(app.url, supervisor, 'GET', '/api/v1/operators'))
      .body;
    expect(ops.find((o) => o.id === op5.id)?.serverId).toBe('pbx2');
  });

  it('tracks a call on each server with its server and rings the operator of that server', async () => {
    const call = async (base: string, serverId: string, from: string) => {
      const { channelId } = await placeCall(base, from);
      await waitFor(() => live(app, channelId, serverId)?.phase === 'ringing', 10_000, `ringing on ${serverId}`);
      return channelId;
    };
    const c2 = await call(url2, 'pbx2', '09121110002');
    expect(stateOf(op5)).toBe('ringing');
    expect(stateOf(op1)).toBe('ready');
    await emulator(url2, 'POST', '/_emulator/endpoints/1001/answer');
    await waitFor(() => stateOf(op5) === 'talking', 5000, 'operator5 talking');
    expect(stateOf(op1)).toBe('ready');

    const c1 = await call(url1, 'pbx1', '09121110001');
    expect(stateOf(op1)).toBe('ringing');
    await emulator(url1, 'POST', '/_emulator/endpoints/1001/answer');
    await waitFor(() => stateOf(op1) === 'talking', 5000, 'operator1 talking');

    // Two Asterisks may well hand out the same Linkedid: a call is (server, linkedid).
    const active = (
      await api<Array<{ linkedid: string; serverId: string }>>(app.url, supervisor, 'GET', '/api/v1/calls?active=true')
    ).body;
    expect(active.map((c) => `${c.serverId}/${c.linkedid}`).sort()).toEqual([`pbx1/${c1}`, `pbx2/${c2}`]);

    await hangUpCaller(url1, c1);
    await hangUpCaller(url2, c2);
    await waitFor(() => !live(app, c1, 'pbx1') && !live(app, c2, 'pbx2'), 10_000, 'calls over');
    await app.recorder.flush();
    const rows = await app.db.query<{ server_id: string; operator_id: string }>(
      `SELECT server_id, operator_id::text FROM calls WHERE (server_id, linkedid) IN (('pbx1', $1), ('pbx2', $2)) ORDER BY server_id`,
      [c1, c2],
    );
    expect(rows.rows).toEqual([
      { server_id: 'pbx1', operator_id: op1.id },
      { server_id: 'pbx2', operator_id: op5.id },
    ]);
    // Wrap-up ends on each operator's own server.
    await waitFor(() => stateOf(op1) === 'ready' && stateOf(op5) === 'ready', 10_000, 'wrap-up over');
  });

  it("resyncs one server without touching the other's members, and restores members on the server that lost them", async () => {
    const applied = vi.spyOn(app.queueState, 'applyQueueStatus');
    try {
      const adds1 = (await amiActions(url1, 'QueueAdd')).length;
      const adds2 = (await amiActions(url2, 'QueueAdd')).length;
      await emulator(url1, 'POST', '/_emulator/ami/drop');
      await waitFor(() => applied.mock.calls.some(([server]) => server === 'pbx1'), 10_000, 'pbx1 resynced');
      // Nobody was "restored" anywhere: each server still had its own members.
      expect((await amiActions(url1, 'QueueAdd')).length).toBe(adds1);
      expect((await amiActions(url2, 'QueueAdd')).length).toBe(adds2);
      const q137 = (await queuesApi()).filter((q) => q.name === 'q137');
      expect(q137.map((q) => [q.serverId, q.members.map((m) => m.operatorId)])).toEqual([
        ['pbx1', [op1.id]],
        ['pbx2', [op5.id]],
      ]);
      expect(stateOf(op5)).toBe('ready');

      // pbx2 restarts and forgets its members: operator5 is put back on pbx2, and only there.
      applied.mockClear();
      await emu2.restart(200);
      await waitFor(() => applied.mock.calls.some(([server]) => server === 'pbx2'), 10_000, 'pbx2 resynced');
      // The snapshot is applied first and the QueueAdds (one per queue) follow it: wait for both.
      await waitFor(async () => (await amiActions(url2, 'QueueAdd')).length >= 2, 10_000, 'pbx2 members restored');
      expect((await amiActions(url2, 'QueueAdd')).map((a) => a.fields.Interface)).toEqual(['PJSIP/1001', 'PJSIP/1001']);
      expect((await amiActions(url1, 'QueueAdd')).length).toBe(adds1);
      expect((await membersOn(url2, 'q137')).map((m) => m.interface)).toEqual(['PJSIP/1001']);
      expect(stateOf(op5)).toBe('ready');
      expect(stateOf(op1)).toBe('ready');
    } finally {
      applied.mockRestore();
    }
  });

  it("sends a supervisor's pause and listen to the operator's server", async () => {
    const pauses1 = (await amiActions(url1, 'QueuePause')).length;
    const pauses2 = (await amiActions(url2, 'QueuePause')).length;
    const r = await api<{ state: string }>(app.url, supervisor, 'POST', `/api/v1/operators/${op5.id}/pause`, {
      reason: 'break',
    });
    expect(r.status).toBe(200);
    expect(r.body.state).toBe('paused');
    const sent = (await amiActions(url2, 'QueuePause')).slice(pauses2);
    expect(sent.map((a) => [a.fields.Interface, a.fields.Paused, a.fields.Reason])).toEqual([
      ['PJSIP/1001', 'true', 'break'],
    ]);
    expect((await amiActions(url1, 'QueuePause')).length).toBe(pauses1);
    expect((await membersOn(url2, 'q137'))[0]?.paused).toBe(true);
    expect((await membersOn(url1, 'q137'))[0]?.paused).toBe(false);
    expect(stateOf(op1)).toBe('ready');

    // ChanSpy sees only its own Asterisk's channels: the supervisor's phone must be one of pbx2's.
    const admin = await login(app.url, 'admin');
    expect((await api(app.url, admin, 'PUT', '/api/v1/supervision/phones/pbx1/2001', {})).status).toBe(204);
    const phone = { interface: 'PJSIP/2001' };
    expect((await api(app.url, supervisor, 'PUT', '/api/v1/supervision/me/phone', phone)).status).toBe(200);
    const elsewhere = await api<{ error: { code: string } }>(
      app.url,
      supervisor,
      'POST',
      `/api/v1/supervision/${op5.id}/listen`,
    );
    expect(elsewhere.body.error.code).toBe('PHONE_ON_OTHER_SERVER');
    expect((await api(app.url, admin, 'PUT', '/api/v1/supervision/phones/pbx2/2001', {})).status).toBe(204);
    const listen = await api(app.url, supervisor, 'POST', `/api/v1/supervision/${op5.id}/listen`);
    expect(listen.status).toBe(202);
    const spies = await amiActions(url2, 'Originate');
    expect(spies.map((a) => [a.fields.Channel, a.fields.Data])).toEqual([['PJSIP/2001', 'PJSIP/1001-,qE']]);
    expect(await amiActions(url1, 'Originate')).toEqual([]);
  });
});
