import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { emulator } from '../../helpers/emulator-control.ts';
import { waitFor } from '../../helpers/wait.ts';
import { callReachingOperator, hangUpCaller, hangUpPhone, press, talkFor } from '../../helpers/calls.ts';
import { waitForPlay } from '../../helpers/ivr.ts';
import { readyOperator, setState } from '../../helpers/operators.ts';
import { answersOf, callIdOf, finishedResponse } from '../../helpers/records.ts';

/**
 * The ARI event socket drops in the middle of a survey (a network blip: the emulator cuts it, the
 * channel stays in Stasis as in Asterisk). Nothing the caller said may be lost.
 */
describe('ARI WebSocket drop mid-survey', () => {
  let app: TestApp;
  let reconnects = 0;

  beforeAll(async () => {
    app = await startTestApp();
    app.aris.get('pbx1')!.on('connected', () => void reconnects++);
  });

  afterAll(async () => {
    await app?.close();
  });

  async function dropAri(): Promise<number> {
    const before = reconnects;
    const { dropped } = await emulator<{ dropped: number }>(app, 'POST', '/_emulator/ari/drop');
    expect(dropped).toBe(1);
    return before;
  }

  const reconnected = (before: number) =>
    waitFor(() => reconnects > before && app.aris.get('pbx1')!.connected, 10_000, 'ARI reconnected');

  async function inSurvey(n: number, from: string) {
    const op = await readyOperator(app, `operator${n}`);
    const channelId = await callReachingOperator(app, from, `100${n}`);
    await talkFor(app, channelId, 12);
    await hangUpPhone(app, `100${n}`);
    await waitForPlay(app, channelId, 'cti137/survey-courtesy');
    return { ...op, channelId, callId: await callIdOf(app, channelId) };
  }

  it('the caller is picked up again after the reconnect and the survey goes on to the end', async () => {
    const c = await inSurvey(1, '09124440001');
    const before = await dropAri();
    await reconnected(before);
    // The prompt's end was lost with the socket; after the resync the question times out as silence and is asked again.
    await waitForPlay(app, c.channelId, 'cti137/survey-courtesy', 2);
    await press(app, c.channelId, '4');
    await waitForPlay(app, c.channelId, 'cti137/survey-registered');
    await press(app, c.channelId, '1');
    const r = await finishedResponse(app, c.callId);
    expect(r.status).toBe('complete');
    // Honest answers, so nothing suspect; the reconnect is noted for whoever audits the survey.
    expect(r.flags).toEqual(['ari-reconnected']);
    expect((await answersOf(app, r.id)).map((a) => a.value)).toEqual([4, 1]);
    await setState(app, c, 'logged-out');
  });

  it('a caller who hangs up while the socket is down: the answers given are stored, the response partial and marked', async () => {
    const c = await inSurvey(2, '09124440002');
    await press(app, c.channelId, '5');
    await waitForPlay(app, c.channelId, 'cti137/survey-registered');
    const before = await dropAri();
    // The hang-up's events go nowhere: no app socket.
    await hangUpCaller(app, c.channelId);
    await reconnected(before);
    const r = await finishedResponse(app, c.callId);
    expect(r.status).toBe('partial');
    expect(r.flags).toContain('caller-left');
    expect(await answersOf(app, r.id)).toEqual([{ code: 'courtesy', version: 1, value: 5 }]);
    await setState(app, c, 'logged-out');
  });
});
