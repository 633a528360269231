import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kpis } from '../../../src/cti/queue-types.ts';
import type { Handover } from '../../../src/shifts/index.ts';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { api, login } from '../../helpers/http.ts';

// One scripted morning shift, written straight into the database, and the figures a supervisor
// reads from it. The morning of 2026-11-20 (a Friday) in Asia/Tehran (+03:30) runs from 03:30 to
// 11:30 UTC; every time below is UTC on that date unless it says otherwise.
const D = '2026-11-20';
const at = (hms: string, day = D) => `${day}T${hms}Z`;

describe('a scripted shift: KPIs, hand-over and roster', () => {
  let app: TestApp;
  let sup: string;
  const ops: Record<string, string> = {};

  async function call(c: {
    queue: string | null;
    entered: string;
    wait: number;
    talk?: number;
    hold?: number;
    op?: string;
    ended: string;
    reason: string;
    shift?: string;
  }): Promise<void> {
    const answered = c.talk === undefined ? null : new Date(Date.parse(c.entered) + c.wait * 1000).toISOString();
    await app.db.query(
      `INSERT INTO calls (server_id, linkedid, queue, entered_at, queued_at, answered_at, ended_at, operator_id, end_reason, wait_seconds, talk_seconds, hold_seconds, shift_name, shift_date)
       VALUES ('pbx1', $1, $2, $3, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        `lk-${c.entered}`,
        c.queue,
        c.entered,
        answered,
        c.ended,
        c.op ? ops[c.op] : null,
        c.reason,
        c.wait,
        c.talk ?? null,
        c.hold ?? 0,
        c.shift ?? 'morning',
        D,
      ],
    );
  }

  async function interval(
    op: string,
    state: string,
    from: string,
    to: string | null,
    reason: string | null = null,
  ): Promise<void> {
    await app.db.query(
      `INSERT INTO operator_state_intervals (operator_id, state, reason, started_at, ended_at, shift_name, shift_date) VALUES ($1, $2, $3, $4, $5, 'morning', $6)`,
      [ops[op], state, reason, from, to, D],
    );
  }

  let code = 10_000_000;
  async function request(r: {
    hazard: boolean;
    status: string;
    created: string;
    deadline?: string;
    closed?: string;
  }): Promise<void> {
    await app.db.query(
      `INSERT INTO requests (tracking_code, category_id, description, hazard, status, created_at, deadline_at, closed_at)
       VALUES ($1, (SELECT id FROM categories WHERE code = 'open-manhole'), 'scripted', $2, $3, $4, $5, $6)`,
      [String(code++), r.hazard, r.status, r.created, r.deadline ?? null, r.closed ?? null],
    );
  }

  beforeAll(async () => {
    app = await startTestApp();
    sup = await login(app.url, 'supervisor1');
    const r = await app.db.query<{ username: string; id: string }>(
      `SELECT u.username, o.id::text FROM operators o JOIN users u ON u.id = o.user_id`,
    );
    for (const x of r.rows) ops[x.username] = x.id;

    // operator1: three calls, one of them in q137hazard, each followed by its wrap-up.
    await interval('operator1', 'ready', at('03:20:00'), at('03:40:00')); // 600 s inside the shift (from 03:30)
    await interval('operator1', 'paused', at('03:40:00'), at('04:00:00'), 'prayer'); // 1200 s
    await interval('operator1', 'wrap-up', at('03:55:00'), at('03:59:00')); // before call 1 was answered: no call's wrap-up
    await call({
      queue: 'q137',
      entered: at('04:00:00'),
      wait: 5,
      talk: 100,
      op: 'operator1',
      ended: at('04:02:15'),
      reason: 'agent-hangup',
    }); // #1
    await interval('operator1', 'talking', at('04:00:05'), at('04:01:45')); // 100 s
    await interval('operator1', 'wrap-up', at('04:01:45'), at('04:01:55')); // #1's wrap-up: 10 s
    await interval('operator1', 'ready', at('04:01:55'), at('04:10:20')); // 505 s
    await call({
      queue: 'q137',
      entered: at('04:10:00'),
      wait: 20,
      talk: 200,
      hold: 30,
      op: 'operator1',
      ended: at('04:14:40'),
      reason: 'agent-hangup',
    }); // #2
    await interval('operator1', 'talking', at('04:10:20'), at('04:14:10')); // 230 s (talk 200 + hold 30)
    await interval('operator1', 'wrap-up', at('04:14:10'), at('04:14:30')); // #2's: 20 s
    await interval('operator1', 'ready', at('04:14:30'), at('04:30:02')); // 932 s
    await call({
      queue: 'q137hazard',
      entered: at('04:30:00'),
      wait: 2,
      talk: 50,
      op: 'operator1',
      ended: at('04:31:20'),
      reason: 'agent-hangup',
    }); // #8
    await interval('operator1', 'talking', at('04:30:02'), at('04:30:52')); // 50 s
    await interval('operator1', 'wrap-up', at('04:30:52'), at('04:30:57')); // #8's: 5 s
    await interval('operator1', 'ready', at('04:30:57'), at('11:40:00')); // clipped at 11:30: 25143 s

    // operator2: two calls; the first has no wrap-up (the next one starts 21 minutes later).
    await interval('operator2', 'ready', at('02:00:00'), at('03:00:00')); // the night shift's, not ours
    await call({
      queue: 'q137',
      entered: at('05:00:00'),
      wait: 25,
      talk: 60,
      op: 'operator2',
      ended: at('05:01:40'),
      reason: 'agent-hangup',
    }); // #3
    await interval('operator2', 'talking', at('05:00:25'), at('05:01:25')); // 60 s
    await interval('operator2', 'ready', at('05:01:25'), at('05:20:40')); // 1155 s
    await call({
      queue: 'q137',
      entered: at('05:20:00'),
      wait: 40,
      talk: 140,
      hold: 10,
      op: 'operator2',
      ended: at('05:23:50'),
      reason: 'agent-hangup',
    }); // #4
    await interval('operator2', 'talking', at('05:20:40'), at('05:23:10')); // 150 s
    await interval('operator2', 'wrap-up', at('05:23:10'), at('05:23:40')); // #4's: 30 s
    await interval('operator2', 'paused', at('05:23:40'), at('05:38:40'), 'break'); // 900 s
    await interval('operator2', 'logged-out', at('05:38:40'), null);

    // Abandons: 3 s (short, below 5 s), 45 s and 12 s. Then calls that do not count in the morning.
    await call({ queue: 'q137', entered: at('06:00:00'), wait: 3, ended: at('06:00:03'), reason: 'abandoned' }); // #5
    await call({ queue: 'q137', entered: at('06:10:00'), wait: 45, ended: at('06:10:45'), reason: 'abandoned' }); // #6
    await call({ queue: 'q137', entered: at('06:20:00'), wait: 12, ended: at('06:20:12'), reason: 'abandoned' }); // #7
    // Unanswered but no abandons: Queue() timed out after 60 s; lost when Asterisk restarted.
    await call({ queue: 'q137', entered: at('06:30:00'), wait: 60, ended: at('06:31:05'), reason: 'timeout' }); // #9
    await call({ queue: 'q137', entered: at('06:40:00'), wait: 8, ended: at('06:40:08'), reason: 'pbx-restart' }); // #10
    await call({
      queue: 'q137',
      entered: at('12:00:00'),
      wait: 1,
      talk: 999,
      op: 'operator1',
      ended: at('12:30:00'),
      reason: 'agent-hangup',
      shift: 'evening',
    });
    await call({ queue: null, entered: at('07:00:00'), wait: 0, ended: at('07:00:30'), reason: 'ivr-hangup' }); // hung up in the menu

    // Requests. The hand-over is judged at the shift's end, 11:30.
    await request({
      hazard: true,
      status: 'referred',
      created: at('09:00:00', '2026-11-19'),
      deadline: at('08:00:00'),
    }); // open hazard, overdue callback
    await request({ hazard: true, status: 'closed', created: at('04:00:00'), closed: at('10:00:00') }); // closed before the hand-over
    await request({ hazard: true, status: 'closed', created: at('05:00:00'), closed: at('09:00:00', '2026-11-21') }); // still open at the hand-over
    await request({ hazard: true, status: 'special-follow-up', created: at('08:00:00', '2026-11-21') }); // after the hand-over
    await request({ hazard: false, status: 'special-follow-up', created: at('08:00:00', '2026-11-18') }); // a callback: special follow-up
    await request({
      hazard: false,
      status: 'in-progress',
      created: at('08:00:00'),
      deadline: at('08:00:00', '2026-11-25'),
    }); // not due yet
    await request({
      hazard: false,
      status: 'done',
      created: at('08:00:00', '2026-11-10'),
      deadline: at('08:00:00', '2026-11-12'),
    }); // done: the unit is through
  });

  afterAll(async () => app?.close());

  it('KPIs of the morning equal the figures worked out by hand', async () => {
    const k = await api<Kpis>(app.url, sup, 'GET', `/api/v1/kpis?shift=morning&date=${D}`);
    expect(k.status).toBe(200);
    // Offered: #1–#10 (the evening call and the menu hang-up are not the morning's queue calls) = 10.
    // Answered: #1 #2 #3 #4 #8 = 5. Abandoned ≥ 5 s: #6 (45) #7 (12) = 2; short: #5 (3 s) = 1;
    // the timeout #9 (60 s) and the restart's #10 (8 s) are counted apart, not as abandons.
    expect(k.body).toMatchObject({
      offered: 10,
      answered: 5,
      abandoned: 2,
      shortAbandoned: 1,
      timedOut: 1,
      lostInRestart: 1,
      serviceLevelSeconds: 20,
    });
    // Service level: answered within 20 s (#1 5 s, #2 20 s, #8 2 s) = 3 ÷ 10 offered.
    expect(k.body.serviceLevel).toBeCloseTo(3 / 10, 10);
    // ASA: (5 + 20 + 25 + 40 + 2) ÷ 5 = 92/5 = 18.4 s.
    expect(k.body.asa).toBeCloseTo(18.4, 10);
    // Talk 100+200+60+140+50 = 550, hold 30+10 = 40, wrap-up 10+20+0+30+5 = 65 (#3 had none; the
    // 03:55 wrap-up came before any answer). AHT = (550 + 40 + 65) ÷ 5 = 131 s.
    expect(k.body.aht).toBeCloseTo(131, 10);
    expect([k.body.avgTalk, k.body.avgHold, k.body.avgWrapUp]).toEqual([110, 8, 13]);
    // Abandonment: 2 ÷ (10 − 1 short) = 2/9.
    expect(k.body.abandonRate).toBeCloseTo(2 / 9, 10);
    // operator1: #1 #2 #8 → (350 talk + 30 hold + 35 wrap) ÷ 3; operator2: #3 #4 → (200 + 10 + 30) ÷ 2 = 120.
    const per = new Map(k.body.perOperator.map((p) => [p.operatorId, p]));
    expect(per.get(ops.operator1!)).toMatchObject({ answered: 3, talkSeconds: 350, holdSeconds: 30 });
    expect(per.get(ops.operator1!)!.aht).toBeCloseTo(415 / 3, 10);
    expect(per.get(ops.operator2!)).toMatchObject({ answered: 2, talkSeconds: 200, holdSeconds: 10, aht: 120 });

    // q137 alone: #1–#7, #9, #10 = 9. SL (#1, #2) = 2 ÷ 9 ; ASA 90/4 = 22.5 ; AHT (500 + 40 + 60) ÷ 4 = 150;
    // abandonment 2 ÷ (9 − 1).
    const q = await api<Kpis>(app.url, sup, 'GET', `/api/v1/kpis?shift=morning&date=${D}&queue=q137`);
    expect(q.body).toMatchObject({
      offered: 9,
      answered: 4,
      abandoned: 2,
      shortAbandoned: 1,
      timedOut: 1,
      lostInRestart: 1,
      asa: 22.5,
      aht: 150,
    });
    expect(q.body.serviceLevel).toBeCloseTo(2 / 9, 10);
    expect(q.body.abandonRate).toBeCloseTo(2 / 8, 10);
  });

  it('the roster: demo shifts, replaced by a supervisor, validated, read per day', async () => {
    const op = await login(app.url, 'operator1');
    expect((await api(app.url, op, 'GET', '/api/v1/roster')).status).toBe(403);
    const seeded = await api<{ entries: Array<{ username: string; shift: string; weekday: string | null }> }>(
      app.url,
      sup,
      'GET',
      '/api/v1/roster',
    );
    expect(seeded.body.entries.map((e) => `${e.shift}:${e.username}`)).toEqual([
      'evening:operator3',
      'morning:operator1',
      'morning:operator2',
      'night:operator4',
    ]);

    const bad = await api<{ error: { code: string; message: string } }>(app.url, sup, 'PUT', '/api/v1/roster', {
      entries: [{ operatorId: ops.operator1, shift: 'lunch' }],
    });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION']);
    expect(
      (await api(app.url, sup, 'PUT', '/api/v1/roster', { entries: [{ operatorId: '999999', shift: 'morning' }] }))
        .status,
    ).toBe(400);
    expect(
      (
        await api(app.url, sup, 'PUT', '/api/v1/roster', {
          entries: [{ operatorId: ops.operator1, shift: 'morning', from: '2026-12-02', to: '2026-12-01' }],
        })
      ).status,
    ).toBe(400);

    const entries = [
      { operatorId: ops.operator1, shift: 'morning' },
      { operatorId: ops.operator2, shift: 'morning' },
      { operatorId: ops.operator3, shift: 'morning', weekday: 'fri' }, // 2026-11-20 is a Friday
      { operatorId: ops.operator3, shift: 'evening' },
      { operatorId: ops.operator4, shift: 'morning', weekday: 'sat' },
      { operatorId: ops.operator4, shift: 'morning', from: '2026-12-01' },
      { operatorId: ops.operator4, shift: 'night' },
    ];
    const put = await api<{ entries: unknown[] }>(app.url, sup, 'PUT', '/api/v1/roster', { entries });
    expect([put.status, put.body.entries.length]).toEqual([200, 7]);
    const day = await api<{ entries: Array<{ username: string }> }>(
      app.url,
      sup,
      'GET',
      `/api/v1/roster?date=${D}&shift=morning`,
    );
    expect(day.body.entries.map((e) => e.username)).toEqual(['operator1', 'operator2', 'operator3']);
    const audit = await app.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'roster-replace'`);
    expect(audit.rows[0].n).toBe(1);
  });

  it('the hand-over summary of the morning', async () => {
    const h = await api<Handover>(app.url, sup, 'GET', `/api/v1/shifts/handover?shift=morning&date=${D}`);
    expect(h.status).toBe(200);
    expect(h.body.shift).toEqual({
      name: 'morning',
      date: D,
      from: at('03:30:00.000'),
      to: at('11:30:00.000'),
      asOf: at('11:30:00.000'),
    });
    expect(h.body.calls).toMatchObject({
      offered: 10,
      answered: 5,
      abandoned: 2,
      shortAbandoned: 1,
      timedOut: 1,
      lostInRestart: 1,
    });
    expect(h.body.calls.serviceLevel).toBeCloseTo(3 / 10, 10);
    // Open at 11:30: the referred hazard from the 19th and the one closed only on the 21st.
    expect(h.body.openHazards.count).toBe(2);
    expect(h.body.openHazards.requests.map((r) => r.status)).toEqual(['referred', 'closed']);
    // Callbacks: the special follow-up from the 18th, and the referred request past its 08:00 deadline.
    expect(h.body.pendingCallbacks).toMatchObject({ count: 2, specialFollowUp: 1, overdue: 1 });
    expect(h.body.pendingCallbacks.definition).toMatch(/special follow-up/);

    const byName = new Map(h.body.operators.map((o) => [o.username, o]));
    expect([...byName.keys()]).toEqual(['operator1', 'operator2', 'operator3']);
    // operator1 — ready 600 + 505 + 932 + 25143 = 27180; paused 1200 (prayer); talking 100 + 230 + 50 = 380;
    // wrap-up 240 (03:55–03:59) + 10 + 20 + 5 = 275.
    expect(byName.get('operator1')).toMatchObject({
      rostered: true,
      worked: true,
      callsAnswered: 3,
      seconds: { ready: 27180, paused: 1200, talking: 380, wrapUp: 275, ringing: 0 },
      pausedByReason: { prayer: 1200 },
    });
    // operator2 — talking 60 + 150 = 210; ready 1155 (the night's hour is outside); wrap-up 30; paused 900 (break).
    expect(byName.get('operator2')).toMatchObject({
      callsAnswered: 2,
      seconds: { ready: 1155, paused: 900, talking: 210, wrapUp: 30, ringing: 0 },
      pausedByReason: { break: 900 },
    });
    // operator3 was on the roster for this Friday morning and never signed in.
    expect(byName.get('operator3')).toMatchObject({ rostered: true, worked: false, seconds: { talking: 0, ready: 0 } });

    const unknown = await api(app.url, sup, 'GET', '/api/v1/shifts/handover?shift=lunch');
    expect(unknown.status).toBe(400);
    const op = await login(app.url, 'operator2');
    expect((await api(app.url, op, 'GET', '/api/v1/shifts/handover')).status).toBe(403);
  });
});
