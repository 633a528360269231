import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { CallAnswered, ScreenPop } from '../../src/agent-desk/index.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { answerPhone, dial, hangUpPhone, live, press } from '../helpers/calls.ts';
import { api, login } from '../helpers/http.ts';
import { waitForPlay } from '../helpers/ivr.ts';
import { setState, untilReady } from '../helpers/operators.ts';
import { waitForRow } from '../helpers/records.ts';
import { connected, deskSocket } from '../helpers/sockets.ts';
import { waitFor } from '../helpers/wait.ts';

interface Category {
  id: string;
  parentId: string | null;
  hazard: boolean;
}

/** One citizen's call the whole way: IVR → queue → ring + screen-pop → answer → request → hang up → keypad survey. */
describe('one call end to end', () => {
  let app: TestApp;
  let cookie: string;
  let desk: Socket;
  const pops: ScreenPop[] = [];
  const answered: CallAnswered[] = [];
  let categoryId: string;

  beforeAll(async () => {
    app = await startTestApp();
    cookie = await login(app.url, 'operator1');
    desk = deskSocket(app.url, cookie);
    desk.on('screen-pop', (p: ScreenPop) => pops.push(p));
    desk.on('call:answered', (a: CallAnswered) => answered.push(a));
    await connected(desk);
    const ready = await setState(app, { cookie }, 'ready');
    expect(ready.state).toBe('ready');
    const cats = await api<Category[]>(app.url, cookie, 'GET', '/api/v1/categories');
    categoryId = cats.body.find((c) => c.parentId !== null && !c.hazard)!.id;
  });

  afterAll(async () => {
    desk?.close();
    await app?.close();
  });

  async function callAndSurvey(
    from: string,
    digits: string[],
    typedPhone = from,
  ): Promise<{ pop: ScreenPop; trackingCode: string; channelId: string }> {
    const before = pops.length;
    const { channelId } = await dial(app, from);
    // Welcome menu: 1 = a new request.
    await waitFor(() => live(app, channelId) !== undefined, 5000, 'call tracked');
    await waitForPlay(app, channelId, 'cti137/menu');
    await press(app, channelId, '1');
    await waitFor(() => pops.length > before, 10_000, 'screen-pop');
    const pop = pops.at(-1)!;
    await answerPhone(app, '1001', channelId);
    await waitFor(() => answered.some((a) => a.callId === pop.callId), 5000, 'call:answered');
    const req = await api<{ trackingCode: string }>(app.url, cookie, 'POST', '/api/v1/requests', {
      callId: pop.callId,
      phone: typedPhone,
      categoryId,
      description: 'چاله بزرگ جلوی پلاک ۱۲ خیابان بوعلی',
      hazard: false,
    });
    expect(req.status).toBe(201);
    await hangUpPhone(app, '1001');
    // The survey asks two questions; like a caller, press each key once its question is playing.
    const prompts = ['cti137/survey-courtesy', 'cti137/survey-registered'];
    for (const [i, d] of digits.entries()) {
      await waitForPlay(app, channelId, prompts[i]!);
      await press(app, channelId, d);
    }
    await waitForRow(
      app,
      `SELECT 1 FROM survey_responses WHERE call_id = $1 AND status = 'complete'`,
      [pop.callId],
      'survey complete',
    );
    return { pop, trackingCode: req.body.trackingCode, channelId };
  }

  it('pops the caller on ring, registers a request, and scores the operator from the keypad', async () => {
    const first = await callAndSurvey('09121234567', ['4', '1']);
    expect(first.pop.caller.phone).toBe('+989121234567');
    expect(first.pop.history.calls).toEqual([]);
    expect(first.trackingCode).toMatch(/^\d{6,12}$/);

    // The keypad score is stored against operator1: supervisors see it live (operators see their own
    // only for closed shifts, so they cannot tell which caller gave which rating).
    const operatorId = app.directory.byInterface('PJSIP/1001')!.id;
    const scores = await api<{ responses: number; meanScore: number }>(
      app.url,
      await login(app.url, 'supervisor1'),
      'GET',
      `/api/v1/operators/${operatorId}/scores`,
    );
    expect(scores.status).toBe(200);
    expect(scores.body.responses).toBe(1);
    expect(scores.body.meanScore).toBe(4);

    // The same citizen calls again: the desk is filled in with the earlier call, its score and the request.
    await waitForRow(
      app,
      `SELECT 1 FROM calls WHERE id = $1 AND ended_at IS NOT NULL`,
      [first.pop.callId],
      'first call ended',
    );
    await untilReady(app, '1001');
    // The trunk presents the number in another form and the operator types it in Persian digits.
    const second = await callAndSurvey('00989121234567', ['5', '1'], '۰۹۱۲۱۲۳۴۵۶۷');
    expect(second.pop.caller.phone).toBe('+989121234567');
    // operator1 handled the first call too: the desk never shows an operator how a caller rated them.
    expect(second.pop.history.calls[0]).toMatchObject({
      callId: first.pop.callId,
      surveyScore: null,
      outcome: 'answered',
    });
    expect(second.pop.history.requests.map((r) => r.trackingCode)).toContain(first.trackingCode);
  });
});
