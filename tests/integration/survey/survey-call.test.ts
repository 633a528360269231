import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { api, login } from '../../helpers/http.ts';
import { callReachingOperator, hangUpCaller, hangUpPhone, press, talkFor } from '../../helpers/calls.ts';
import { playCount, playsOf, waitForPlay } from '../../helpers/ivr.ts';
import { readyOperator, setState, type Operator } from '../../helpers/operators.ts';
import { answersOf, callIdOf, finishedResponse } from '../../helpers/records.ts';

const COURTESY = 'cti137/survey-courtesy';
const REGISTERED = 'cti137/survey-registered';

/** The keypad survey after the operator hangs up, against the emulator: answers, re-prompts, hang-ups, flags. */
describe('post-call survey', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });

  afterAll(async () => {
    await app?.close();
  });

  /** operatorN takes one call from `from`, talks `seconds` (emulated), hangs up: the caller is in the survey. */
  async function servedBy(
    n: number,
    from: string,
    seconds = 11,
  ): Promise<Operator & { channelId: string; callId: string }> {
    const op = await readyOperator(app, `operator${n}`);
    const channelId = await callReachingOperator(app, from, `100${n}`);
    await talkFor(app, channelId, seconds);
    await hangUpPhone(app, `100${n}`);
    return { channelId, callId: await callIdOf(app, channelId), ...op };
  }

  it('a full survey: both answers stored under their question versions, credited to the operator, unflagged', async () => {
    const c = await servedBy(1, '09121110001');
    await waitForPlay(app, c.channelId, COURTESY);
    await press(app, c.channelId, '4');
    await waitForPlay(app, c.channelId, REGISTERED);
    await press(app, c.channelId, '1');
    const r = await finishedResponse(app, c.callId);
    expect(r).toMatchObject({ status: 'complete', flags: [], operator_id: c.id });
    expect(await answersOf(app, r.id)).toEqual([
      { code: 'courtesy', version: 1, value: 4 },
      { code: 'registered', version: 1, value: 1 },
    ]);
    // Persian prompts, and the caller hears thanks before the IVR hangs up.
    const plays = await playsOf(app, c.channelId);
    expect(plays.every((p) => p.lang === 'fa')).toBe(true);
    expect(plays.at(-1)!.media).toEqual(['sound:cti137/thank-you']);
    const mine = await api<{
      responses: number;
      meanScore: number;
      rankedResponses: number;
      offered: number;
      completed: number;
      responseRate: number;
    }>(app.url, await login(app.url, 'supervisor1'), 'GET', `/api/v1/operators/${c.id}/scores`);
    expect(mine.body).toMatchObject({
      responses: 1,
      meanScore: 4,
      rankedResponses: 1,
      offered: 1,
      completed: 1,
      responseRate: 1,
    });
    await setState(app, c, 'logged-out');
  });

  it('a caller who hangs up after question 1 keeps answer 1; the response is partial and marked caller-left', async () => {
    const c = await servedBy(2, '09121110002');
    await waitForPlay(app, c.channelId, COURTESY);
    await press(app, c.channelId, '5');
    await waitForPlay(app, c.channelId, REGISTERED);
    await hangUpCaller(app, c.channelId);
    const r = await finishedResponse(app, c.callId);
    expect(r.status).toBe('partial');
    expect(r.flags).toEqual(['caller-left']);
    expect(await answersOf(app, r.id)).toEqual([{ code: 'courtesy', version: 1, value: 5 }]);
    // An honest partial answer still counts for the operator.
    const mine = await api<{ responses: number; rankedResponses: number; completed: number; offered: number }>(
      app.url,
      await login(app.url, 'supervisor1'),
      'GET',
      `/api/v1/operators/${c.id}/scores`,
    );
    expect(mine.body).toMatchObject({ responses: 1, rankedResponses: 1, completed: 0, offered: 1 });
    await setState(app, c, 'logged-out');
  });

  it('invalid keys and silence: each question is asked again once, then skipped', async () => {
    const c = await servedBy(3, '09121110003');
    // Question 1: two wrong keys (7, then 8 after the re-prompt): skipped.
    await waitForPlay(app, c.channelId, COURTESY);
    await press(app, c.channelId, '7');
    await waitForPlay(app, c.channelId, COURTESY, 2);
    await press(app, c.channelId, '8');
    // Question 2: silence, then the re-prompt, then a valid key.
    await waitForPlay(app, c.channelId, REGISTERED, 2);
    await press(app, c.channelId, '2');
    const r = await finishedResponse(app, c.callId);
    expect(r.status).toBe('partial');
    expect(await answersOf(app, r.id)).toEqual([{ code: 'registered', version: 1, value: 2 }]);
    const plays = (await playsOf(app, c.channelId)).map((p) => p.media.join(','));
    expect(plays).toEqual([
      'sound:cti137/welcome,sound:cti137/menu',
      'sound:cti137/survey-intro',
      `sound:${COURTESY}`,
      `sound:cti137/invalid,sound:${COURTESY}`,
      `sound:${REGISTERED}`,
      `sound:cti137/invalid,sound:${REGISTERED}`,
      'sound:cti137/thank-you',
    ]);
    await setState(app, c, 'logged-out');
  });

  it('silence on every question: nothing stored, the response is no-answer, offered but not completed', async () => {
    const c = await servedBy(4, '09121110004');
    const r = await finishedResponse(app, c.callId);
    expect(r.status).toBe('no-answer');
    expect(await answersOf(app, r.id)).toEqual([]);
    expect(await playCount(app, c.channelId, COURTESY)).toBe(2);
    expect(await playCount(app, c.channelId, REGISTERED)).toBe(2);
    await setState(app, c, 'logged-out');
  });

  it('an operator who hangs up in the first seconds: the rating is kept, flagged short-call, and left out of the ranking', async () => {
    const op = await readyOperator(app, 'operator1');
    const channelId = await callReachingOperator(app, '09121110005', '1001');
    await hangUpPhone(app, '1001');
    const callId = await callIdOf(app, channelId);
    await waitForPlay(app, channelId, COURTESY);
    await press(app, channelId, '1');
    await waitForPlay(app, channelId, REGISTERED);
    await press(app, channelId, '2');
    const r = await finishedResponse(app, callId);
    expect(r).toMatchObject({ status: 'complete', flags: ['short-call'], operator_id: op.id });
    const mine = await api<{
      responses: number;
      meanScore: number;
      rankedResponses: number;
      bayesianScore: number;
      flagged: number;
      flags: Record<string, number>;
      note: string;
    }>(app.url, await login(app.url, 'supervisor1'), 'GET', `/api/v1/operators/${op.id}/scores`);
    // operator1's earlier 4 still ranks alone; the 1 from the short call is shown but not ranked.
    expect(mine.body).toMatchObject({
      responses: 2,
      meanScore: 2.5,
      rankedResponses: 1,
      flagged: 1,
      flags: { 'short-call': 1 },
    });
    expect(mine.body.note).toMatch(/short-call.*excluded from bayesianScore/);
    await setState(app, op, 'logged-out');
  });
});
