import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoUsers } from '../../../src/auth/demo-users.ts';
import type { Emulator } from '../../../src/emulator/index.ts';
import { hangUpCaller, hangUpPhone, placeCall } from '../../helpers/calls.ts';
import { createTestDatabase, type TestDb } from '../../helpers/db.ts';
import { emulator } from '../../helpers/emulator-control.ts';
import { api, login } from '../../helpers/http.ts';
import { startStandaloneEmulator } from '../../helpers/standalone-emulator.ts';
import { waitFor } from '../../helpers/wait.ts';

/**
 * cti137 killed with SIGKILL mid-call (no flush, no goodbye: whatever it had in memory is lost)
 * and started again on the same database, against an Asterisk that kept the calls. What the
 * records already said must survive: the call still up is answered by its operator, with its own
 * answer time and wait, and its survey is not suspect; a call that ended while cti137 was down is
 * closed, answered as it was, with an end reason that says nobody saw how it ended.
 */
async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

interface Row {
  answered_at: Date | null;
  ended_at: Date | null;
  end_reason: string | null;
  wait_seconds: number | null;
  operator_id: string | null;
  member_interface: string | null;
  id: string;
}

describe('a crash of cti137 mid-call', () => {
  let emu: Emulator;
  let env: Record<string, string>;
  let db: TestDb;
  let child: ChildProcess | undefined;
  let url = '';
  let output = '';

  beforeAll(async () => {
    ({ emu, env } = await startStandaloneEmulator());
    db = await createTestDatabase();
    await seedDemoUsers(db.pool, 'demo137');
  });
  afterAll(async () => {
    await kill();
    await emu?.close();
    await db?.drop();
  });

  /** cti137's real entry point in a child process, against the standalone emulator. */
  async function start(): Promise<void> {
    const port = await freePort();
    const childEnv: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) {
      if (v !== undefined && !/^(DATABASE_URL|REDIS_URL|ASTERISK_|EMULATOR_|DEMO)/.test(k)) childEnv[k] = v;
    }
    Object.assign(childEnv, {
      DATABASE_URL: db.url,
      PORT: String(port),
      ASTERISK_AMI_URL: env.ASTERISK_AMI_URL,
      ASTERISK_ARI_URL: env.ASTERISK_ARI_URL,
      EMULATOR_TIME_SCALE: '0.05',
      WRAPUP_SECONDS: '1',
      LOG_LEVEL: 'warn',
    });
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    url = `http://127.0.0.1:${port}`;
    await waitFor(
      async () => {
        if (child!.exitCode !== null) throw new Error(`cti137 exited: ${output}`);
        const r = await fetch(`${url}/health`).catch(() => null);
        return r?.status === 200;
      },
      60_000,
      'cti137 up',
    );
  }

  async function kill(): Promise<void> {
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  const row = async (linkedid: string): Promise<Row | undefined> =>
    (
      await db.pool.query<Row>(
        `SELECT id::text, answered_at, ended_at, end_reason, wait_seconds, operator_id::text, member_interface FROM calls WHERE linkedid = $1`,
        [linkedid],
      )
    ).rows[0];

  /** The operator on `ext` picks up the call (retrying while their phone is not ringing yet). */
  async function answered(ext: string, linkedid: string): Promise<Row> {
    return waitFor(
      async () => {
        await emulator(env.EMULATOR_URL!, 'POST', `/_emulator/endpoints/${ext}/answer`).catch(() => undefined);
        const r = await row(linkedid);
        return r?.answered_at && r.operator_id ? r : undefined;
      },
      10_000,
      `PJSIP/${ext} answered`,
    );
  }

  it('keeps the answered call answered by its operator, its survey unflagged, and closes the call that ended unseen', async () => {
    await start();
    const ops: Record<string, string> = {};
    for (const name of ['operator1', 'operator2']) {
      const cookie = await login(url, name);
      const me = await api<{ user: { operatorId: string } }>(url, cookie, 'GET', '/api/v1/auth/me');
      ops[name] = String(me.body.user.operatorId);
      expect((await api(url, cookie, 'POST', '/api/v1/operators/me/state', { state: 'ready' })).status).toBe(200);
    }
    // Two calls answered, one by each operator; the second ends while cti137 is down.
    const a = await placeCall(env.EMULATOR_URL!, '09121230001');
    const before = await answered('1001', a.linkedid);
    const b = await placeCall(env.EMULATOR_URL!, '09121230002');
    const bBefore = await answered('1002', b.linkedid);

    await kill();
    // cti137 is gone: the operator of B hangs up, the survey cannot start, the caller leaves.
    await hangUpPhone(env.EMULATOR_URL!, '1002');
    await hangUpCaller(env.EMULATOR_URL!, b.channelId).catch(() => undefined);
    await start();

    // B: closed, still answered by operator2, its end unseen.
    const bAfter = await waitFor(
      async () => ((await row(b.linkedid))?.ended_at ? row(b.linkedid) : undefined),
      10_000,
      'B closed',
    );
    expect(bAfter).toMatchObject({ end_reason: 'unseen', operator_id: ops.operator2, member_interface: 'PJSIP/1002' });
    expect(bAfter!.answered_at).toEqual(bBefore.answered_at);
    expect(bAfter!.ended_at!.getTime()).toBeGreaterThanOrEqual(bBefore.answered_at!.getTime());

    // A: still talking; the operator hangs up, the caller goes to the survey, which starts unflagged.
    await hangUpPhone(env.EMULATOR_URL!, '1001');
    const response = await waitFor(
      async () =>
        (
          await db.pool.query<{ flags: string[]; operator_id: string }>(
            `SELECT flags, operator_id::text FROM survey_responses WHERE call_id = $1`,
            [before.id],
          )
        ).rows[0],
      10_000,
      'survey of A started',
    );
    expect(response.operator_id).toBe(ops.operator1);
    expect(response.flags).not.toContain('hand-transfer');
    expect(response.flags).not.toContain('unverified');
    await hangUpCaller(env.EMULATOR_URL!, a.channelId).catch(() => undefined);
    const after = await waitFor(
      async () => ((await row(a.linkedid))?.ended_at ? row(a.linkedid) : undefined),
      10_000,
      'A ended',
    );
    expect(after).toMatchObject({
      end_reason: 'agent-hangup',
      operator_id: ops.operator1,
      member_interface: 'PJSIP/1001',
      wait_seconds: before.wait_seconds,
    });
    expect(after!.answered_at).toEqual(before.answered_at);
    expect((await db.pool.query(`SELECT 1 FROM calls`)).rowCount).toBe(2);
  });
});
