import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../../src/emulator/index.ts';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { answerPhone, hangUpCaller, hangUpPhone, live, placeCall } from '../../helpers/calls.ts';
import { createTestDatabase, type TestDb } from '../../helpers/db.ts';
import { emulator, emulatorState } from '../../helpers/emulator-control.ts';
import { api, login } from '../../helpers/http.ts';
import { setState, signIn } from '../../helpers/operators.ts';
import { nextResync } from '../../helpers/probes.ts';
import { startStandaloneEmulator } from '../../helpers/standalone-emulator.ts';
import { waitFor } from '../../helpers/wait.ts';

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

  /** A call from `from` that operator1 (PJSIP/1001) has answered. */
  async function talkingCall(app: TestApp, from: string): Promise<string> {
    const { channelId } = await placeCall(app, from);
    await answerPhone(app, '1001', channelId);
    return channelId;
  }

  it('a restarted cti137 rebuilds a call in progress without a second record', async () => {
    const app1 = await startTestApp(env, { db, keepDb: true });
    await setState(app1, await signIn(app1, 'operator1'), 'ready');
    const channelId = await talkingCall(app1, '09351112233');
    await app1.recorder.flush();
    await app1.close();

    const app2 = await startTestApp(env, { db, keepDb: true });
    try {
      await waitFor(() => live(app2, channelId)?.phase === 'talking', 5000, 'call rebuilt');
      const call = live(app2, channelId)!;
      expect(call.memberInterface).toBe('PJSIP/1001');
      const op = app2.directory.byInterface('PJSIP/1001')!;
      await waitFor(() => app2.operators.snapshot(op.id).state === 'talking', 5000, 'operator talking');

      await hangUpPhone(app2, '1001');
      await hangUpCaller(app2, channelId);
      await waitFor(() => live(app2, channelId) === undefined, 5000, 'call ended');
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

  it('an Asterisk crash and restart ends the lost calls once, as pbx-restart, and the truth is back within 2 s', async () => {
    const app = await startTestApp(env, { db, keepDb: true });
    try {
      await setState(app, await signIn(app, 'operator1'), 'ready');
      const channelId = await talkingCall(app, '09127778899');
      const sup = await login(app.url, 'supervisor1');
      // Long enough that both clients' backoff has grown (they retry every 250 ms … 1 s). A crash,
      // so no frame says the calls are gone: CoreStatus's new startup time alone must tell it
      // (a clean `core restart now` is pbx-restart.test.ts).
      await emu.restart(3_000, { crash: true });
      const back = Date.now();
      const inQueue = async () => {
        const state = await emulatorState(app);
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
          live(app, channelId) === undefined &&
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
      const resynced = nextResync(app);
      await emulator(app, 'POST', '/_emulator/ami/drop');
      await waitFor(() => [...app.amis.values()].every((a) => a.connected), 2_000, 'AMI back after a drop');
      // The reconnect's resync is where a call not seen in CoreShowChannels would be ended.
      await resynced;
      expect(live(app, second)?.phase).toBe('talking');
      await hangUpCaller(app, second);
      await waitFor(() => live(app, second) === undefined, 5000, 'second call ended');
    } finally {
      await app.close();
    }
  });
});
