import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Handover } from '../../../src/shifts/index.ts';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { api, login } from '../../helpers/http.ts';
import { D, at, operatorIds, seedScriptedMorning } from './shift-fixtures.ts';

// One scripted morning shift (shift-fixtures.ts): the roster a supervisor sets, then the hand-over
// summary of that morning. The cases run in order: the hand-over names whom the roster (as the
// first case left it) put on this Friday morning. The KPIs of the same shift: shift-kpis.test.ts.

describe('a scripted shift: roster and hand-over', () => {
  let app: TestApp;
  let sup: string;
  let ops: Record<string, string> = {};

  beforeAll(async () => {
    app = await startTestApp();
    sup = await login(app.url, 'supervisor1');
    ops = await operatorIds(app);
    await seedScriptedMorning(app, ops);
  });

  afterAll(async () => app?.close());

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
