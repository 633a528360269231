import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { ScreenPop } from '../../../src/agent-desk/index.ts';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { api } from '../../helpers/http.ts';
import { connected, deskSocket } from '../../helpers/sockets.ts';
import { waitFor } from '../../helpers/wait.ts';
import { answerPhone, dial, hangUpPhone, press } from '../../helpers/calls.ts';
import { waitForPlay } from '../../helpers/ivr.ts';
import { readyOperator, setState } from '../../helpers/operators.ts';
import { answersOf, finishedResponse } from '../../helpers/records.ts';

const COURTESY = 'cti137/survey-courtesy';
const REGISTERED = 'cti137/survey-registered';

interface Served {
  channelId: string;
  callId: string;
  operatorId: string;
  trackingCode: string | null;
  requestId: string | null;
}

/**
 * Issue 5, item 2: a survey response is linked to its call and to the request registered in it.
 * The operator registers the request from the desk during the call (POST /api/v1/requests with the
 * screen-pop's call id), hangs up, the caller rates on the keypad; then survey_responses.call_id →
 * calls.id ← requests.call_id must lead from each response to its own call and request, and to
 * nothing else.
 */
describe('survey response ↔ call ↔ request', () => {
  let app: TestApp;
  let categoryId: string;
  const desks: Socket[] = [];

  beforeAll(async () => {
    app = await startTestApp();
  });

  afterAll(async () => {
    for (const d of desks) d.close();
    await app?.close();
  });

  /** operatorN's desk takes a call from `from`; registers a request during it unless told not to; hangs up; the caller presses `digits`. */
  async function served(n: number, from: string, digits: [string, string], register: boolean): Promise<Served> {
    const op = await readyOperator(app, `operator${n}`);
    const desk = deskSocket(app.url, op.cookie);
    desks.push(desk);
    const pops: ScreenPop[] = [];
    desk.on('screen-pop', (p: ScreenPop) => pops.push(p));
    await connected(desk);
    categoryId ??= (
      await api<Array<{ id: string; parentId: string | null; hazard: boolean }>>(
        app.url,
        op.cookie,
        'GET',
        '/api/v1/categories',
      )
    ).body.find((c) => c.parentId !== null && !c.hazard)!.id;

    const { channelId } = await dial(app, from);
    await waitForPlay(app, channelId, 'cti137/menu');
    await press(app, channelId, '1');
    await waitFor(() => pops.length > 0, 10_000, 'screen-pop');
    const { callId } = pops[0]!;
    await answerPhone(app, `100${n}`);
    let trackingCode: string | null = null;
    let requestId: string | null = null;
    if (register) {
      const req = await api<{ id: string; trackingCode: string }>(app.url, op.cookie, 'POST', '/api/v1/requests', {
        callId,
        phone: from,
        categoryId,
        description: `چراغ خیابان خاموش است، تماس ${from}`,
        hazard: false,
      });
      expect(req.status).toBe(201);
      ({ id: requestId, trackingCode } = req.body);
      requestId = String(requestId);
    }
    await hangUpPhone(app, `100${n}`);
    await waitForPlay(app, channelId, COURTESY);
    await press(app, channelId, digits[0]);
    await waitForPlay(app, channelId, REGISTERED);
    await press(app, channelId, digits[1]);
    await setState(app, op, 'logged-out');
    return { channelId, callId, operatorId: op.id, trackingCode, requestId };
  }

  /** From a response, by the schema's links alone: its call, and every request registered in that call. */
  async function linksOf(responseId: string) {
    const r = await app.db.query<{
      call_id: string;
      linkedid: string;
      call_operator: string | null;
      response_operator: string | null;
      request_id: string | null;
      tracking_code: string | null;
      request_call_id: string | null;
    }>(
      `SELECT c.id::text AS call_id, c.linkedid, c.operator_id::text AS call_operator, sr.operator_id::text AS response_operator,
              q.id::text AS request_id, q.tracking_code, q.call_id::text AS request_call_id
         FROM survey_responses sr
         JOIN calls c ON c.id = sr.call_id
         LEFT JOIN requests q ON q.call_id = c.id
        WHERE sr.id = $1
        ORDER BY q.id`,
      [responseId],
    );
    return r.rows;
  }

  it('leads from each keypad rating to its own call and to the request registered in it', async () => {
    const a = await served(1, '09121230001', ['5', '1'], true);
    const b = await served(2, '09121230002', ['2', '2'], true);
    // A call in which nothing was registered: its rating must lead to no request.
    const c = await served(3, '09121230003', ['3', '1'], false);

    const ra = await finishedResponse(app, a.callId);
    const rb = await finishedResponse(app, b.callId);
    const rc = await finishedResponse(app, c.callId);
    expect([ra.status, rb.status, rc.status]).toEqual(['complete', 'complete', 'complete']);
    expect((await answersOf(app, ra.id)).map((x) => x.value)).toEqual([5, 1]);
    expect((await answersOf(app, rb.id)).map((x) => x.value)).toEqual([2, 2]);

    for (const [s, r] of [
      [a, ra],
      [b, rb],
    ] as const) {
      const links = await linksOf(r.id);
      // Exactly one request per call: the one the operator registered, found through the call.
      expect(links).toHaveLength(1);
      expect(links[0]).toEqual({
        call_id: s.callId,
        linkedid: s.channelId,
        call_operator: s.operatorId,
        response_operator: s.operatorId,
        request_id: s.requestId,
        tracking_code: s.trackingCode,
        request_call_id: s.callId,
      });
    }
    expect(a.trackingCode).not.toBe(b.trackingCode);
    expect(await linksOf(rc.id)).toEqual([
      {
        call_id: c.callId,
        linkedid: c.channelId,
        call_operator: c.operatorId,
        response_operator: c.operatorId,
        request_id: null,
        tracking_code: null,
        request_call_id: null,
      },
    ]);

    // And back: the request's call carries that call's one survey response.
    const back = await app.db.query<{ tracking_code: string; response_id: string }>(
      `SELECT q.tracking_code, sr.id::text AS response_id FROM requests q JOIN survey_responses sr ON sr.call_id = q.call_id ORDER BY q.id`,
    );
    expect(back.rows).toEqual([
      { tracking_code: a.trackingCode, response_id: ra.id },
      { tracking_code: b.trackingCode, response_id: rb.id },
    ]);
  });
});
