import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, login } from '../../helpers/http.ts';
import { addUser, hoodOfDistrict, registerPothole } from '../office/office-fixtures.ts';
import { codeSentTo, pub, startCitizenRig, type CitizenRig } from './citizen-fixtures.ts';

// Tracking on the page shows a request's state and steps and nothing personal; once the unit reports
// it done, the citizen whose number is on the request answers "fixed?" after a code sent to that
// number, and the answer goes where an IVR answer goes (feedback_answers, the request closes).
// Without REDIS_URL: the rate counters are PostgreSQL's.

type Tracked = {
  trackingCode: string;
  status: string;
  unitFa: string | null;
  deadlineAt: string | null;
  outcome: string | null;
  feedbackOpen: boolean;
  steps: Array<{ kind: string; status: string | null }>;
};
const CITIZEN = '09121234567';

describe('tracking and the feedback answer on the page', () => {
  let rig: CitizenRig;
  let url: string;

  beforeAll(async () => {
    // The feedback call is far off: the answer on the page comes first.
    rig = await startCitizenRig({}, 3_600_000);
    url = rig.app.url;
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('shows status, unit and steps without anything personal, then records a web feedback answer', async () => {
    const { db } = rig.app;
    await addUser(db, { username: 'roads5-web', role: 'unit', unitCode: 'district-5-roads' });
    const unit = await login(url, 'roads5-web');
    const operator = await login(url, 'operator1');
    const req = await registerPothole(db, url, operator, await hoodOfDistrict(db, 5));
    await db.query(`UPDATE citizens SET name = 'Hassan Tehrani' WHERE phone_e164 = '+989121234567'`);
    await api(url, operator, 'POST', `/api/v1/requests/${req.id}/notes`, { text: 'شهروند گفت شماره دوم 09127654321' });

    const persianCode = req.trackingCode.replace(/\d/g, (x) => '۰۱۲۳۴۵۶۷۸۹'[Number(x)]!);
    const open = await pub<Tracked>(url, 'GET', `/citizen/api/track/${encodeURIComponent(persianCode)}`);
    expect(open.status, JSON.stringify(open.body)).toBe(200);
    expect(open.body).toMatchObject({ trackingCode: req.trackingCode, status: 'referred', feedbackOpen: false });
    expect(open.body.unitFa).toBeTruthy();
    expect(open.body.deadlineAt).toBeTruthy();
    expect(open.body.steps.map((s) => s.kind)).toEqual(['registered', 'referred']);
    const text = JSON.stringify(open.body);
    for (const secret of [
      '9121234567',
      '9127654321',
      'Hassan',
      'چاله بزرگ',
      'شهروند گفت',
      'description',
      'phone',
      'address',
    ])
      expect(text).not.toContain(secret);

    // Not done yet: no question to answer.
    const early = await pub<{ error: { code: string } }>(url, 'POST', '/citizen/api/feedback', {
      trackingCode: req.trackingCode,
    });
    expect([early.status, early.body.error.code]).toEqual([409, 'FEEDBACK_NOT_OPEN']);

    for (const body of [{ status: 'in-progress' }, { status: 'done', note: 'چاله پر شد' }]) {
      const r = await api(url, unit, 'POST', `/api/v1/requests/${req.id}/status`, body);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    const done = await pub<Tracked>(url, 'GET', `/citizen/api/track/${req.trackingCode}`);
    expect(done.body).toMatchObject({ status: 'done', feedbackOpen: true, outcome: null });
    expect(JSON.stringify(done.body)).not.toContain('چاله پر شد');

    const started = await pub<{ challengeId: string }>(url, 'POST', '/citizen/api/feedback', {
      trackingCode: persianCode,
    });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    expect(JSON.stringify(started.body)).not.toContain('9121234567');
    const code = await codeSentTo(rig.smsc, CITIZEN);
    const path = `/citizen/api/challenges/${started.body.challengeId}/confirm`;
    const noAnswer = await pub(url, 'POST', path, { code });
    expect(noAnswer.status).toBe(400);
    // The code survives a confirm that failed for want of the answer.
    const answered = await pub<{ effect: string }>(url, 'POST', path, { code, resolved: true });
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    expect(answered.body.effect).toBe('closed');
    const rows = await db.query(`SELECT via, resolved, user_id FROM feedback_answers WHERE request_id = $1`, [req.id]);
    expect(rows.rows).toEqual([{ via: 'web', resolved: true, user_id: null }]);

    const closed = await pub<Tracked>(url, 'GET', `/citizen/api/track/${req.trackingCode}`);
    expect(closed.body).toMatchObject({ status: 'closed', outcome: 'resolved', feedbackOpen: false });
    expect(closed.body.steps.some((s) => s.kind === 'feedback')).toBe(true);
  });

  it('answers a bad or unknown code plainly and limits look-ups per address', async () => {
    const bad = await pub<{ error: { code: string } }>(url, 'GET', '/citizen/api/track/abc');
    expect([bad.status, bad.body.error.code]).toEqual([400, 'INVALID_TRACKING_CODE']);
    // 30 a minute per address, in fixed windows: within 62 look-ups (a window boundary at worst) one is refused.
    let refused: Response | null = null;
    let tries = 0;
    while (!refused && tries < 62) {
      tries += 1;
      const r = await fetch(`${url}/citizen/api/track/1234567890`);
      if (r.status === 429) refused = r;
      else expect([400, 404]).toContain(r.status);
    }
    expect(refused?.status).toBe(429);
    const wait = Number(refused!.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
  });
});
