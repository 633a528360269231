import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { api, login } from '../../helpers/http.ts';

interface Score {
  operatorId: string;
  offered: number;
  completed: number;
  responseRate: number;
  responses: number;
  meanScore: number | null;
  perQuestion: Array<{ code: string; version: number; responses: number; mean: number }>;
  flagged: number;
  flags: Record<string, number>;
  rankedResponses: number;
  bayesianScore: number | null;
  ranked: boolean;
  rank: number | null;
}

interface Board {
  priorWeight: number;
  priorMean: number;
  minResponses: number;
  excludedFromRanking: string[];
  note: string;
  operators: Score[];
}

const MAIN_DAY = '2025-06-01';
const NIGHT_DAY = '2025-05-01';

/**
 * Scores from responses written straight into the database, against figures worked out by hand
 * (prior weight 20, at least 20 responses to be ranked: the defaults).
 */
describe('operator scores', () => {
  let app: TestApp;
  const op: Record<number, string> = {};
  let seq = 0;

  /** One survey: a call record, the response, and its answers (courtesy 1–5 scored, registered 1–2 not). */
  async function response(
    operator: number,
    o: { courtesy?: number; registered?: number; status?: string; flags?: string[]; day?: string; shift?: string },
  ): Promise<void> {
    const day = o.day ?? MAIN_DAY;
    const shift = o.shift ?? 'morning';
    const call = await app.db.query<{ id: string }>(
      `INSERT INTO calls (server_id, linkedid, entered_at, shift_name, shift_date, caller_phone) VALUES ('pbx1', $1, $2::date + time '09:00', $3, $2, '+989120000000') RETURNING id::text`,
      [`seed.${++seq}`, day, shift],
    );
    const status =
      o.status ??
      (o.courtesy !== undefined && o.registered !== undefined
        ? 'complete'
        : o.courtesy !== undefined
          ? 'partial'
          : 'no-answer');
    const resp = await app.db.query<{ id: string }>(
      `INSERT INTO survey_responses (call_id, operator_id, status, flags, shift_name, shift_date, finished_at)
       VALUES ($1, $2, $3, $4, $5, $6, $6::date + time '09:05') RETURNING id::text`,
      [call.rows[0]!.id, op[operator], status, o.flags ?? [], shift, day],
    );
    for (const [code, value] of [
      ['courtesy', o.courtesy],
      ['registered', o.registered],
    ] as const) {
      if (value === undefined) continue;
      await app.db.query(
        `INSERT INTO survey_answers (response_id, question_id, digit, value) SELECT $1, id, $3::text, $3::int FROM survey_questions WHERE code = $2 AND version = 1`,
        [resp.rows[0]!.id, code, value],
      );
    }
  }

  const times = async (n: number, f: () => Promise<void>) => {
    for (let i = 0; i < n; i++) await f();
  };

  beforeAll(async () => {
    app = await startTestApp();
    const r = await app.db.query<{ id: string; username: string }>(
      `SELECT o.id::text, u.username FROM operators o JOIN users u ON u.id = o.user_id`,
    );
    for (const x of r.rows) op[Number(x.username.replace('operator', ''))] = x.id;
    // operator1: 30 complete, 20 × 5 and 10 × 4 (registered: yes), all fair; 3 more of 1 after short calls; 2 unanswered.
    await times(20, () => response(1, { courtesy: 5, registered: 1 }));
    await times(10, () => response(1, { courtesy: 4, registered: 1 }));
    await times(3, () => response(1, { courtesy: 1, registered: 2, flags: ['short-call'] }));
    await times(2, () => response(1, {}));
    // operator2: 10 × 5 complete, 5 × 3 complete, 5 × 3 where the caller left after question 1.
    await times(10, () => response(2, { courtesy: 5, registered: 1 }));
    await times(5, () => response(2, { courtesy: 3, registered: 1 }));
    await times(5, () => response(2, { courtesy: 3, flags: ['caller-left'] }));
    // operator3: five perfect answers, five silent callers.
    await times(5, () => response(3, { courtesy: 5, registered: 1 }));
    await times(5, () => response(3, {}));
    // operator4: offered twice, nothing said; and on a night shift a month earlier, four 1s.
    await times(2, () => response(4, {}));
    await times(4, () => response(4, { courtesy: 1, registered: 2, day: NIGHT_DAY, shift: 'night' }));
  });

  afterAll(async () => {
    await app?.close();
  });

  it('ranks by Bayesian average with the centre mean as prior, leaving out flagged responses and thin records', async () => {
    const sup = await login(app.url, 'supervisor1');
    const res = await api<Board>(app.url, sup, 'GET', `/api/v1/scores?from=${MAIN_DAY}&to=${MAIN_DAY}`);
    expect(res.status).toBe(200);
    const b = res.body;
    // Centre mean over fair responses: (140 + 80 + 25) / (30 + 20 + 5) = 245 / 55.
    expect(b.priorMean).toBeCloseTo(245 / 55, 10);
    expect(b).toMatchObject({ priorWeight: 20, minResponses: 20 });
    expect(b.excludedFromRanking).toEqual(expect.arrayContaining(['short-call', 'hand-transfer']));
    expect(b.note).toMatch(/excluded from bayesianScore/);
    const s = new Map(b.operators.map((x) => [x.operatorId, x]));
    const o1 = s.get(op[1]!)!;
    const o2 = s.get(op[2]!)!;
    const o3 = s.get(op[3]!)!;
    const o4 = s.get(op[4]!)!;

    // operator1: (20 · 245/55 + 140) / (20 + 30) = 252/55 ≈ 4.5818; shown mean includes the three flagged 1s: 143/33.
    expect(o1).toMatchObject({
      offered: 35,
      completed: 33,
      responses: 33,
      rankedResponses: 30,
      flagged: 3,
      flags: { 'short-call': 3 },
      ranked: true,
      rank: 1,
    });
    expect(o1.responseRate).toBeCloseTo(33 / 35, 10);
    expect(o1.meanScore).toBeCloseTo(143 / 33, 10);
    expect(o1.bayesianScore).toBeCloseTo(252 / 55, 10);
    expect(o1.perQuestion).toEqual([
      { code: 'courtesy', version: 1, responses: 33, mean: expect.closeTo(143 / 33, 10), yesShare: null },
      // A yes/no question (1 yes, 2 no) also as the share of "yes": 30 of 33.
      {
        code: 'registered',
        version: 1,
        responses: 33,
        mean: expect.closeTo(36 / 33, 10),
        yesShare: expect.closeTo(30 / 33, 10),
      },
    ]);

    // operator2: (20 · 245/55 + 80) / (20 + 20) = 93/22 ≈ 4.2273; a caller leaving is no suspicion.
    expect(o2).toMatchObject({
      offered: 20,
      completed: 15,
      responseRate: 0.75,
      responses: 20,
      meanScore: 4,
      rankedResponses: 20,
      flagged: 0,
      ranked: true,
      rank: 2,
    });
    expect(o2.bayesianScore).toBeCloseTo(93 / 22, 10);

    // operator3: a perfect 5 on five answers is pulled to (20 · 245/55 + 25) / 25 = 251/55 ≈ 4.5636 and, under 20 responses, unranked.
    expect(o3).toMatchObject({
      offered: 10,
      completed: 5,
      responseRate: 0.5,
      responses: 5,
      meanScore: 5,
      ranked: false,
      rank: null,
    });
    expect(o3.bayesianScore).toBeCloseTo(251 / 55, 10);

    // operator4: offered, never answered.
    expect(o4).toMatchObject({
      offered: 2,
      completed: 0,
      responseRate: 0,
      responses: 0,
      meanScore: null,
      bayesianScore: null,
      ranked: false,
      rank: null,
    });
  });

  it('filters by shift: the night shift alone has its own centre mean', async () => {
    const sup = await login(app.url, 'supervisor1');
    const b = (await api<Board>(app.url, sup, 'GET', '/api/v1/scores?shift=night')).body;
    expect(b.priorMean).toBe(1);
    const o4 = b.operators.find((x) => x.operatorId === op[4])!;
    // (20 · 1 + 4) / (20 + 4) = 1
    expect(o4).toMatchObject({ offered: 4, completed: 4, responses: 4, meanScore: 1, bayesianScore: 1, ranked: false });
    expect(b.operators.find((x) => x.operatorId === op[1])).toMatchObject({ offered: 0, responses: 0 });
  });

  it('operators see only their own released scores, no trend, and never who rated them', async () => {
    const me = await login(app.url, 'operator2');
    // Released for the closed shifts (every seeded one): all of operator2's 20 responses, ranked
    // second among everything closed (prior m = 249/59 with operator4's night: o1 ≈ 4.49, o2 ≈ 4.11).
    const own = await api<Score & { released: { beforeShift: string } | null }>(
      app.url,
      me,
      'GET',
      '/api/v1/operators/me/scores',
    );
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ operatorId: op[2], rank: 2, responses: 20, offered: 20 });
    expect(own.body.released).not.toBeNull();
    expect((await api(app.url, me, 'GET', `/api/v1/operators/me/scores?from=${MAIN_DAY}&to=${MAIN_DAY}`)).status).toBe(
      400,
    );
    expect((await api(app.url, me, 'GET', `/api/v1/operators/${op[1]}/scores`)).status).toBe(403);
    expect((await api(app.url, me, 'GET', '/api/v1/scores')).status).toBe(403);
    expect((await api(app.url, me, 'GET', `/api/v1/scores/trend?operatorId=${op[1]}`)).status).toBe(403);
    expect((await api(app.url, me, 'GET', '/api/v1/scores/trend')).status).toBe(403);
    // Aggregates only: no phone number, call or response id, single answer or time of a rating.
    const text = JSON.stringify(own.body);
    expect(text).not.toMatch(/\+98912|09120|callId|responseId|phone|linkedid|answeredAt/i);
  });

  it('trend: daily means of fair responses over the last days, empty days included', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tehran' }).format(new Date());
    const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const before = new Date(Date.parse(`${today}T00:00:00Z`) - 2 * 86_400_000).toISOString().slice(0, 10);
    await response(3, { courtesy: 5, registered: 1, day: today });
    await response(3, { courtesy: 3, registered: 1, day: today });
    await response(3, { courtesy: 1, registered: 1, day: today, flags: ['hand-transfer'] });
    await response(3, { courtesy: 2, day: yesterday });
    const sup = await login(app.url, 'supervisor1');
    const mine = await api<{
      operatorId: string;
      days: number;
      points: Array<{ date: string; responses: number; mean: number | null }>;
    }>(app.url, sup, 'GET', `/api/v1/scores/trend?operatorId=${op[3]}&days=3`);
    expect(mine.status).toBe(200);
    expect(mine.body.operatorId).toBe(op[3]);
    expect(mine.body.points).toEqual([
      { date: before, responses: 0, mean: null },
      { date: yesterday, responses: 1, mean: 2 },
      { date: today, responses: 2, mean: 4 },
    ]);
    // Supervisors: anyone's line, or the whole centre.
    const centre = await api<{ operatorId: null; points: Array<{ responses: number }> }>(
      app.url,
      sup,
      'GET',
      '/api/v1/scores/trend?days=3',
    );
    expect(centre.body.operatorId).toBeNull();
    expect(centre.body.points.map((p) => p.responses)).toEqual([0, 1, 2]);
    expect((await api(app.url, sup, 'GET', `/api/v1/scores/trend?operatorId=${op[3]}&days=400`)).status).toBe(400);
  });
});
