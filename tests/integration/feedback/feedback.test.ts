import { afterAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { dial, press } from '../../helpers/calls.ts';
import { actionLog, amiActions, emulator } from '../../helpers/emulator-control.ts';
import { api, login } from '../../helpers/http.ts';
import { waitForPlay } from '../../helpers/ivr.ts';
import { quietWindow, waitFor } from '../../helpers/wait.ts';
import { addUser, hoodOfDistrict, REDIS_URL, registerPothole } from '../office/office-fixtures.ts';

// A unit reports a pothole done; after the (shortened) delay the outbound engine calls the citizen
// into Stasis(cti137,feedback,<id>) — inside the calling window, never outside it. "2" sends it to
// special follow-up (re-referred to the same unit, one step up in priority); the unit reports done
// again; the closure check asks once more; "1" closes it. Every answer is in feedback_answers and in
// the request's history and detail.

const DELAY_MS = 1500;
/** Slow enough that the test's key presses land while the IVR listens (6 s × 0.25 per try). */
const IVR_SCALE = 0.25;
const CITIZEN = '09121234567';

interface Detail {
  status: string;
  unitId: number | null;
  referral: { unitId: number; priority: number } | null;
  referrals: Array<{ unitId: number; priority: number }>;
  events: Array<{ kind: string; details: Record<string, unknown> }>;
  feedback: { attempts: Array<{ kind: string; outcome: string; answer: string | null }>; outcome: string | null };
}

/** Channels on which the IVR started playing this sound, in order. */
async function channelsPlaying(app: TestApp, sound: string): Promise<string[]> {
  const ids = (await actionLog(app))
    .filter((a) => a.proto === 'ari' && a.method === 'POST' && a.path.includes('/play'))
    .filter((a) => a.proto === 'ari' && (a.query.media ?? '').split(',').includes(`sound:${sound}`))
    .map((a) => (a.proto === 'ari' ? decodeURIComponent(a.path.split('/')[3]!) : ''));
  return [...new Set(ids)];
}

const mediaOn = async (app: TestApp, channel: string): Promise<string[]> =>
  (await actionLog(app))
    .filter((a) => a.proto === 'ari' && a.method === 'POST' && a.path.startsWith(`/ari/channels/${channel}/play`))
    .flatMap((a) => (a.proto === 'ari' ? (a.query.media ?? '').split(',') : []));

/** The weekday name (OUTBOUND_WINDOWS) two days from now in Tehran: a window that excludes today. */
function dayAfterTomorrow(): string {
  const names = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
  const wd = new Date(Date.now() + 2 * 86_400_000).toLocaleDateString('en-US', {
    timeZone: 'Asia/Tehran',
    weekday: 'short',
  });
  return names.find((n) => wd.toLowerCase().startsWith(n))!;
}

async function reportDone(app: TestApp, cookie: string, id: string): Promise<void> {
  const accepted = await api(app.url, cookie, 'POST', `/api/v1/requests/${id}/status`, { status: 'in-progress' });
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
  const done = await api(app.url, cookie, 'POST', `/api/v1/requests/${id}/status`, {
    status: 'done',
    note: 'چاله با آسفالت گرم پر شد',
  });
  expect(done.status, JSON.stringify(done.body)).toBe(200);
}

describe('feedback call, special follow-up and closure check', () => {
  let app: TestApp;
  afterAll(async () => app?.close());

  it('calls after the delay, "2" re-refers with priority + 1, done again → closure check → "1" closes; unreached → task', async () => {
    app = await startTestApp(
      {
        REDIS_URL,
        OUTBOUND_WINDOWS: 'sat-fri 00:00-24:00',
        OUTBOUND_DAILY_LIMIT_PER_NUMBER: '10',
        OUTBOUND_MAX_ATTEMPTS: '1',
      },
      { feedbackDelayMs: DELAY_MS, timeScale: IVR_SCALE },
    );
    await addUser(app.db, { username: 'roads5-fb', role: 'unit', unitCode: 'district-5-roads' });
    const unit = await login(app.url, 'roads5-fb');
    const operator = await login(app.url, 'operator1');
    await emulator(app, 'POST', `/control/citizens/${CITIZEN}`, { answer: 'answer', afterMs: 300 });
    const req = await registerPothole(app.db, app.url, operator, await hoodOfDistrict(app.db, 5));
    const read = async () => (await api<Detail>(app.url, operator, 'GET', `/api/v1/requests/${req.id}`)).body;
    const first = await read();
    const firstPriority = first.referral!.priority;

    await reportDone(app, unit, req.id);
    const doneAt = Date.now();
    await waitFor(
      async () => (await channelsPlaying(app, 'cti137/feedback-resolved')).length === 1,
      20_000,
      'feedback call',
    );
    const originates = await amiActions(app, 'Originate');
    expect(originates.length).toBe(1);
    expect(originates[0]!.t).toBeGreaterThanOrEqual(doneAt + DELAY_MS - 300);
    expect(JSON.stringify(originates[0]!.fields)).toContain(`feedback,${req.id}`);
    const [call1] = await channelsPlaying(app, 'cti137/feedback-resolved');
    const heard = await mediaOn(app, call1!);
    expect(heard).toContain('sound:cti137/feedback-intro');
    expect(heard).toContain('sound:cti137/category-technical');
    for (const d of req.trackingCode) expect(heard).toContain(`sound:cti137/num-${d}`);

    await press(app, call1!, '2');
    await waitFor(
      async () => (await channelsPlaying(app, 'cti137/feedback-rate')).length === 1,
      10_000,
      'rating asked',
    );
    await press(app, call1!, '3');
    await waitFor(async () => (await read()).status === 'special-follow-up', 10_000, 'special follow-up');
    const sfu = await read();
    expect(sfu.referral!.unitId).toBe(first.referral!.unitId);
    expect(sfu.referral!.priority).toBe(firstPriority + 1);
    expect(sfu.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['feedback', 'special-follow-up']));
    const said = sfu.events.find((e) => e.kind === 'feedback' && e.details.answer === 'not-resolved');
    expect(said?.details).toMatchObject({ kind: 'feedback', via: 'ivr', rating: 3 });
    expect(sfu.feedback.outcome).toBe('not-resolved');

    // The unit sees it again and reports it done: the closure check, not a second feedback call.
    await reportDone(app, unit, req.id);
    await waitFor(
      async () => (await channelsPlaying(app, 'cti137/closure-intro')).length === 1,
      20_000,
      'closure call',
    );
    const [call2] = await channelsPlaying(app, 'cti137/closure-intro');
    expect(JSON.stringify((await amiActions(app, 'Originate'))[1]!.fields)).toContain(`closure,${req.id}`);
    await waitFor(async () => (await mediaOn(app, call2!)).includes('sound:cti137/feedback-resolved'), 10_000, 'asked');
    await press(app, call2!, '1');
    await waitFor(async () => (await mediaOn(app, call2!)).includes('sound:cti137/feedback-rate'), 10_000, 'rating');
    await press(app, call2!, '5');
    await waitFor(async () => (await read()).status === 'closed', 10_000, 'closed');

    const answers = await app.db.query<{ kind: string; via: string; resolved: boolean; rating: number | null }>(
      `SELECT kind, via, resolved, rating FROM feedback_answers WHERE request_id = $1 ORDER BY id`,
      [req.id],
    );
    expect(answers.rows).toEqual([
      { kind: 'feedback', via: 'ivr', resolved: false, rating: 3 },
      { kind: 'closure', via: 'ivr', resolved: true, rating: 5 },
    ]);
    // One answer per call taken in the IVR: a second node's late write for the same call is refused.
    const twice = await app.db
      .query(
        `INSERT INTO feedback_answers (request_id, feedback_call_id, kind, via, resolved)
         SELECT request_id, feedback_call_id, kind, via, NOT resolved FROM feedback_answers
          WHERE request_id = $1 AND kind = 'closure'`,
        [req.id],
      )
      .then(
        () => 'stored',
        (err: { code?: string }) => err.code,
      );
    expect(twice).toBe('23505');
    const last = await read();
    expect(last.feedback.outcome).toBe('resolved');
    expect(last.feedback.attempts.filter((a) => a.outcome === 'answer').map((a) => a.answer)).toEqual([
      'not-resolved',
      'resolved',
    ]);

    // A citizen who does not pick up (one attempt here): SMS is off, so an operator gets the task.
    await emulator(app, 'POST', `/control/citizens/${CITIZEN}`, { answer: 'no-answer', afterMs: 300 });
    const unreached = await registerPothole(app.db, app.url, operator, await hoodOfDistrict(app.db, 5));
    await reportDone(app, unit, unreached.id);
    type Tasks = { items: Array<{ requestId: string; reason: string; kind: string }> };
    const tasks = await waitFor(
      async () => {
        const r = await api<Tasks>(app.url, operator, 'GET', '/api/v1/feedback/tasks');
        return r.body.items.find((t) => t.requestId === unreached.id);
      },
      30_000,
      'the feedback task',
    );
    expect(tasks).toMatchObject({ reason: 'unreached', kind: 'feedback' });
    expect(JSON.stringify(tasks)).not.toMatch(/0912|\+98/);
    const u = (await api<Detail>(app.url, operator, 'GET', `/api/v1/requests/${unreached.id}`)).body;
    expect(u.status).toBe('done');
    expect(u.feedback.outcome).toBe('unreached');
    expect(u.feedback.attempts.map((a) => a.outcome)).toEqual(['no-answer']);
  }, 120_000);
});

describe('outside the calling window', () => {
  let app: TestApp;
  afterAll(async () => app?.close());

  it('does not call before the window opens; an answer by hand closes it; 3 in the read-back reopens a done one', async () => {
    app = await startTestApp(
      { REDIS_URL, OUTBOUND_WINDOWS: `${dayAfterTomorrow()} 08:00-09:00` },
      { feedbackDelayMs: 200 },
    );
    await addUser(app.db, { username: 'roads5-fw', role: 'unit', unitCode: 'district-5-roads' });
    const unit = await login(app.url, 'roads5-fw');
    const operator = await login(app.url, 'operator1');
    const req = await registerPothole(app.db, app.url, operator, await hoodOfDistrict(app.db, 5));
    await reportDone(app, unit, req.id);
    await waitFor(
      async () =>
        (await app.db.query(`SELECT 1 FROM feedback_calls WHERE request_id = $1 AND outbound_id IS NOT NULL`, [req.id]))
          .rowCount === 1,
      10_000,
      'feedback call handed to the outbound engine',
    );
    // 3 s is fifteen times the delay: a call that ignored the window would have been placed by then.
    await quietWindow(3000);
    expect(await amiActions(app, 'Originate')).toEqual([]);
    const pending = await api<Detail>(app.url, operator, 'GET', `/api/v1/requests/${req.id}`);
    expect(pending.body.feedback.outcome).toBe('pending');

    // Roles: a unit's people and viewers may not record the citizen's answer.
    expect((await api(app.url, unit, 'POST', `/api/v1/requests/${req.id}/feedback`, { resolved: true })).status).toBe(
      403,
    );
    const bad = await api(app.url, operator, 'POST', `/api/v1/requests/${req.id}/feedback`, {
      resolved: true,
      rating: 9,
    });
    expect(bad.status).toBe(400);
    const byHand = await api<{ effect: string }>(app.url, operator, 'POST', `/api/v1/requests/${req.id}/feedback`, {
      resolved: true,
      rating: 4,
    });
    expect(byHand.status, JSON.stringify(byHand.body)).toBe(200);
    expect(byHand.body.effect).toBe('closed');
    const call = await app.db.query<{ state: string }>(`SELECT state FROM feedback_calls WHERE request_id = $1`, [
      req.id,
    ]);
    expect(call.rows).toEqual([{ state: 'cancelled' }]);
    const tasks = await api<{ items: unknown[] }>(app.url, operator, 'GET', '/api/v1/feedback/tasks');
    expect(tasks.status).toBe(200);
    expect(tasks.body.items).toEqual([]);

    // Reopen from the status read-back: offered on a request reported done, not on a closed one.
    const closed = await dial(app, '09127770001');
    await waitForPlay(app, closed.channelId, 'cti137/menu');
    await press(app, closed.channelId, '2');
    await waitForPlay(app, closed.channelId, 'cti137/enter-code');
    await press(app, closed.channelId, `${req.trackingCode}#`);
    await waitForPlay(app, closed.channelId, 'cti137/status-next');
    expect((await mediaOn(app, closed.channelId)).includes('sound:cti137/status-next-reopen')).toBe(false);
    await press(app, closed.channelId, '0');

    const again = await registerPothole(app.db, app.url, operator, await hoodOfDistrict(app.db, 5));
    await reportDone(app, unit, again.id);
    const ch = (await dial(app, '09127770002')).channelId;
    await waitForPlay(app, ch, 'cti137/menu');
    await press(app, ch, '2');
    await waitForPlay(app, ch, 'cti137/enter-code');
    await press(app, ch, `${again.trackingCode}#`);
    await waitForPlay(app, ch, 'cti137/status-next-reopen');
    await press(app, ch, '3');
    await waitForPlay(app, ch, 'cti137/feedback-follow-up');
    const reopened = await api<Detail>(app.url, operator, 'GET', `/api/v1/requests/${again.id}`);
    expect(reopened.body.status).toBe('special-follow-up');
    expect(reopened.body.referral!.priority).toBe(reopened.body.referrals[0]!.priority + 1);
    const said = await app.db.query(`SELECT kind, via, resolved FROM feedback_answers WHERE request_id = $1`, [
      again.id,
    ]);
    expect(said.rows).toEqual([{ kind: 'reopen', via: 'ivr', resolved: false }]);
    const queued = await app.db.query(`SELECT state FROM feedback_calls WHERE request_id = $1`, [again.id]);
    expect(queued.rows).toEqual([{ state: 'cancelled' }]);
  }, 60_000);
});
