import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { api, login } from '../../helpers/http.ts';

interface Reach {
  answered: number;
  offered: number;
  completed: number;
  transferredOut: number;
  earlyHangups: number;
  reachRate: number | null;
  transferRate: number | null;
  earlyHangupRate: number | null;
  flags: string[];
}
interface Board {
  operators: Array<{ operatorId: string; offered: number; reach: Reach }>;
  reachCentre: { centre: Reach; earlyHangupSeconds: number };
}

const DAY = '2025-07-01';

/** Survey reach per operator from call records and responses written straight into the database, against hand-computed figures. */
describe('survey reach: answered calls against surveys offered', () => {
  let app: TestApp;
  const op: Record<number, string> = {};
  let seq = 0;

  /** n answered calls of one operator; `survey` gives each a response with that status. */
  async function calls(
    operator: number,
    n: number,
    o: { end: string; talk: number; survey?: 'complete' | 'no-answer'; flags?: string[] },
  ): Promise<void> {
    for (let i = 0; i < n; i++) {
      const c = await app.db.query<{ id: string }>(
        `INSERT INTO calls (server_id, linkedid, entered_at, answered_at, ended_at, operator_id, end_reason, talk_seconds, shift_name, shift_date)
         VALUES ('pbx1', $1, $2::date + time '09:00', $2::date + time '09:01', $2::date + time '09:05', $3, $4, $5, 'morning', $2) RETURNING id::text`,
        [`reach.${++seq}`, DAY, op[operator], o.end, o.talk],
      );
      if (o.survey) {
        await app.db.query(
          `INSERT INTO survey_responses (call_id, operator_id, status, flags, shift_name, shift_date) VALUES ($1, $2, $3, $4, 'morning', $5)`,
          [c.rows[0]!.id, op[operator], o.survey, o.flags ?? [], DAY],
        );
      }
    }
  }

  beforeAll(async () => {
    app = await startTestApp();
    const r = await app.db.query<{ id: string; username: string }>(
      `SELECT o.id::text, u.username FROM operators o JOIN users u ON u.id = o.user_id`,
    );
    for (const x of r.rows) op[Number(x.username.replace('operator', ''))] = x.id;
    // operator1: 40 answered; 32 hung up by the operator after a minute and surveyed (24 complete, 8 silent), 8 callers hung up first.
    await calls(1, 24, { end: 'agent-hangup', talk: 60, survey: 'complete' });
    await calls(1, 8, { end: 'agent-hangup', talk: 60, survey: 'no-answer' });
    await calls(1, 8, { end: 'caller-hangup', talk: 45 });
    // operator2: 10 answered; 4 transferred away, 2 hung up after 5 s (surveyed, flagged), 4 normal.
    await calls(2, 4, { end: 'transferred', talk: 30 });
    await calls(2, 2, { end: 'agent-hangup', talk: 5, survey: 'complete', flags: ['short-call'] });
    await calls(2, 4, { end: 'agent-hangup', talk: 90, survey: 'complete' });
    // operator3: 5 answered, all transferred: too few calls to flag.
    await calls(3, 5, { end: 'transferred', talk: 20 });
    // operator4: 10 answered and hung up normally, yet only 2 reached the survey.
    await calls(4, 2, { end: 'agent-hangup', talk: 60, survey: 'complete' });
    await calls(4, 8, { end: 'agent-hangup', talk: 60 });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('reports answered, offered, completed, reach rate and flags operators who transfer out, hang up early or rarely reach the survey', async () => {
    const sup = await login(app.url, 'supervisor1');
    const res = await api<Board>(app.url, sup, 'GET', `/api/v1/scores?from=${DAY}&to=${DAY}`);
    expect(res.status).toBe(200);
    const by = new Map(res.body.operators.map((o) => [o.operatorId, o.reach]));

    // Centre: 65 answered, 40 offered, 32 complete, 9 transferred out, 2 early hang-ups.
    expect(res.body.reachCentre.centre).toMatchObject({
      answered: 65,
      offered: 40,
      completed: 32,
      transferredOut: 9,
      earlyHangups: 2,
    });
    expect(res.body.reachCentre.centre.reachRate).toBeCloseTo(40 / 65, 10);
    expect(res.body.reachCentre.earlyHangupSeconds).toBe(10);

    expect(by.get(op[1]!)).toEqual({
      answered: 40,
      offered: 32,
      completed: 24,
      transferredOut: 0,
      earlyHangups: 0,
      reachRate: 0.8,
      transferRate: 0,
      earlyHangupRate: 0,
      flags: [],
    });
    // operator2: transfers 4/10 = 0.4 ≥ max(0.2, 2 · 9/65 ≈ 0.277); early 2/10 = 0.2 ≥ max(0.1, 2 · 2/65 ≈ 0.062);
    // reach 0.6 is above 40/65 − 0.2 ≈ 0.415.
    expect(by.get(op[2]!)).toEqual({
      answered: 10,
      offered: 6,
      completed: 6,
      transferredOut: 4,
      earlyHangups: 2,
      reachRate: 0.6,
      transferRate: 0.4,
      earlyHangupRate: 0.2,
      flags: ['transfers-out', 'early-hangups'],
    });
    // operator3: every call transferred, but 5 calls are fewer than the 10 needed to flag.
    expect(by.get(op[3]!)).toEqual({
      answered: 5,
      offered: 0,
      completed: 0,
      transferredOut: 5,
      earlyHangups: 0,
      reachRate: 0,
      transferRate: 1,
      earlyHangupRate: 0,
      flags: [],
    });
    // operator4: reach 0.2 ≤ 0.415.
    expect(by.get(op[4]!)).toEqual({
      answered: 10,
      offered: 2,
      completed: 2,
      transferredOut: 0,
      earlyHangups: 0,
      reachRate: 0.2,
      transferRate: 0,
      earlyHangupRate: 0,
      flags: ['low-reach'],
    });

    // Another day: nothing answered, rates undefined rather than 0.
    const empty = await api<Board>(app.url, sup, 'GET', '/api/v1/scores?from=2025-07-02&to=2025-07-02');
    expect(empty.body.operators.find((o) => o.operatorId === op[1])!.reach).toMatchObject({
      answered: 0,
      reachRate: null,
      flags: [],
    });
  });

  it('is for supervisors: operators get their released figures without it', async () => {
    const me = await login(app.url, 'operator2');
    expect((await api(app.url, me, 'GET', '/api/v1/scores')).status).toBe(403);
    const own = await api<Record<string, unknown>>(app.url, me, 'GET', '/api/v1/operators/me/scores');
    expect(own.status).toBe(200);
    expect(own.body.reach).toBeUndefined();
    expect(own.body.reachCentre).toBeUndefined();
  });
});
