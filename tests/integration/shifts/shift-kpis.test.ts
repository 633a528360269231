import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kpis } from '../../../src/cti/queue-types.ts';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { api, login } from '../../helpers/http.ts';
import { D, operatorIds, seedScriptedMorning } from './shift-fixtures.ts';

// One scripted morning shift (shift-fixtures.ts) and the KPIs a supervisor reads from it, checked
// against the figures worked out by hand. The hand-over and the roster: shift-handover.test.ts.

describe('a scripted shift: KPIs', () => {
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
});
