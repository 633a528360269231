import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../../src/asterisk/emulator/index.ts';
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
    await waitFor(async () => {
      const actions = await emulator<Array<{ proto: string; path?: string; query?: Record<string, string> }>>(app, 'GET', '/_emulator/actions');
      return actions.some((a) => a.path?.includes(`/channels/${channelId}/play`) && a.query?.media?.includes('cti137/menu'));
    }, 10_000, 'menu');
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
      const rows = await db.pool.query(`SELECT count(*)::int AS n, max(member_interface) AS m, bool_and(ended_at IS NOT NULL) AS ended FROM calls WHERE linkedid = $1`, [channelId]);
      expect(rows.rows[0]).toEqual({ n: 1, m: 'PJSIP/1001', ended: true });
    } finally {
      await app2.close();
    }
  });

  it('an Asterisk restart ends the lost calls once and puts the operators back in their queues', async () => {
    const app = await startTestApp(env, { db, keepDb: true });
    try {
      const cookie = await login(app.url, 'operator1');
      await api(app.url, cookie, 'POST', '/api/v1/operators/me/state', { state: 'ready' });
      const channelId = await talkingCall(app, '09127778899');
      await emu.restart(300);
      await waitFor(() => app.tracker.get('pbx1', channelId) === undefined, 10_000, 'lost call ended');
      // Membership restored on the restarted PBX.
      await waitFor(async () => {
        const state = await emulator<{ queues: Array<{ name: string; members: Array<{ interface: string }> }> }>(app, 'GET', '/_emulator/state');
        return state.queues.some((q) => q.name === 'q137' && q.members.some((m) => m.interface === 'PJSIP/1001'));
      }, 10_000, 'operator back in q137');
      await app.recorder.flush();
      const rows = await db.pool.query(`SELECT count(*)::int AS n, bool_and(ended_at IS NOT NULL) AS ended FROM calls WHERE linkedid = $1`, [channelId]);
      expect(rows.rows[0]).toEqual({ n: 1, ended: true });
    } finally {
      await app.close();
    }
  });
});
