import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { api, login } from '../../helpers/http.ts';
import { loadConfig } from '../../../src/config/config.ts';
import { ShiftCalendar } from '../../../src/calendar/index.ts';
import { releasedScores, type ReleaseDeps } from '../../../src/survey/index.ts';
import { callReachingOperator, hangUpPhone, press, talkFor } from '../../helpers/calls.ts';
import { waitForPlay } from '../../helpers/ivr.ts';
import { readyOperator, setState } from '../../helpers/operators.ts';
import { callIdOf, finishedResponse } from '../../helpers/records.ts';

interface Released {
  operatorId: string;
  responses: number;
  rankedResponses: number;
  meanScore: number | null;
  flagged: number;
  perQuestion: Array<{ code: string; version: number; responses: number; mean: number }>;
  released: { beforeShift: string; beforeDate: string; at: string } | null;
  minNewRatings: number;
}

/** An instant given as Tehran wall-clock time (UTC+03:30, no DST since 2022). */
const tehran = (local: string) => new Date(`${local}:00+03:30`);

/**
 * An operator's own scores are released per closed shift, and only when every figure that moves
 * rests on at least K = 5 new ratings: a single rating never shows as a step. Supervisors see live.
 */
describe('operators see released scores only', () => {
  let app: TestApp;
  let deps: ReleaseDeps;
  const op: Record<number, string> = {};
  let seq = 0;

  /** A finished survey: call record, response and both answers (courtesy 1–5 scored, registered 1 yes). */
  async function rating(
    operator: number,
    courtesy: number,
    o: { day: string; shift: string; finished: string; flags?: string[] },
  ): Promise<void> {
    const call = await app.db.query<{ id: string }>(
      `INSERT INTO calls (server_id, linkedid, entered_at, shift_name, shift_date) VALUES ('pbx1', $1, $2, $3, $4) RETURNING id::text`,
      [`rel.${++seq}`, tehran(o.finished), o.shift, o.day],
    );
    const resp = await app.db.query<{ id: string }>(
      `INSERT INTO survey_responses (call_id, operator_id, status, flags, shift_name, shift_date, started_at, finished_at)
       VALUES ($1, $2, 'complete', $3, $4, $5, $6, $6) RETURNING id::text`,
      [call.rows[0]!.id, op[operator], o.flags ?? [], o.shift, o.day, tehran(o.finished)],
    );
    for (const [code, value] of [
      ['courtesy', courtesy],
      ['registered', 1],
    ] as const) {
      await app.db.query(
        `INSERT INTO survey_answers (response_id, question_id, digit, value) SELECT $1, id, $3::text, $3::int FROM survey_questions WHERE code = $2 AND version = 1`,
        [resp.rows[0]!.id, code, value],
      );
    }
  }

  beforeAll(async () => {
    app = await startTestApp();
    const r = await app.db.query<{ id: string; username: string }>(
      `SELECT o.id::text, u.username FROM operators o JOIN users u ON u.id = o.user_id`,
    );
    for (const x of r.rows) op[Number(x.username.replace('operator', ''))] = x.id;
    const cfg = loadConfig({});
    deps = {
      db: app.db,
      calendar: new ShiftCalendar(cfg.shifts, 'Asia/Tehran'),
      priorWeight: 20,
      minResponses: 20,
      minNewRatings: 5,
    };
  });

  afterAll(async () => {
    await app?.close();
  });

  it('releases a closed period only when every changed figure has at least K new ratings', async () => {
    const morning1 = { day: '2025-06-01', shift: 'morning', finished: '2025-06-01T10:00' };
    for (const c of [5, 4, 3, 5]) await rating(1, c, morning1);
    // Evening of 1 June: four ratings in the closed morning are fewer than K: nothing to see yet.
    const a = await releasedScores(deps, op[1]!, tehran('2025-06-01T16:00'));
    expect(a).toMatchObject({ responses: 0, meanScore: null, released: null });

    // A fifth (evening) rating; once the evening has closed, five are in: released.
    await rating(1, 2, { day: '2025-06-01', shift: 'evening', finished: '2025-06-01T17:00' });
    const b = await releasedScores(deps, op[1]!, tehran('2025-06-01T23:30'));
    expect(b).toMatchObject({
      responses: 5,
      rankedResponses: 5,
      meanScore: 19 / 5,
      released: { beforeShift: 'night', beforeDate: '2025-06-01' },
    });
    expect(b!.perQuestion).toEqual([
      { code: 'courtesy', version: 1, responses: 5, mean: 19 / 5, yesShare: null },
      { code: 'registered', version: 1, responses: 5, mean: 1, yesShare: 1 },
    ]);

    // One more rating in the night: after the night closes, the figure must not move by one rating.
    await rating(1, 1, { day: '2025-06-01', shift: 'night', finished: '2025-06-02T01:00' });
    const c = await releasedScores(deps, op[1]!, tehran('2025-06-02T08:00'));
    expect(c).toEqual(b);

    // Four more in the next morning: 1 + 4 = 5 new since the last release.
    for (const x of [5, 5, 5, 5])
      await rating(1, x, { day: '2025-06-02', shift: 'morning', finished: '2025-06-02T10:00' });
    const d = await releasedScores(deps, op[1]!, tehran('2025-06-02T16:00'));
    expect(d).toMatchObject({
      responses: 10,
      meanScore: 40 / 10,
      released: { beforeShift: 'evening', beforeDate: '2025-06-02' },
    });

    // Five fair ratings and one flagged: "flagged" (responses − ranked) would move by one, and
    // meanScore against bayesianScore would give that one rating away. Held back.
    for (const x of [4, 4, 4, 4, 4])
      await rating(1, x, { day: '2025-06-02', shift: 'evening', finished: '2025-06-02T18:00' });
    await rating(1, 1, { day: '2025-06-02', shift: 'evening', finished: '2025-06-02T18:00', flags: ['short-call'] });
    const e = await releasedScores(deps, op[1]!, tehran('2025-06-03T08:00'));
    expect(e).toEqual(d);
    // Four more flagged ones make five: all released together.
    for (let i = 0; i < 4; i++)
      await rating(1, 1, { day: '2025-06-02', shift: 'night', finished: '2025-06-03T02:00', flags: ['short-call'] });
    const f = await releasedScores(deps, op[1]!, tehran('2025-06-03T16:00'));
    expect(f).toMatchObject({ responses: 20, rankedResponses: 15, flagged: 5, meanScore: (40 + 20 + 5) / 20 });
  });

  it("a single rating given now cannot be read from the operator's endpoint, while supervisors see it live", async () => {
    // Five ratings from a closed day long ago: released at once.
    for (const c of [4, 4, 4, 4, 4])
      await rating(2, c, { day: '2025-05-01', shift: 'morning', finished: '2025-05-01T10:00' });
    const me = await readyOperator(app, 'operator2');
    const sup = await login(app.url, 'supervisor1');
    const before = await api<Released>(app.url, me.cookie, 'GET', '/api/v1/operators/me/scores');
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ operatorId: op[2], responses: 5, meanScore: 4, minNewRatings: 5 });
    expect(before.body.released).not.toBeNull();
    const liveBefore = await api<Released>(app.url, sup, 'GET', `/api/v1/operators/${op[2]}/scores`);
    expect(liveBefore.body.responses).toBe(5);

    // A real call, surveyed: the caller gives 1.
    const channelId = await callReachingOperator(app, '09125557001', '1002');
    await talkFor(app, channelId, 12);
    await hangUpPhone(app, '1002');
    await waitForPlay(app, channelId, 'cti137/survey-courtesy');
    await press(app, channelId, '1');
    await waitForPlay(app, channelId, 'cti137/survey-registered');
    await press(app, channelId, '1');
    expect((await finishedResponse(app, await callIdOf(app, channelId))).status).toBe('complete');

    // Supervisors: live, the new rating is in.
    const liveAfter = await api<Released>(app.url, sup, 'GET', `/api/v1/operators/${op[2]}/scores`);
    expect(liveAfter.body).toMatchObject({ responses: 6, meanScore: 21 / 6 });
    // The operator: byte for byte what they saw before, by every route open to them.
    const after = await api<Released>(app.url, me.cookie, 'GET', '/api/v1/operators/me/scores');
    expect(JSON.stringify(after.body)).toBe(JSON.stringify(before.body));
    const byId = await api<Released>(app.url, me.cookie, 'GET', `/api/v1/operators/${op[2]}/scores`);
    expect(JSON.stringify(byId.body)).toBe(JSON.stringify(before.body));
    // No period slicing and no daily trend for operators: either would isolate a few calls.
    const sliced = await api<{ error: { code: string; message: string } }>(
      app.url,
      me.cookie,
      'GET',
      '/api/v1/operators/me/scores?from=2025-05-01',
    );
    expect(sliced.status).toBe(400);
    expect(sliced.body.error.message).toMatch(/closed shifts/);
    expect((await api(app.url, me.cookie, 'GET', '/api/v1/scores/trend')).status).toBe(403);
    await setState(app, me, 'logged-out');
  });
});
