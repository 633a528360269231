// The scripted morning shift of the shift tests, written straight into the database. The morning
// of 2026-11-20 (a Friday) in Asia/Tehran (+03:30) runs from 03:30 to 11:30 UTC; every time below is
// UTC on that date unless it says otherwise. Calls are numbered #1–#10 as the tests count them.
import type { TestApp } from '../../helpers/app.ts';

export const D = '2026-11-20';
export const at = (hms: string, day = D) => `${day}T${hms}Z`;

/** Operator ids by username (operator1 … operator4, the demo's). */
export async function operatorIds(app: TestApp): Promise<Record<string, string>> {
  const ops: Record<string, string> = {};
  const r = await app.db.query<{ username: string; id: string }>(
    `SELECT u.username, o.id::text FROM operators o JOIN users u ON u.id = o.user_id`,
  );
  for (const x of r.rows) ops[x.username] = x.id;
  return ops;
}

/** Writes the whole scripted morning: operators' state intervals, queue calls and requests. */
export async function seedScriptedMorning(app: TestApp, ops: Record<string, string>): Promise<void> {
  const { call, interval, request } = writers(app, ops);
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
}

/** The rows the script writes: a queue call, an operator's state interval, a request (tracking codes count up). */
function writers(app: TestApp, ops: Record<string, string>) {
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
  return { call, interval, request };
}
