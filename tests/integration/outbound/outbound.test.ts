import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localParts, zonedToUtc } from '../../../src/calendar/index.ts';
import type { OutboundRequest, OutboundResult } from '../../../src/outbound/index.ts';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { callIntoQueue, hangUpCaller } from '../../helpers/calls.ts';
import { amiActions, emulator } from '../../helpers/emulator-control.ts';
import { quietWindow, waitFor } from '../../helpers/wait.ts';

// The outbound engine against the emulator: AMI Originate to citizens' phones through the trunk,
// outcomes from OriginateResponse, retries, the calling windows, the daily limit and the pace.

const TZ = 'Asia/Tehran';
/** Back-off base 0.02 min = 1.2 s real: a retry comes quickly, a pace hold is retried as quickly. */
const FAST = {
  OUTBOUND_RETRY_MINUTES: '0.02',
  OUTBOUND_MAX_ATTEMPTS: '2',
  OUTBOUND_DAILY_LIMIT_PER_NUMBER: '2',
  SERVICE_LEVEL_SECONDS: '1',
};

const stasis = (phone: string, extra: Partial<OutboundRequest> = {}): OutboundRequest => ({
  purpose: 'feedback',
  phone,
  target: { kind: 'stasis', args: ['outbound-test', phone] },
  ...extra,
});

const national = (e164: string) => `0${e164.slice(3)}`;
const citizen = (app: TestApp, phone: string, body: Record<string, unknown>) =>
  emulator(app, 'POST', `/control/citizens/${national(phone)}`, body);
const originatesTo = async (app: TestApp, phone: string) =>
  (await amiActions(app, 'Originate')).filter((a) => a.fields.Channel === `PJSIP/${national(phone)}@trunk`);
const row = async (app: TestApp, id: string) =>
  (
    await app.db.query<{ status: string; attempts: number; next_at: Date | null; last_outcome: string | null }>(
      'SELECT status, attempts, next_at, last_outcome FROM outbound_calls WHERE id = $1',
      [id],
    )
  ).rows[0]!;

describe('outbound calls through the emulator (windows open all day)', () => {
  let app: TestApp;
  const results: OutboundResult[] = [];
  const stasisStarts: string[] = [];
  beforeAll(async () => {
    app = await startTestApp({ ...FAST, OUTBOUND_WINDOWS: 'sat-fri 00:00-24:00' });
    app.outbound.onResult((r) => void results.push(r));
    // What Asterisk runs on the answered channel: Stasis with the app name and our args.
    app.emulator!.tapAmi((f) => {
      const m = new Map(f);
      if (m.get('Event') === 'Newexten' && m.get('Application') === 'Stasis') stasisStarts.push(m.get('AppData')!);
    });
  }, 60_000);
  afterAll(() => app?.close());
  const resultsOf = (id: string) => results.filter((r) => r.id === id);

  it('answered: Originate into Stasis with the args, result answered and final', async () => {
    const phone = '+989121110001';
    const { id, at } = await app.outbound.enqueue(stasis(phone, { requestId: undefined }));
    expect(Date.parse(at)).toBeLessThanOrEqual(Date.now());
    const r = await waitFor(() => resultsOf(id)[0], 10_000, 'a result');
    expect(r).toMatchObject({ outcome: 'answered', final: true, attempt: 1, purpose: 'feedback', phone });
    expect(r.linkedid).toBe(`cti137-out-${id}-1`);
    const [o] = await originatesTo(app, phone);
    expect(o!.fields).toMatchObject({
      Application: 'Stasis',
      Data: `cti137,outbound-test,${phone}`,
      Async: 'true',
      ChannelId: `cti137-out-${id}-1`,
      Variable: `CTI137_OUTBOUND=${id}`,
      CallerID: '"137" <137>',
    });
    expect(stasisStarts).toContain(`cti137,outbound-test,${phone}`);
    expect(await row(app, id)).toMatchObject({ status: 'answered', attempts: 1, last_outcome: 'answered' });
  });

  it('an answered citizen keys the digits set through the control API, once the delay after the answer has passed', async () => {
    const phone = '+989121110009';
    const keyed: Array<{ digit: string; uniqueid: string; t: number }> = [];
    const untap = app.emulator!.tapAmi((f) => {
      const m = new Map(f);
      const ev = m.get('Event');
      if (ev === 'OriginateResponse' || ev === 'DTMFEnd')
        keyed.push({ digit: m.get('Digit') ?? 'up', uniqueid: m.get('Uniqueid')!, t: Date.now() });
    });
    await citizen(app, phone, { answer: 'answer', afterMs: 200, keys: ',1', keysDelayMs: 500 });
    const { id } = await app.outbound.enqueue(stasis(phone, { maxAttempts: 1 }));
    const answered = await waitFor(() => resultsOf(id)[0], 10_000, 'answered');
    expect(answered.outcome).toBe('answered');
    const mine = () => keyed.filter((k) => k.uniqueid === `cti137-out-${id}-1`);
    const key = await waitFor(() => mine().find((k) => k.digit !== 'up'), 10_000, 'the key');
    untap();
    expect(key.digit).toBe('1');
    // keysDelayMs 500 + the one-second pause ',' + the key's 280 ms (emulated; this app's clock runs 20x fast).
    expect(key.t - mine().find((k) => k.digit === 'up')!.t).toBeGreaterThanOrEqual(1700 * app.timeScale);
  });

  it('busy: retried after the back-off, then given up', async () => {
    const phone = '+989121110002';
    await citizen(app, phone, { answer: 'busy' });
    const { id } = await app.outbound.enqueue(stasis(phone));
    await waitFor(() => resultsOf(id).length === 2, 15_000, 'two attempts');
    const [a, b] = resultsOf(id);
    expect([a!.outcome, a!.final, b!.outcome, b!.final, b!.attempt]).toEqual(['busy', false, 'busy', true, 2]);
    const sent = await originatesTo(app, phone);
    expect(sent).toHaveLength(2);
    // The second attempt waited the back-off base (1.2 s) at least.
    expect(sent[1]!.t - sent[0]!.t).toBeGreaterThanOrEqual(1100);
    expect(await row(app, id)).toMatchObject({ status: 'gave-up', attempts: 2, last_outcome: 'busy' });
  });

  it('no answer: the ring timeout gives reason 3, no-answer', async () => {
    const phone = '+989121110003';
    await citizen(app, phone, { answer: 'no-answer' });
    const { id } = await app.outbound.enqueue(stasis(phone, { maxAttempts: 1 }));
    const r = await waitFor(() => resultsOf(id)[0], 15_000, 'a result');
    expect(r).toMatchObject({ outcome: 'no-answer', final: true, reason: 'originate:3' });
    expect((await row(app, id)).status).toBe('no-answer');
  });

  it('the daily limit: a third call to the same number the same day waits for tomorrow', async () => {
    const phone = '+989121110004';
    for (let i = 0; i < 2; i++) {
      const { id } = await app.outbound.enqueue(stasis(phone, { maxAttempts: 1 }));
      await waitFor(() => resultsOf(id)[0]?.outcome === 'answered', 10_000, `call ${i + 1} answered`);
    }
    const tomorrow = zonedToUtc(addDays(localParts(Date.now(), TZ).date, 1), 0, TZ);
    const third = await app.outbound.enqueue(stasis(phone, { maxAttempts: 1 }));
    expect(Date.parse(third.at)).toBe(tomorrow);
    expect((await app.outbound.nextAllowed(phone))?.getTime()).toBe(tomorrow);
    await expect(app.outbound.dialNow(stasis(phone))).rejects.toMatchObject({
      status: 409,
      code: 'OUTSIDE_CALLING_WINDOW',
      details: { nextAllowed: new Date(tomorrow).toISOString() },
    });
    expect(await originatesTo(app, phone)).toHaveLength(2);
    await app.outbound.cancel(third.id);
    expect((await row(app, third.id)).status).toBe('cancelled');
  });

  it("callbacks, operator first: the operator's phone, then the citizen through [cti137-outbound]", async () => {
    const op = app.directory.byInterface('PJSIP/1002')!;
    const target = { kind: 'operator' as const, operatorId: op.id };
    const reached = '+989121110007';
    const { id } = await app.outbound.dialNow({ purpose: 'callback', phone: reached, callbackId: 'cb-1', target });
    const r = await waitFor(() => resultsOf(id)[0], 15_000, 'the callback result');
    expect(r).toMatchObject({
      outcome: 'answered',
      final: true,
      callbackId: 'cb-1',
      purpose: 'callback',
      reason: 'dial:ANSWER',
    });
    const [o] = (await amiActions(app, 'Originate')).filter((a) => a.fields.ChannelId === `cti137-out-${id}-1`);
    expect(o!.fields).toMatchObject({
      Channel: 'PJSIP/1002',
      Context: 'cti137-outbound',
      Exten: national(reached),
      Variable: `CTI137_OUTBOUND=${id},CTI137_CALLERID=137`,
    });
    await emulator(app, 'POST', '/_emulator/endpoints/1002/hangup');

    const busy = '+989121110008';
    await citizen(app, busy, { answer: 'busy' });
    const second = await app.outbound.dialNow({ purpose: 'callback', phone: busy, target, maxAttempts: 1 });
    const b = await waitFor(() => resultsOf(second.id)[0], 15_000, 'the busy callback result');
    expect(b).toMatchObject({ outcome: 'busy', final: true, reason: 'dial:BUSY' });
  });

  it('at most OUTBOUND_MAX_CONCURRENT (2) calls ring at once: the third waits for a line', async () => {
    const phones = ['+989121110011', '+989121110012', '+989121110013'];
    for (const p of phones) await citizen(app, p, { answer: 'answer', afterMs: 4000 });
    const ended = new Map<string, number>();
    app.outbound.onResult((r) => void ended.set(r.id, Date.now()));
    const ids = await Promise.all(phones.map((p) => app.outbound.enqueue(stasis(p, { maxAttempts: 1 }))));
    await waitFor(() => ids.every((c) => ended.has(c.id)), 20_000, 'three answered calls');
    const sent = (await Promise.all(phones.map((p) => originatesTo(app, p)))).map((o) => o[0]!.t).sort((x, y) => x - y);
    // The third Originate went out only after one of the first two had ended.
    expect(sent[2]!).toBeGreaterThanOrEqual(Math.min(...ids.map((c) => ended.get(c.id)!)) - 50);
    expect(sent[2]! - sent[0]!).toBeGreaterThanOrEqual(4000 * app.timeScale - 50);
  });

  it('the pace: no outbound call while an inbound caller waits beyond the service level', async () => {
    const phone = '+989121110005';
    const caller = await callIntoQueue(app, '09350000001');
    // Nobody is logged in: the caller waits; after 1 s the service level (1 s) is broken.
    await waitFor(
      () =>
        app.queueState.snapshot().some((q) => q.waiting.some((w) => Date.now() - Date.parse(w.waitingSince) > 1000)),
      10_000,
      'a caller waiting beyond the service level',
    );
    const { id } = await app.outbound.enqueue(stasis(phone));
    // Two pace retries (1.2 s each) pass without a call while the caller still waits.
    await quietWindow(2600);
    expect(await originatesTo(app, phone)).toHaveLength(0);
    expect((await row(app, id)).status).toBe('queued');
    await hangUpCaller(app, caller);
    const r = await waitFor(() => resultsOf(id)[0], 15_000, 'the call placed once the queue is clear');
    expect(r.outcome).toBe('answered');
  });
});

describe('outside the calling window', () => {
  let app: TestApp;
  const today = localParts(Date.now(), TZ).date;
  const weekday = new Intl.DateTimeFormat('en', { timeZone: TZ, weekday: 'short' }).format(new Date()).toLowerCase();
  beforeAll(async () => {
    // Every day all day, except today: the next opening is tomorrow 00:00 in Tehran.
    app = await startTestApp({ ...FAST, OUTBOUND_WINDOWS: `sat-fri 00:00-24:00; ${weekday} none` });
  }, 60_000);
  afterAll(() => app?.close());

  it("is scheduled at the window's opening, not dialled now; dialNow says when", async () => {
    const phone = '+989121110006';
    const opening = zonedToUtc(addDays(today, 1), 0, TZ);
    const { id, at } = await app.outbound.enqueue(stasis(phone));
    expect(Date.parse(at)).toBe(opening);
    expect((await row(app, id)).next_at?.getTime()).toBe(opening);
    // Long enough for a job due now to have run and rung (an answered call takes ~0.2 s here).
    await quietWindow(1500);
    expect(await originatesTo(app, phone)).toHaveLength(0);
    await expect(app.outbound.dialNow(stasis(phone))).rejects.toMatchObject({
      status: 409,
      details: { nextAllowed: new Date(opening).toISOString() },
    });
  });
});

describe('durable across a restart', () => {
  it('a call queued before cti137 stops is placed by the next start (same database and job store)', async () => {
    const jobsPrefix = `tout${Date.now().toString(36)}`;
    const env = { ...FAST, OUTBOUND_WINDOWS: 'sat-fri 00:00-24:00' };
    const first = await startTestApp(env, { keepDb: true, jobsPrefix });
    const phone = '+989121110010';
    const { id } = await first.outbound.enqueue(stasis(phone, { notBefore: new Date(Date.now() + 4000) }));
    await first.close();
    const second = await startTestApp(env, { db: first.testDb, jobsPrefix });
    try {
      const results: OutboundResult[] = [];
      second.outbound.onResult((r) => void results.push(r));
      const r = await waitFor(() => results.find((x) => x.id === id), 20_000, 'the call after the restart');
      expect(r).toMatchObject({ outcome: 'answered', attempt: 1 });
      expect(await originatesTo(second, phone)).toHaveLength(1);
    } finally {
      await second.close();
    }
  }, 60_000);
});
