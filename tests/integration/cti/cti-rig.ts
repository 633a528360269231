// cti137 against an emulator running on its own (as a real Asterisk would) with the three queues
// of a 137 centre, and the little steps the CTI scenario tests repeat.
import { expect } from 'vitest';
import type { Emulator } from '../../../src/emulator/index.ts';
import { startStandaloneEmulator } from '../../helpers/standalone-emulator.ts';
import { api, emulator, login, startTestApp, TIME_SCALE, waitFor, type TestApp } from '../../helpers/app.ts';

export interface CtiRig {
  app: TestApp;
  emu: Emulator;
  supervisor: string;
  close(): Promise<void>;
}

/**
 * q137 rings a member for 30 emulated seconds (1.5 s real at the test clock): long enough that
 * a test answering a phone never races it, short enough for a ring-no-answer test.
 */
export const CTI_QUEUES = [
  { name: 'q137', strategy: 'rrmemory' as const, timeoutSec: 30, retrySec: 2 },
  { name: 'q137hazard', strategy: 'ringall' as const, timeoutSec: 30, retrySec: 1 },
  { name: 'q137overflow', strategy: 'linear' as const, timeoutSec: 30, retrySec: 1 },
];

/** `queues` and `timeScale` (emulator and IVR alike) for tests that need other timings. */
export async function startCtiRig(queues = CTI_QUEUES, timeScale = TIME_SCALE): Promise<CtiRig> {
  const { emu, env } = await startStandaloneEmulator(queues, timeScale);
  const app = await startTestApp(env, { timeScale });
  const supervisor = await login(app.url, 'supervisor1');
  return {
    app,
    emu,
    supervisor,
    async close() {
      await app.close();
      await emu.close();
    },
  };
}

export interface Operator {
  cookie: string;
  id: string;
  endpoint: string;
}

export async function signIn(app: TestApp, username: string): Promise<Operator> {
  const cookie = await login(app.url, username);
  const me = await api<{ user: { operatorId: string; extension: string } }>(app.url, cookie, 'GET', '/api/v1/auth/me');
  return { cookie, id: String(me.body.user.operatorId), endpoint: `100${username.slice(-1)}` };
}

export async function setState(
  app: TestApp,
  op: Operator,
  body: { state: 'ready' | 'logged-out' } | { state: 'paused'; reason: string },
): Promise<void> {
  const r = await api(app.url, op.cookie, 'POST', '/api/v1/operators/me/state', body);
  expect(r.status).toBe(200);
}

export const opState = (app: TestApp, op: Operator) => app.operators.snapshot(op.id).state;

/** The operator is back to ready (wrap-up over), as the next call needs. */
export const untilReady = (app: TestApp, op: Operator) =>
  waitFor(() => opState(app, op) === 'ready', 10_000, `operator ${op.endpoint} ready`);

/** A citizen calls 137 and presses 1 at the menu; returns the caller channel (= Linkedid). */
export async function callIntoQueue(app: TestApp, from: string): Promise<string> {
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
    'welcome menu',
  );
  await emulator(app, 'POST', `/_emulator/channels/${channelId}/dtmf`, { digits: '1' });
  await waitFor(() => app.tracker.get('pbx1', channelId)?.queue !== null, 10_000, 'caller queued');
  return channelId;
}

export const live = (app: TestApp, linkedid: string) => app.tracker.get('pbx1', linkedid);

/** Wait until the phone rings for this call, then pick it up. */
export async function answer(app: TestApp, linkedid: string, endpoint: string): Promise<void> {
  await waitFor(
    () =>
      live(app, linkedid)?.rings.some((r) => r.interface === `PJSIP/${endpoint}` && r.outcome === 'ringing') === true,
    10_000,
    `${endpoint} ringing`,
  );
  await emulator(app, 'POST', `/_emulator/endpoints/${endpoint}/answer`);
  await waitFor(
    () => live(app, linkedid)?.memberInterface === `PJSIP/${endpoint}` && live(app, linkedid)?.phase === 'talking',
    5000,
    `${endpoint} talking`,
  );
}

/** The call record once the caller has gone and the recorder has written everything. */
export async function finishedCall(app: TestApp, linkedid: string): Promise<Record<string, any>> {
  await waitFor(() => live(app, linkedid) === undefined, 10_000, 'call over');
  await app.recorder.flush();
  const r = await app.db.query(
    `SELECT *, id::text AS id, operator_id::text AS operator_id FROM calls WHERE linkedid = $1`,
    [linkedid],
  );
  expect(r.rowCount).toBe(1);
  return r.rows[0];
}

export async function ringsOf(app: TestApp, callId: string): Promise<string[]> {
  const r = await app.db.query<{ interface: string; outcome: string }>(
    `SELECT interface, outcome FROM call_ring_attempts WHERE call_id = $1 ORDER BY started_at, id`,
    [callId],
  );
  return r.rows.map((x) => `${x.interface}:${x.outcome}`);
}

/** The operator's stored state intervals, oldest first, as `state(reason)`. */
export async function intervalsOf(app: TestApp, op: Operator): Promise<string[]> {
  const r = await app.db.query<{ state: string; reason: string | null }>(
    `SELECT state, reason FROM operator_state_intervals WHERE operator_id = $1 ORDER BY started_at, id`,
    [op.id],
  );
  return r.rows.map((x) => (x.reason ? `${x.state}(${x.reason})` : x.state));
}

export async function liveOperators(
  app: TestApp,
  cookie: string,
): Promise<Map<string, { state: string; reason: string | null }>> {
  const r = await api<Array<{ id: string; state: string; reason: string | null }>>(
    app.url,
    cookie,
    'GET',
    '/api/v1/operators',
  );
  return new Map(r.body.map((o) => [o.id, o]));
}

export async function activeCalls(app: TestApp, cookie: string): Promise<Array<Record<string, any>>> {
  return (await api<Array<Record<string, any>>>(app.url, cookie, 'GET', '/api/v1/calls?active=true')).body;
}

export const realMs = (emulatedSeconds: number) => emulatedSeconds * 1000 * TIME_SCALE;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
