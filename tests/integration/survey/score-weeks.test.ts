import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { weekStart, weekStarts, type ScoreWeeks } from '../../../src/survey/index.ts';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { api, login } from '../../helpers/http.ts';

describe('week starts (Persian week: Saturday first)', () => {
  it('maps each day to its Saturday and lists weeks oldest first', () => {
    // 2025-06-07 was a Saturday.
    expect(['2025-06-07', '2025-06-08', '2025-06-12', '2025-06-13'].map(weekStart)).toEqual([
      '2025-06-07',
      '2025-06-07',
      '2025-06-07',
      '2025-06-07',
    ]);
    expect(weekStart('2025-06-06')).toBe('2025-05-31');
    expect(weekStarts('2025-06-10', 3)).toEqual(['2025-05-24', '2025-05-31', '2025-06-07']);
  });
});

describe('GET /api/v1/scores/weeks', () => {
  let app: TestApp;
  let seq = 0;
  const op: Record<string, string> = {};

  async function response(
    username: string,
    day: string,
    courtesy: number,
    o: { shift?: string; flags?: string[] } = {},
  ): Promise<void> {
    const shift = o.shift ?? 'morning';
    const call = await app.db.query<{ id: string }>(
      `INSERT INTO calls (server_id, linkedid, entered_at, shift_name, shift_date, caller_phone) VALUES ('pbx1', $1, $2::date + time '09:00', $3, $2, '+989120000000') RETURNING id::text`,
      [`wk.${++seq}`, day, shift],
    );
    const r = await app.db.query<{ id: string }>(
      `INSERT INTO survey_responses (call_id, operator_id, status, flags, shift_name, shift_date) VALUES ($1, $2, 'complete', $3, $4, $5) RETURNING id::text`,
      [call.rows[0]!.id, op[username], o.flags ?? [], shift, day],
    );
    // courtesy (1–5, scored) and registered (1–2, not scored: it must not move the mean).
    await app.db.query(
      `INSERT INTO survey_answers (response_id, question_id, digit, value)
       SELECT $1, id, v::text, v FROM survey_questions, (VALUES ('courtesy', $2::int), ('registered', 2)) x(c, v) WHERE code = x.c AND version = 1`,
      [r.rows[0]!.id, courtesy],
    );
  }

  beforeAll(async () => {
    app = await startTestApp();
    for (const r of (
      await app.db.query<{ id: string; username: string }>(
        `SELECT o.id::text, u.username FROM operators o JOIN users u ON u.id = o.user_id`,
      )
    ).rows)
      op[r.username] = r.id;
    // Week of Sat 2025-05-31: 5 and 3 (mean 4); week of Sat 2025-06-07: 4, an evening 2, and a flagged 1 (left out).
    await response('operator1', '2025-05-31', 5);
    await response('operator1', '2025-06-06', 3);
    await response('operator1', '2025-06-07', 4);
    await response('operator1', '2025-06-13', 2, { shift: 'evening' });
    await response('operator1', '2025-06-08', 1, { flags: ['short-call'] });
    // Before the 3 weeks asked for: not shown.
    await response('operator2', '2025-05-23', 5);
    await response('operator2', '2025-06-09', 5);
  });
  afterAll(async () => app?.close());

  it('gives every operator one point per week: count and mean of the unflagged responses', async () => {
    const sup = await login(app.url, 'supervisor1');
    const r = await api<ScoreWeeks>(app.url, sup, 'GET', '/api/v1/scores/weeks?weeks=3&to=2025-06-13');
    expect(r.status).toBe(200);
    expect(r.body.weeks).toEqual(['2025-05-24', '2025-05-31', '2025-06-07']);
    const of = (u: string) => r.body.operators.find((o) => o.operatorId === op[u])!.points;
    expect(of('operator1')).toEqual([
      { week: '2025-05-24', responses: 0, mean: null },
      { week: '2025-05-31', responses: 2, mean: 4 },
      { week: '2025-06-07', responses: 2, mean: 3 },
    ]);
    expect(of('operator2').map((p) => p.responses)).toEqual([0, 0, 1]);
    expect(of('operator3').every((p) => p.mean === null)).toBe(true);

    const evening = await api<ScoreWeeks>(
      app.url,
      sup,
      'GET',
      '/api/v1/scores/weeks?weeks=3&to=2025-06-13&shift=evening',
    );
    expect(evening.body.operators.find((o) => o.operatorId === op['operator1'])!.points.map((p) => p.mean)).toEqual([
      null,
      null,
      2,
    ]);
  });

  it('is for supervisors and admins, not operators or viewers; refuses bad input', async () => {
    const [operator, admin] = await Promise.all([login(app.url, 'operator1'), login(app.url, 'admin')]);
    expect((await api(app.url, operator, 'GET', '/api/v1/scores/weeks')).status).toBe(403);
    expect((await api(app.url, admin, 'GET', '/api/v1/scores/weeks')).status).toBe(200);
    expect((await api(app.url, admin, 'GET', '/api/v1/scores/weeks?weeks=999')).status).toBe(400);
    expect((await api(app.url, admin, 'GET', '/api/v1/scores/weeks?to=yesterday')).status).toBe(400);
  });
});
