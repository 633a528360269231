import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallbackItem, CallbackOffer, CallbackWithdrawn } from '../../../src/callbacks/index.ts';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import {
  callIntoQueue,
  callReachingOperator,
  hangUpBoth,
  hangUpCaller,
  hangUpPhone,
  placeCall,
  press,
  queuedFor,
} from '../../helpers/calls.ts';
import { emulator } from '../../helpers/emulator-control.ts';
import { api, login } from '../../helpers/http.ts';
import { setState, signIn, untilState, type Operator } from '../../helpers/operators.ts';
import { hungUpByIvr, playCount, waitForPlay } from '../../helpers/ivr.ts';
import { finishedCall } from '../../helpers/records.ts';
import { openDesk } from '../../helpers/sockets.ts';
import { waitFor } from '../../helpers/wait.ts';

// Callbacks for abandoned calls through the emulator: a caller who waited 12 s and hung up is owed
// a callback, offered to the next ready operator on the desk, dialled (operator's phone first, then
// the citizen through the trunk), reached and recorded. A short abandon gives none; a later answered
// call closes an open one (and takes the offer back from the desk it was on).

const LONG = '09121230001';
const SHORT = '09121230002';
const LATER = '09121230003';
const e164 = (n: string) => `+98${n.slice(1)}`;

describe('callbacks for abandoned calls', () => {
  let app: TestApp;
  let supervisor: string;
  let op: Operator;
  let desk: Socket;
  const offers: CallbackOffer[] = [];
  const withdrawn: CallbackWithdrawn[] = [];

  const list = async (cookie: string, status = '') =>
    (
      await api<{ items: CallbackItem[] }>(
        app.url,
        cookie,
        'GET',
        `/api/v1/callbacks${status ? `?status=${status}` : ''}`,
      )
    ).body.items;
  const ofPhone = async (n: string) => (await list(supervisor)).find((c) => c.phone === e164(n));

  /** A caller waits `seconds` (emulated) in the queue while nobody is ready, then hangs up. */
  async function abandonAfter(from: string, seconds: number): Promise<void> {
    const id = await callIntoQueue(app, from);
    await queuedFor(app, id, seconds);
    await hangUpCaller(app, id);
    expect(await finishedCall(app, id)).toMatchObject({ end_reason: 'abandoned', answered_at: null });
  }

  beforeAll(async () => {
    app = await startTestApp({
      OUTBOUND_WINDOWS: 'sat-fri 00:00-24:00',
      OUTBOUND_DAILY_LIMIT_PER_NUMBER: '10',
      // The wait estimate is the head of the line's wait on the server's clock: 1 s is "long" here.
      CALLBACK_OFFER_WAIT_SECONDS: '1',
      // Two dials per callback, 0.6 s back-off (doubling): the retry comes due within the test.
      OUTBOUND_MAX_ATTEMPTS: '2',
      OUTBOUND_RETRY_MINUTES: '0.01',
    });
    supervisor = await login(app.url, 'supervisor1');
    op = await signIn(app, 'operator1');
    // Nobody takes queue calls while the callers wait: operator2 stays logged out, operator1 paused.
    await setState(app, op, 'ready');
    await setState(app, op, 'paused', 'break');
    desk = await openDesk(app.url, op.cookie);
    desk.on('callback:offer', (o: CallbackOffer) => offers.push(o));
    desk.on('callback:withdrawn', (w: CallbackWithdrawn) => withdrawn.push(w));
  });
  afterAll(async () => {
    desk?.close();
    await app?.close();
  });

  it('abandon after 12 s → callback → offered → dialled → reached → recorded; a 3 s abandon → none', async () => {
    await abandonAfter(SHORT, 3);
    await abandonAfter(LONG, 12);
    const owed = await waitFor(() => ofPhone(LONG), 10_000, 'callback for the 12 s abandon');
    expect(owed).toMatchObject({ status: 'open', source: 'abandoned', abandons: 1, phoneDisplay: '0912 123 0001' });
    expect(owed.longestWaitSeconds).toBeGreaterThanOrEqual(12);
    expect(await ofPhone(SHORT)).toBeUndefined();
    // The operator sees no task before they are offered one.
    expect(await list(op.cookie)).toEqual([]);

    await setState(app, op, 'ready');
    const offer = await waitFor(() => offers.find((o) => o.callback.id === owed.id), 10_000, 'callback offered');
    expect(offer.callback).toMatchObject({ status: 'offered', offeredTo: op.id, phone: e164(LONG) });
    expect(offer.history.calls[0]).toMatchObject({ outcome: 'abandoned' });
    expect(offer.history.calls[0]!.waitSeconds).toBeGreaterThanOrEqual(12);
    expect((await list(op.cookie)).map((c) => c.id)).toEqual([owed.id]);
    // Someone else cannot dial a task that is not theirs.
    const other = await signIn(app, 'operator2');
    expect((await api(app.url, other.cookie, 'POST', `/api/v1/callbacks/${owed.id}/dial`)).status).toBe(409);

    await emulator(app, 'POST', `/control/citizens/${LONG}`, { answer: 'answer', afterMs: 500 });
    const dialled = await api<{ outboundId: string }>(app.url, op.cookie, 'POST', `/api/v1/callbacks/${owed.id}/dial`);
    expect(dialled.status, JSON.stringify(dialled.body)).toBe(200);
    // The operator's phone rings first (picked up here, unless the emulator's desk phone answers by
    // itself), then the citizen's phone through the trunk, which answers.
    await waitFor(
      async () => {
        await fetch(`${app.emulatorUrl}/_emulator/endpoints/${op.endpoint}/answer`, { method: 'POST' });
        const r = await app.db.query(`SELECT 1 FROM outbound_calls WHERE id::text = $1 AND status = 'answered'`, [
          dialled.body.outboundId,
        ]);
        return r.rowCount === 1;
      },
      15_000,
      'operator and citizen connected',
    );
    const done = await api<{ item: CallbackItem }>(app.url, op.cookie, 'POST', `/api/v1/callbacks/${owed.id}/outcome`, {
      outcome: 'reached',
      note: 'پیگیری شد',
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.item).toMatchObject({
      status: 'reached',
      attempts: 1,
      lastOutcome: 'reached',
      lastNote: 'پیگیری شد',
    });
    const attempts = await app.db.query(
      `SELECT operator_id::text, outcome FROM callback_attempts WHERE callback_id = $1`,
      [owed.id],
    );
    expect(attempts.rows).toEqual([{ operator_id: op.id, outcome: 'reached' }]);
    await hangUpPhone(app, op.endpoint).catch(() => undefined);
    expect((await list(supervisor, 'reached')).map((c) => c.id)).toEqual([owed.id]);
    // The KPIs and the hand-over count it: made and reached this shift.
    const kpis = await api<{ callbacks: { owed: number; made: number; reached: number } }>(
      app.url,
      supervisor,
      'GET',
      '/api/v1/kpis',
    );
    expect(kpis.body.callbacks).toEqual({ owed: 0, made: 1, reached: 1 });
    const handover = await api<{ callbacks: { owed: number; made: number; reached: number } }>(
      app.url,
      supervisor,
      'GET',
      '/api/v1/shifts/handover',
    );
    expect(handover.body.callbacks).toMatchObject({ owed: 0, made: 1, reached: 1 });
  });

  it('a later answered call from the number closes its callback and takes the offer back', async () => {
    await setState(app, op, 'paused', 'break');
    await abandonAfter(LATER, 12);
    const owed = await waitFor(() => ofPhone(LATER), 10_000, 'callback owed');
    await setState(app, op, 'ready');
    await waitFor(() => offers.find((o) => o.callback.id === owed.id), 10_000, 'offered');
    const id = await callReachingOperator(app, LATER, op.endpoint);
    await waitFor(() => withdrawn.find((w) => w.id === owed.id), 10_000, 'offer taken back');
    await hangUpBoth(app, op.endpoint, id);
    await waitFor(async () => (await ofPhone(LATER))?.status === 'answered-later', 10_000, 'closed: answered later');
    expect((await list(supervisor, 'owed')).map((c) => c.phone)).not.toContain(e164(LATER));
    await untilState(app, op, 'ready', 'wrap-up');
  });

  it('no answer → retried after the back-off and offered again; busy on the last attempt → given up', async () => {
    await setState(app, op, 'paused', 'break');
    const RETRY = '09121230008';
    await abandonAfter(RETRY, 12);
    const owed = await waitFor(() => ofPhone(RETRY), 10_000, 'callback owed');
    await setState(app, op, 'ready');
    const dialAndRecord = async (outcome: string) => {
      await waitFor(() => offers.filter((o) => o.callback.id === owed.id).length, 10_000, 'offered');
      const r = await api(app.url, op.cookie, 'POST', `/api/v1/callbacks/${owed.id}/dial`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      const out = await api<{ item: CallbackItem }>(
        app.url,
        op.cookie,
        'POST',
        `/api/v1/callbacks/${owed.id}/outcome`,
        {
          outcome,
        },
      );
      expect(out.status, JSON.stringify(out.body)).toBe(200);
      await hangUpPhone(app, op.endpoint).catch(() => undefined);
      return out.body.item;
    };
    const first = await dialAndRecord('no-answer');
    expect(first).toMatchObject({ status: 'open', attempts: 1, lastOutcome: 'no-answer', offeredTo: null });
    expect(Date.parse(first.nextAt)).toBeGreaterThan(Date.now() - 1000);
    offers.length = 0;
    await untilState(app, op, 'ready');
    const second = await dialAndRecord('busy');
    expect(second).toMatchObject({ status: 'gave-up', attempts: 2, lastOutcome: 'busy' });
    expect(second.closedAt).not.toBeNull();
    const attempts = await app.db.query(`SELECT outcome FROM callback_attempts WHERE callback_id = $1 ORDER BY id`, [
      owed.id,
    ]);
    expect(attempts.rows.map((r) => r.outcome)).toEqual(['no-answer', 'busy']);
  });

  it('a long wait ahead: the menu offers a callback, "1" books it in arrival order and the caller leaves', async () => {
    await setState(app, op, 'paused', 'break');
    const ahead = await callIntoQueue(app, '09121230004');
    // 1 s real at the head of the line (CALLBACK_OFFER_WAIT_SECONDS=1 here): 20 emulated seconds.
    await queuedFor(app, ahead, 20);
    const { channelId } = await placeCall(app, '09121230005');
    await waitForPlay(app, channelId, 'cti137/callback-offer');
    await press(app, channelId, '1');
    await waitForPlay(app, channelId, 'cti137/callback-confirmed');
    await waitFor(() => hungUpByIvr(app, channelId), 10_000, 'the IVR ends the call');
    const booked = await waitFor(() => ofPhone('09121230005'), 10_000, 'callback booked');
    expect(booked).toMatchObject({ source: 'ivr-offer', status: 'open' });
    // The caller ahead gives up after 20 s: owed too, and served first (they arrived first).
    await hangUpCaller(app, ahead);
    await waitFor(() => ofPhone('09121230004'), 10_000, 'callback for the caller ahead');
    const owed = (await list(supervisor, 'owed')).map((c) => c.phone);
    expect(owed.indexOf(e164('09121230004'))).toBeLessThan(owed.indexOf(e164('09121230005')));
    // A hazard caller is never offered a callback, whatever the wait.
    const second = await callIntoQueue(app, '09121230006');
    await queuedFor(app, second, 20);
    const hazard = await placeCall(app, '09121230007', '9');
    await waitFor(() => app.tracker.get('pbx1', hazard.channelId)?.queue, 10_000, 'hazard caller queued');
    expect(await playCount(app, hazard.channelId, 'cti137/callback-offer')).toBe(0);
    await hangUpCaller(app, hazard.channelId);
    await hangUpCaller(app, second);
  });
});
