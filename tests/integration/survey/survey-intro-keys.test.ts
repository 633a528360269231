import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { callReachingOperator, hangUpPhone, press, talkFor } from '../../helpers/calls.ts';
import { playsOf, waitForPlay } from '../../helpers/ivr.ts';
import { readyOperator, setState, type Operator } from '../../helpers/operators.ts';
import { answersOf, callIdOf, finishedResponse } from '../../helpers/records.ts';

const INTRO = 'cti137/survey-intro';
const COURTESY = 'cti137/survey-courtesy';
const REGISTERED = 'cti137/survey-registered';

/**
 * Keys pressed during the survey's intro, which cannot be interrupted. The emulator delivers them
 * as ChannelDtmfReceived while the intro plays, as Asterisk does; the rule (src/ivr/README.md):
 * the first key valid for question 1 answers it, other keys are dropped, and no question the
 * caller has not heard is answered. The clock runs at 0.2 here so that the intro lasts 900 ms real
 * and every key of a test lands inside it (a key landing later would change what is played, so a
 * slow machine makes these tests fail, never pass wrongly).
 */
describe('keys pressed during the survey intro', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({}, { timeScale: 0.2 });
  });

  afterAll(async () => {
    await app?.close();
  });

  /** operatorN takes a call, talks, hangs up; resolves once the survey intro has begun. */
  async function inIntro(n: number, from: string): Promise<Operator & { channelId: string; callId: string }> {
    const op = await readyOperator(app, `operator${n}`);
    const channelId = await callReachingOperator(app, from, `100${n}`);
    await talkFor(app, channelId, 11);
    await hangUpPhone(app, `100${n}`);
    await waitForPlay(app, channelId, INTRO);
    return { channelId, callId: await callIdOf(app, channelId), ...op };
  }

  const survey = async (channelId: string) =>
    (await playsOf(app, channelId)).map((p) => p.media.join(',')).filter((m) => !m.includes('cti137/welcome'));

  it('5 during the intro answers question 1 without it being played; question 2 is asked as usual', async () => {
    const c = await inIntro(1, '09121120001');
    await press(app, c.channelId, '5');
    await waitForPlay(app, c.channelId, REGISTERED);
    await press(app, c.channelId, '1');
    const r = await finishedResponse(app, c.callId);
    expect(r).toMatchObject({ status: 'complete', flags: [], operator_id: c.id });
    expect(await answersOf(app, r.id)).toEqual([
      { code: 'courtesy', version: 1, value: 5 },
      { code: 'registered', version: 1, value: 1 },
    ]);
    expect(await survey(c.channelId)).toEqual([`sound:${INTRO}`, `sound:${REGISTERED}`, 'sound:cti137/thank-you']);
    await setState(app, c, 'logged-out');
  });

  it('keys for both questions during the intro: the first answers question 1, question 2 still waits for its own key', async () => {
    const c = await inIntro(2, '09121120002');
    // 4 for the operator, then 2 ("no") for a question the caller has not heard yet.
    await press(app, c.channelId, '42');
    await waitForPlay(app, c.channelId, REGISTERED);
    await press(app, c.channelId, '1');
    const r = await finishedResponse(app, c.callId);
    expect(r.status).toBe('complete');
    expect(await answersOf(app, r.id)).toEqual([
      { code: 'courtesy', version: 1, value: 4 },
      { code: 'registered', version: 1, value: 1 },
    ]);
    expect(await survey(c.channelId)).toEqual([`sound:${INTRO}`, `sound:${REGISTERED}`, 'sound:cti137/thank-you']);
    await setState(app, c, 'logged-out');
  });

  it('odd keys (*, #, 0, 9) during the intro answer nothing and are not counted as wrong answers', async () => {
    const c = await inIntro(3, '09121120003');
    await press(app, c.channelId, '*#09');
    await waitForPlay(app, c.channelId, COURTESY);
    await press(app, c.channelId, '3');
    await waitForPlay(app, c.channelId, REGISTERED);
    await press(app, c.channelId, '2');
    const r = await finishedResponse(app, c.callId);
    expect(r.status).toBe('complete');
    expect(await answersOf(app, r.id)).toEqual([
      { code: 'courtesy', version: 1, value: 3 },
      { code: 'registered', version: 1, value: 2 },
    ]);
    // Question 1 played once, with no "invalid key" before it.
    expect(await survey(c.channelId)).toEqual([
      `sound:${INTRO}`,
      `sound:${COURTESY}`,
      `sound:${REGISTERED}`,
      'sound:cti137/thank-you',
    ]);
    await setState(app, c, 'logged-out');
  });

  it('an odd key then a rating key during the intro: the rating answers question 1', async () => {
    const c = await inIntro(4, '09121120004');
    await press(app, c.channelId, '#3');
    await waitForPlay(app, c.channelId, REGISTERED);
    await press(app, c.channelId, '2');
    const r = await finishedResponse(app, c.callId);
    expect(await answersOf(app, r.id)).toEqual([
      { code: 'courtesy', version: 1, value: 3 },
      { code: 'registered', version: 1, value: 2 },
    ]);
    expect(await survey(c.channelId)).toEqual([`sound:${INTRO}`, `sound:${REGISTERED}`, 'sound:cti137/thank-you']);
    await setState(app, c, 'logged-out');
  });
});
