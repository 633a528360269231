import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { Emulator } from '../../../src/emulator/index.ts';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { callReachingOperator, dial, hangUpPhone, press, talkFor } from '../../helpers/calls.ts';
import { createTestDatabase, type TestDb } from '../../helpers/db.ts';
import { emulator } from '../../helpers/emulator-control.ts';
import { hungUpByIvr, playCount, playsOf, variablesSet, waitForPlay } from '../../helpers/ivr.ts';
import { readyOperator } from '../../helpers/operators.ts';
import { answersOf, callIdOf, finishedResponse } from '../../helpers/records.ts';
import { CTI_QUEUES, startStandaloneEmulator } from '../../helpers/standalone-emulator.ts';
import { quietWindow, waitFor } from '../../helpers/wait.ts';

/**
 * Two cti137 nodes, one after the other, against ONE Asterisk (a standalone emulator) and one
 * database: node A drives a caller in the IVR and stops; node B, a fresh process state with no
 * session, registers the Stasis app, finds the caller still in Stasis (GET /channels) and carries
 * the call on from what is durable.
 */
/**
 * Emulated time at a quarter of real time: the menu runs ~6 s before the IVR gives up and queues,
 * so a node always stops (or is replaced) while its caller is still in the menu, even on a loaded machine.
 */
const SCALE = 0.25;

describe('IVR callers survive a failover to another node', () => {
  let emu: Emulator;
  let env: Record<string, string>;
  let db: TestDb;
  const apps: TestApp[] = [];

  beforeAll(async () => {
    ({ emu, env } = await startStandaloneEmulator(CTI_QUEUES, SCALE));
    db = await createTestDatabase();
  });
  afterEach(async () => {
    for (const a of apps.splice(0)) await a.close();
  });
  afterAll(async () => {
    await emu?.close();
    await db?.drop();
  });

  async function node(): Promise<TestApp> {
    const app = await startTestApp(env, { db, keepDb: true, timeScale: SCALE });
    apps.push(app);
    return app;
  }

  interface State {
    apps: string[];
    queues: Array<{ name: string; callers: Array<{ channelId: string; priority: number }> }>;
  }
  const state = () => emulator<State>(env.EMULATOR_URL!, 'GET', '/_emulator/state');

  /** Node A stops (its sessions are released, its ARI socket closes): the emulator's app is inactive. */
  async function stop(app: TestApp): Promise<void> {
    apps.splice(apps.indexOf(app), 1);
    await app.close();
    await waitFor(async () => (await state()).apps.length === 0, 5000, 'app inactive');
  }

  /** ARI REST as any client of this Asterisk (the standalone emulator's credentials). */
  async function ari(method: string, path: string): Promise<unknown> {
    const base = new URL(env.ASTERISK_ARI_URL!);
    const auth = Buffer.from(`${base.username}:${base.password}`).toString('base64');
    const res = await fetch(`http://${base.host}/ari${path}`, { method, headers: { authorization: `Basic ${auth}` } });
    if (!res.ok) throw new Error(`ARI ${method} ${path}: ${res.status}`);
    return res.status === 204 ? undefined : res.json();
  }

  const inStasis = async (channelId: string) =>
    ((await ari('GET', `/channels/${channelId}`)) as { dialplan: { app_name: string } }).dialplan.app_name === 'Stasis';

  it('a survey answered in part on node A is completed on node B, each answer stored once', async () => {
    const a = await node();
    await readyOperator(a, 'operator1');
    const channelId = await callReachingOperator(a, '09125550001', '1001');
    await talkFor(a, channelId, 12);
    await hangUpPhone(a, '1001');
    const callId = await callIdOf(a, channelId);
    await waitForPlay(a, channelId, 'cti137/survey-courtesy');
    await press(a, channelId, '4');
    await waitForPlay(a, channelId, 'cti137/survey-registered');

    await stop(a);
    // A stopped node says and stores nothing more: its session was released. Left running, it would
    // re-prompt once the watchdog of the play it was waiting on (10 s) gave up; 11.5 s covers that.
    const heardBefore = (await playsOf(a, channelId)).length;
    await quietWindow(11_500);
    expect((await playsOf(a, channelId)).length).toBe(heardBefore);
    // The caller is still there, in Stasis, hearing nothing; the key they press now is lost (2 would be a valid "no").
    expect(await inStasis(channelId)).toBe(true);
    await press(a, channelId, '2');

    const b = await node();
    // B asks the next unanswered question (its second playing on this channel), not the first again.
    await waitForPlay(b, channelId, 'cti137/survey-registered', 2);
    await press(b, channelId, '1');
    const r = await finishedResponse(b, callId);
    expect(r.status).toBe('complete');
    // Rated on the operator A credited; the takeover's lost keys are noted, not held against anyone.
    expect(r.flags).toEqual(['ari-reconnected']);
    expect(await answersOf(b, r.id)).toEqual([
      { code: 'courtesy', version: 1, value: 4 },
      { code: 'registered', version: 1, value: 1 },
    ]);
    const rows = await db.pool.query(`SELECT 1 FROM survey_answers WHERE response_id = $1`, [r.id]);
    expect(rows.rowCount).toBe(2);
    expect(await playCount(b, channelId, 'cti137/survey-intro')).toBe(1);
    expect(await playCount(b, channelId, 'cti137/survey-courtesy')).toBe(1);
    await waitFor(() => hungUpByIvr(b, channelId), 5000, 'B says thank you and hangs up');
    expect((await db.pool.query(`SELECT 1 FROM survey_responses WHERE call_id = $1`, [callId])).rowCount).toBe(1);
  }, 60_000);

  it('a caller in the welcome menu on node A hears it again from node B, and their choice counts', async () => {
    const a = await node();
    const { channelId } = await dial(a, '09125550002');
    await waitForPlay(a, channelId, 'cti137/menu');
    await stop(a);
    expect(await inStasis(channelId)).toBe(true);

    const b = await node();
    await waitForPlay(b, channelId, 'cti137/welcome', 2);
    await waitForPlay(b, channelId, 'cti137/menu', 2);
    await press(b, channelId, '9');
    await waitFor(async () => !(await inStasis(channelId)), 5000, 'caller sent on to the queue');
    expect(await variablesSet(b, channelId)).toMatchObject({ CTI_QUEUE: 'q137hazard', QUEUE_PRIO: '10' });
    const q = (await state()).queues.find((x) => x.name === 'q137hazard');
    expect(q?.callers).toContainEqual(expect.objectContaining({ channelId, priority: 10 }));
  });

  it('a welcome caller whose choice node A had already set goes straight on to that queue from node B', async () => {
    const a = await node();
    const { channelId } = await dial(a, '09125550003');
    await waitForPlay(a, channelId, 'cti137/menu');
    // A set the queue, then died before `continue` reached Asterisk (and before QUEUE_PRIO).
    await ari('POST', `/channels/${channelId}/variable?variable=CTI_QUEUE&value=q137hazard`);
    await stop(a);

    const b = await node();
    await waitFor(async () => !(await inStasis(channelId)), 5000, 'caller sent on to the queue');
    expect(await playCount(b, channelId, 'cti137/menu')).toBe(1);
    expect(await variablesSet(b, channelId)).toMatchObject({ CTI_QUEUE: 'q137hazard', QUEUE_PRIO: '10' });
    const q = (await state()).queues.find((x) => x.name === 'q137hazard');
    expect(q?.callers).toContainEqual(expect.objectContaining({ channelId, priority: 10 }));
  });

  it('a node whose Stasis app another client registers (ApplicationReplaced) lets go of its callers', async () => {
    const a = await node();
    const { channelId } = await dial(a, '09125550004');
    await waitForPlay(a, channelId, 'cti137/menu');
    // Another client takes the app while A still runs (no lease in this test): Asterisk tells A.
    const base = new URL(env.ASTERISK_ARI_URL!);
    const other = new WebSocket(`ws://${base.host}/ari/events?app=cti137`, {
      headers: { authorization: `Basic ${Buffer.from(`${base.username}:${base.password}`).toString('base64')}` },
    });
    await new Promise((resolve, reject) => other.once('open', resolve).once('error', reject));
    // A, waiting on its menu's end (its events now go to the other client), would give up on it
    // after its 10 s watchdog and go on with the menu; released, it does nothing. 11.5 s covers that.
    const heard = (await playsOf(a, channelId)).length;
    await quietWindow(11_500);
    expect((await playsOf(a, channelId)).length).toBe(heard);
    expect(await inStasis(channelId)).toBe(true);
    // The other client goes away; a node that registers next (A itself here) carries the caller on.
    other.terminate();
    await waitFor(async () => (await state()).apps.length === 0, 5000, 'app inactive');
    // A's link goes down and up again (a lease lost and won back): it registers the app anew.
    await a.aris.get('pbx1')!.stop();
    a.aris.get('pbx1')!.start();
    await waitForPlay(a, channelId, 'cti137/welcome', 2);
    await press(a, channelId, '1');
    await waitFor(async () => !(await inStasis(channelId)), 10_000, 'caller sent on to the queue');
    expect(await variablesSet(a, channelId)).toMatchObject({ CTI_QUEUE: 'q137' });
  }, 60_000);
});
