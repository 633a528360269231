// Two cti137 nodes in one process (the child-process, HAProxy and kill -9 version is tests/cluster):
// one PBX (a standalone emulator), one database, one Redis prefix. The first node takes the PBX
// lease and opens the links; the second stands by, serves the desk and the wallboard from the
// owner's picture, passes live requests on, and takes the links over when the owner goes.
import { randomBytes } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoUsers } from '../../../src/auth/demo-users.ts';
import type { Emulator } from '../../../src/emulator/index.ts';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { answerPhone, hangUpCaller, placeCall } from '../../helpers/calls.ts';
import { createTestDatabase, type TestDb } from '../../helpers/db.ts';
import { api, login } from '../../helpers/http.ts';
import { operatorState } from '../../helpers/operators.ts';
import { openDesk } from '../../helpers/sockets.ts';
import { CTI_QUEUES, startStandaloneEmulator } from '../../helpers/standalone-emulator.ts';
import { waitFor } from '../../helpers/wait.ts';

interface Health {
  cluster: { node: string; role: string; owner: string | null; epoch: number | null };
  pbx: Record<string, unknown>;
}

describe('two nodes sharing one PBX', () => {
  let emu: Emulator;
  let env: Record<string, string>;
  let db: TestDb;
  let a: TestApp;
  let b: TestApp;
  let desk: Socket;
  const pops: Array<{ callId: string; linkedid: string }> = [];
  const prefix = `c${randomBytes(4).toString('hex')}`;

  const health = async (app: TestApp) => {
    const res = await fetch(`${app.url}/health`);
    return { status: res.status, body: (await res.json()) as Health };
  };

  beforeAll(async () => {
    ({ emu, env } = await startStandaloneEmulator(CTI_QUEUES));
    db = await createTestDatabase();
    await seedDemoUsers(db.pool, 'demo137');
    const clusterEnv = { ...env, REDIS_URL: 'redis://127.0.0.1:6379', CLUSTER_LEASE_MS: '3000' };
    a = await startTestApp({ ...clusterEnv, CLUSTER_NODE_ID: 'node-a' }, { db, keepDb: true, jobsPrefix: prefix });
    b = await startTestApp({ ...clusterEnv, CLUSTER_NODE_ID: 'node-b' }, { db, keepDb: true, jobsPrefix: prefix });
  }, 60_000);

  afterAll(async () => {
    desk?.close();
    await b?.close();
    await a?.close().catch(() => undefined);
    await emu?.close();
    await db?.drop();
  });

  it('has one owner of the links; the standby is healthy and says who owns them', async () => {
    expect(a.cluster.isOwner()).toBe(true);
    expect(b.cluster.isOwner()).toBe(false);
    const hb = await health(b);
    expect(hb.status).toBe(200);
    expect(hb.body.cluster).toMatchObject({ node: 'node-b', role: 'standby', owner: 'node-a' });
    expect(hb.body.pbx).toEqual({ pbx1: 'standby' });
    expect([...b.amis.values()].some((x) => x.connected)).toBe(false);
    expect((await health(a)).body.cluster).toMatchObject({ role: 'owner', owner: 'node-a' });
  });

  it('serves a desk on the standby: its state change acts through the owner, its pops arrive once', async () => {
    const cookie = await login(b.url, 'operator1');
    desk = await openDesk(b.url, cookie);
    desk.on('screen-pop', (p: { callId: string; linkedid: string }) => pops.push(p));
    // Passed on to the owner, whose AMI adds the member.
    const set = await api(b.url, cookie, 'POST', '/api/v1/operators/me/state', { state: 'ready' });
    expect(set.status).toBe(200);
    await waitFor(() => operatorState(a, '1001') === 'ready', 5000, 'ready on the owner');
    const snap = await new Promise<{ ok: boolean; data: { operator: { state: string } } }>((r) =>
      desk.emit('resync', r),
    );
    expect(snap.ok).toBe(true);
    expect(snap.data.operator.state).toBe('ready');

    const { channelId } = await placeCall(b, '09121110001');
    await answerPhone(a, '1001', channelId);
    await waitFor(() => pops.length >= 1, 5000, 'the pop on the standby desk');
    // Live lists asked of the standby are the owner's.
    const supervisor = await login(b.url, 'supervisor1');
    const calls = await api<Array<{ linkedid: string }>>(b.url, supervisor, 'GET', '/api/v1/calls');
    expect(calls.status).toBe(200);
    expect(calls.body.map((c) => c.linkedid)).toContain(channelId);
    await hangUpCaller(b, channelId);
    await new Promise((r) => setTimeout(r, 300));
    expect(pops).toHaveLength(1);
    const rows = await db.pool.query('SELECT count(*)::int AS n FROM calls WHERE linkedid = $1', [channelId]);
    expect(rows.rows[0].n).toBe(1);
  });

  it('takes the links over when the owner goes: the call in talk is back on the desk, the next call pops', async () => {
    const talking = (await placeCall(b, '09121110003')).channelId;
    await answerPhone(a, '1001', talking);
    await waitFor(() => pops.some((p) => p.linkedid === talking), 5000, 'the pop of the call in talk');
    const t0 = Date.now();
    await a.close();
    await waitFor(() => b.cluster.isOwner(), 5000, 'the standby takes the lease');
    await waitFor(() => [...b.amis.values(), ...b.aris.values()].every((x) => x.connected), 5000, 'links up');
    expect(Date.now() - t0).toBeLessThan(3000);
    expect((await health(b)).body.cluster).toMatchObject({ role: 'owner', owner: 'node-b' });
    // The new owner found the call in talk again (the PBX's channels): the desk's resync has it.
    const snap = await waitFor(
      async () => {
        const r = await new Promise<{ ok: boolean; data: { currentCall: { linkedid: string } | null } }>((res) =>
          desk.emit('resync', res),
        );
        return r.ok && r.data.currentCall?.linkedid === talking ? r : null;
      },
      5000,
      'the call in talk on the resynced desk',
    );
    expect(snap.data.currentCall!.linkedid).toBe(talking);
    await hangUpCaller(b, talking);
    const rows = await db.pool.query('SELECT count(*)::int AS n FROM calls WHERE linkedid = $1', [talking]);
    expect(rows.rows[0].n).toBe(1);

    const before = pops.length;
    const { channelId } = await placeCall(b, '09121110002');
    await answerPhone(b, '1001', channelId);
    await waitFor(() => pops.length === before + 1, 5000, 'a pop from the new owner');
    await hangUpCaller(b, channelId);
  });
});
