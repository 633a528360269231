import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../../src/emulator/index.ts';
import { startStandaloneEmulator } from '../../helpers/standalone-emulator.ts';
import { createTestDatabase, type TestDb } from '../../helpers/db.ts';
import { api, emulator, login, startTestApp, waitFor, type TestApp } from '../../helpers/app.ts';

/**
 * cti137 and Asterisk restart independently. Here the emulator runs on its own (as a real
 * Asterisk would) and cti137 is pointed at it through ASTERISK_AMI_URL / ASTERISK_ARI_URL.
 */
describe('resync with Asterisk after restarts', () => {
  let emu: Emulator;
  let db: TestDb;
  let env: Record<string, string>;

  beforeAll(async () => {
    ({ emu, env } = await startStandaloneEmulator());
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await emu?.close();
    await db?.drop();
  });

  async function talkingCall(app: TestApp, from: string): Promise<string> {
    const { channelId } = await emulator<{ channelId: string }>(app, 'POST', '/_emulator/calls', { from, to: '137' });
    await waitFor(
      async () => {
        const actions = await emulator<Array<{ proto: string; path?: string; query?: Record<string, string> }>>(
          app,
          'GET',
          '/_emulator/actions',
        );
        return actions.some(
          (a) => a.path?.includes(`/channels/${channelId}/play`) && a.query?.media?.includes('cti137/menu'),
        );
      },
      10_000,
      'menu',
    );
    await emulator(app, 'POST', `/_emulator/channels/${channelId}/dtmf`, { digits: '1' });
    await waitFor(() => app.tracker.get('pbx1', channelId)?.phase === 'ringing', 10_000, 'ringing');
    await emulator(app, 'POST', '/_emulator/endpoints/1001/answer');
    await waitFor(() => app.tracker.get('pbx1', channelId)?.phase === 'talking', 5000, 'talking');
    return channelId;
  }

  it('a restarted cti137 rebuilds a call in progress without a second record', async () => {
    const app1 = await startTestApp(env, { db, keepDb: true });
    const cookie = await login(app1.url, 'operator1');
    expect((await api(app1.url, cookie, 'POST', '/api/v1/operators/me/state', { state: 'ready' })).status).toBe(200);
    const channelId = await talkingCall(app1, '09351112233');
    await app1.recorder.flush();
    await app1.close();

    const app2 = await startTestApp(env, { db, keepDb: true });
    try {
      await waitFor(() => app2.tracker.get('pbx1', channelId)?.phase === 'talking', 5000, 'call rebuilt');
      const call = app2.tracker.get('pbx1', channelId)!;
      expect(call.memberInterface).toBe('PJSIP/1001');
      const op = app2.directory.byInterface('PJSIP/1001')!;
      await waitFor(() => app2.operators.snapshot(op.id).state === 'talking', 5000, 'operator talking');

      await emulator(app2, 'POST', '/_emulator/endpoints/1001/hangup');
      await emulator(app2, 'POST', `/_emulator/channels/${channelId}/hangup`);
      await waitFor(() => app2.tracker.get('pbx1', channelId) === undefined, 5000, 'call ended');
      await app2.recorder.flush();
      const rows = await db.pool.query(
        `SELECT count(*)::int AS n, max(member_interface) AS m, bool_and(ended_at IS NOT NULL) AS ended FROM calls WHERE linkedid = $1`,
        [channelId],
      );
      expect(rows.rows[0]).toEqual({ n: 1, m: 'PJSIP/1001', ended: true });
    } finally {
      await app2.close();
    }
  });

  it('an Asterisk restart ends the lost calls once, as pbx-restart, and the truth is back within 2 s', async () => {
    const app = await startTestApp(env, { db, keepDb: true });
    try {
      const cookie = await login(app.url, 'operator1');
      await api(app.url, cookie, 'POST', '/api/v1/operators/me/state', { state: 'ready' });
      const channelId = await talkingCall(app, '09127778899');
      const sup = await login(app.url, 'supervisor1');
      // Long enough that both clients' backoff has grown (they retry every 250 ms … 1 s).
      await emu.restart(3_000);
      const back = Date.now();
      const inQueue = async () => {
        const state = await emulator<{ queues: Array<{ name: string; members: Array<{ interface: string }> }> }>(
          app,
          'GET',
          '/_emulator/state',
        );
        return state.queues.some((q) => q.name === 'q137' && q.members.some((m) => m.interface === 'PJSIP/1001'));
      };
      const queuesSay = async () => {
        const r = await api<
          Array<{ name: string; waiting: unknown[]; talking: number; members: Array<{ interface: string }> }>
        >(app.url, sup, 'GET', '/api/v1/queues');
        const q = r.body.find((x) => x.name === 'q137');
        return !!q && q.talking === 0 && q.waiting.length === 0 && q.members.some((m) => m.interface === 'PJSIP/1001');
      };
      // Measured from the moment the restarted PBX listens again: AMI and ARI back, the lost call
      // gone, the operator back in q137 on the PBX and in our queue picture.
      await waitFor(
        async () =>
          [...app.amis.values()].every((a) => a.connected) &&
          [...app.aris.values()].every((a) => a.connected) &&
          app.tracker.get('pbx1', channelId) === undefined &&
          (await inQueue()) &&
          (await queuesSay()),
        2_000,
        'the live state of the restarted PBX within 2 s',
      );
      expect(Date.now() - back).toBeLessThan(2_000);
      await app.recorder.flush();
      const rows = await db.pool.query(
        `SELECT count(*)::int AS n, bool_and(ended_at IS NOT NULL) AS ended, max(end_reason) AS reason, max(talk_seconds) IS NOT NULL AS talk, max(member_interface) AS m FROM calls WHERE linkedid = $1`,
        [channelId],
      );
      expect(rows.rows[0]).toEqual({ n: 1, ended: true, reason: 'pbx-restart', talk: true, m: 'PJSIP/1001' });
      // Ended when the link went down, not when it came back.
      const ended = await db.pool.query<{ ended_at: Date }>(`SELECT ended_at FROM calls WHERE linkedid = $1`, [
        channelId,
      ]);
      expect(ended.rows[0]!.ended_at.getTime()).toBeLessThan(back - 2_000);

      // Not a restart: a dropped AMI connection keeps a call that is still up.
      const second = await talkingCall(app, '09127778800');
      await emulator(app, 'POST', '/_emulator/ami/drop');
      await waitFor(() => [...app.amis.values()].every((a) => a.connected), 2_000, 'AMI back after a drop');
      await new Promise((r) => setTimeout(r, 300));
      expect(app.tracker.get('pbx1', second)?.phase).toBe('talking');
      await emulator(app, 'POST', `/_emulator/channels/${second}/hangup`);
      await waitFor(() => app.tracker.get('pbx1', second) === undefined, 5000, 'second call ended');
    } finally {
      await app.close();
    }
  });
});
