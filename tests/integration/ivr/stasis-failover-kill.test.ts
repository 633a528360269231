import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoUsers } from '../../../src/auth/demo-users.ts';
import type { Emulator } from '../../../src/emulator/index.ts';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { dial, hangUpPhone, press } from '../../helpers/calls.ts';
import { createTestDatabase, type TestDb } from '../../helpers/db.ts';
import { emulator } from '../../helpers/emulator-control.ts';
import { api, login } from '../../helpers/http.ts';
import { playCount, variablesSet, waitForPlay } from '../../helpers/ivr.ts';
import { answersOf, finishedResponse } from '../../helpers/records.ts';
import { CTI_QUEUES, startStandaloneEmulator } from '../../helpers/standalone-emulator.ts';
import { waitFor } from '../../helpers/wait.ts';

/**
 * Node A, cti137's real entry point in a child process, is killed with SIGKILL while one caller is
 * half-way through the survey and another is in the welcome menu: no release, no goodbye, its ARI
 * socket simply dies. Node B (in this process, no session of its own) takes both over.
 */
async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

/** A quarter of real time: both callers are still mid-question when the kill lands, even on a loaded machine. */
const SCALE = 0.25;

describe('kill -9 of the node driving the IVR', () => {
  let emu: Emulator;
  let env: Record<string, string>;
  let db: TestDb;
  let child: ChildProcess | undefined;
  let b: TestApp | undefined;
  let output = '';

  beforeAll(async () => {
    ({ emu, env } = await startStandaloneEmulator(CTI_QUEUES, SCALE));
    db = await createTestDatabase();
    await seedDemoUsers(db.pool, 'demo137');
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await b?.close();
    await emu?.close();
    await db?.drop();
  });

  async function startChild(): Promise<string> {
    const port = await freePort();
    const childEnv: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) {
      if (v !== undefined && !/^(DATABASE_URL|REDIS_URL|ASTERISK_|EMULATOR_|DEMO)/.test(k)) childEnv[k] = v;
    }
    Object.assign(childEnv, {
      ...{ DATABASE_URL: db.url, PORT: String(port), EMULATOR_TIME_SCALE: String(SCALE), WRAPUP_SECONDS: '1' },
      ...{ ASTERISK_AMI_URL: env.ASTERISK_AMI_URL, ASTERISK_ARI_URL: env.ASTERISK_ARI_URL, LOG_LEVEL: 'warn' },
    });
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const url = `http://127.0.0.1:${port}`;
    await waitFor(
      async () => {
        if (child!.exitCode !== null) throw new Error(`cti137 exited: ${output}`);
        return (await fetch(`${url}/health`).catch(() => null))?.status === 200;
      },
      60_000,
      'node A up',
    );
    return url;
  }

  const callRow = (linkedid: string) =>
    db.pool
      .query<{ id: string; answered_at: Date | null }>(`SELECT id::text, answered_at FROM calls WHERE linkedid = $1`, [
        linkedid,
      ])
      .then((r) => r.rows[0]);

  it('the survey goes on at its next question and the menu starts over, on node B, nothing stored twice', async () => {
    const url = await startChild();
    const e = env.EMULATOR_URL!;
    const cookie = await login(url, 'operator1');
    expect((await api(url, cookie, 'POST', '/api/v1/operators/me/state', { state: 'ready' })).status).toBe(200);
    const rated = await dial(e, '09126660001');
    await waitForPlay(e, rated.channelId, 'cti137/menu');
    await press(e, rated.channelId, '1');
    const answered = await waitFor(
      async () => {
        await emulator(e, 'POST', '/_emulator/endpoints/1001/answer').catch(() => undefined);
        const r = await callRow(rated.linkedid);
        return r?.answered_at ? r : undefined;
      },
      10_000,
      'PJSIP/1001 answered',
    );
    // 12 emulated seconds of talk (3 s real), so the rating is not a short call.
    await waitFor(() => Date.now() - answered.answered_at!.getTime() > 12_000 * SCALE + 200, 10_000, 'talk');
    await hangUpPhone(e, '1001');
    await waitForPlay(e, rated.channelId, 'cti137/survey-courtesy');
    await press(e, rated.channelId, '4');
    // Q2 starts only once Q1's answer is committed.
    await waitForPlay(e, rated.channelId, 'cti137/survey-registered');
    const welcome = await dial(e, '09126660002');
    await waitForPlay(e, welcome.channelId, 'cti137/menu');

    const exited = new Promise((r) => child!.once('exit', r));
    child!.kill('SIGKILL');
    await exited;
    await waitFor(
      async () => (await emulator<{ apps: string[] }>(e, 'GET', '/_emulator/state')).apps.length === 0,
      5000,
      'app inactive',
    );
    // Keys pressed with no node connected go nowhere (2 would be a valid "no" to Q2).
    await press(e, rated.channelId, '2');

    b = await startTestApp(env, { db, keepDb: true, timeScale: SCALE });
    await waitForPlay(b, rated.channelId, 'cti137/survey-registered', 2);
    await press(b, rated.channelId, '1');
    await waitForPlay(b, welcome.channelId, 'cti137/welcome', 2);
    await press(b, welcome.channelId, '1');

    const r = await finishedResponse(b, answered.id);
    expect(r.status).toBe('complete');
    expect(r.flags).toEqual(['ari-reconnected']);
    expect(await answersOf(b, r.id)).toEqual([
      { code: 'courtesy', version: 1, value: 4 },
      { code: 'registered', version: 1, value: 1 },
    ]);
    expect((await db.pool.query(`SELECT 1 FROM survey_answers WHERE response_id = $1`, [r.id])).rowCount).toBe(2);
    expect(await playCount(b, rated.channelId, 'cti137/survey-courtesy')).toBe(1);
    await waitFor(async () => (await variablesSet(b!, welcome.channelId)).CTI_QUEUE === 'q137', 5000, 'menu choice');
    // A child's start (tsx compiling the whole app) takes 10-20 s on two busy cores.
  }, 90_000);
});
