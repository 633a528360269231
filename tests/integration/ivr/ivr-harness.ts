// What the IVR and survey tests do over and over, the way a caller and an operator would: listen
// for a prompt (the IVR's ARI play, from the emulator's action log), press keys, answer and hang up
// the operator's phone. Everything goes through the emulator's control API and cti137's REST API.
import { expect } from 'vitest';
import { api, emulator, login, TIME_SCALE, waitFor, type TestApp } from '../../helpers/app.ts';

interface AriAction {
  proto: string;
  method?: string;
  path?: string;
  query?: Record<string, string>;
}

async function ariActions(app: TestApp, channelId: string): Promise<AriAction[]> {
  const all = await emulator<AriAction[]>(app, 'GET', '/_emulator/actions');
  const prefix = `/ari/channels/${encodeURIComponent(channelId)}/`;
  return all.filter((a) => a.proto === 'ari' && a.path?.startsWith(prefix));
}

/** Every ARI play the IVR sent to this channel: its media list and language, oldest first. */
export async function playsOf(
  app: TestApp,
  channelId: string,
): Promise<Array<{ media: string[]; lang: string | undefined }>> {
  return (await ariActions(app, channelId))
    .filter((a) => a.method === 'POST' && a.path!.includes('/play'))
    .map((a) => ({ media: (a.query?.media ?? '').split(','), lang: a.query?.lang }));
}

/** How many plays of this channel included a sound (e.g. `cti137/survey-courtesy`). */
export async function playCount(app: TestApp, channelId: string, sound: string): Promise<number> {
  return (await playsOf(app, channelId)).filter((p) => p.media.includes(`sound:${sound}`)).length;
}

/** Wait until the IVR has started playing `sound` for the `nth` time on this channel. */
export async function waitForPlay(app: TestApp, channelId: string, sound: string, nth = 1): Promise<void> {
  await waitFor(async () => (await playCount(app, channelId, sound)) >= nth, 10_000, `IVR playing ${sound} (#${nth})`);
}

/** Channel variables the IVR set over ARI (CTI_QUEUE, QUEUE_PRIO). */
export async function variablesSet(app: TestApp, channelId: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const a of await ariActions(app, channelId)) {
    if (a.method === 'POST' && a.path!.endsWith('/variable') && a.query?.variable)
      out[a.query.variable] = a.query.value ?? '';
  }
  return out;
}

export async function press(app: TestApp, channelId: string, digits: string): Promise<void> {
  await emulator(app, 'POST', `/_emulator/channels/${channelId}/dtmf`, { digits });
}

export async function call(app: TestApp, from: string): Promise<string> {
  const { channelId } = await emulator<{ channelId: string }>(app, 'POST', '/_emulator/calls', { from, to: '137' });
  return channelId;
}

/** Sign an operator in and press Ready; returns their session cookie and operator id. */
export async function readyOperator(app: TestApp, username: string): Promise<{ cookie: string; operatorId: string }> {
  const cookie = await login(app.url, username);
  const me = await api<{ user: { operatorId: string } }>(app.url, cookie, 'GET', '/api/v1/auth/me');
  await setState(app, cookie, 'ready');
  return { cookie, operatorId: String(me.body.user.operatorId) };
}

export async function setState(app: TestApp, cookie: string, state: 'ready' | 'logged-out' | 'paused'): Promise<void> {
  const res = await api(
    app.url,
    cookie,
    'POST',
    '/api/v1/operators/me/state',
    state === 'paused' ? { state, reason: 'break' } : { state },
  );
  expect(res.status).toBe(200);
}

/** The operator's phone rings: answer it (retrying until it rings). */
export async function answer(app: TestApp, endpoint: string): Promise<void> {
  await waitFor(
    () =>
      emulator(app, 'POST', `/_emulator/endpoints/${endpoint}/answer`).then(
        () => true,
        () => false,
      ),
    10_000,
    `phone ${endpoint} ringing`,
  );
}

/** Emulated seconds of talk, in real time at the tests' time scale. */
export const talk = (seconds: number) => new Promise((r) => setTimeout(r, seconds * 1000 * TIME_SCALE));

/** A caller reaches an operator: the menu, 1, the queue, the operator answers. */
export async function callReachingOperator(app: TestApp, from: string, endpoint: string): Promise<string> {
  const channelId = await call(app, from);
  await waitForPlay(app, channelId, 'cti137/menu');
  await press(app, channelId, '1');
  await answer(app, endpoint);
  return channelId;
}

/** The call record's id once the recorder has written it. */
export async function callIdOf(app: TestApp, channelId: string): Promise<string> {
  let id: string | undefined;
  await waitFor(
    async () => {
      id = (await app.db.query<{ id: string }>(`SELECT id::text FROM calls WHERE linkedid = $1`, [channelId])).rows[0]
        ?.id;
      return id !== undefined;
    },
    5000,
    'call record',
  );
  return id!;
}

export interface StoredResponse {
  id: string;
  status: string;
  flags: string[];
  operator_id: string | null;
}

export async function responseOf(app: TestApp, callId: string): Promise<StoredResponse | undefined> {
  const r = await app.db.query<StoredResponse>(
    `SELECT id::text, status, flags, operator_id::text FROM survey_responses WHERE call_id = $1`,
    [callId],
  );
  return r.rows[0];
}

/** Wait until the survey of this call has ended (finished_at set). */
export async function finishedResponse(app: TestApp, callId: string): Promise<StoredResponse> {
  await waitFor(
    async () =>
      (await app.db.query(`SELECT 1 FROM survey_responses WHERE call_id = $1 AND finished_at IS NOT NULL`, [callId]))
        .rowCount === 1,
    10_000,
    'survey finished',
  );
  return (await responseOf(app, callId))!;
}

/** Answers of a response: question code, version and value. */
export async function answersOf(
  app: TestApp,
  responseId: string,
): Promise<Array<{ code: string; version: number; value: number }>> {
  const r = await app.db.query<{ code: string; version: number; value: number }>(
    `SELECT q.code, q.version, a.value FROM survey_answers a JOIN survey_questions q ON q.id = a.question_id WHERE a.response_id = $1 ORDER BY q.position`,
    [responseId],
  );
  return r.rows;
}
