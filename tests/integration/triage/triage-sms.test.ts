import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TriageItem, TriageOffer, TriageWithdrawn } from '../../../src/triage/index.ts';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { answerPhone, callIntoQueue, hangUpBoth } from '../../helpers/calls.ts';
import { api, login } from '../../helpers/http.ts';
import { operatorState, setState, signIn, untilState, type Operator } from '../../helpers/operators.ts';
import { openDesk } from '../../helpers/sockets.ts';
import { quietWindow, waitFor } from '../../helpers/wait.ts';
import { hoodOfDistrict, REDIS_URL, registerPothole } from '../office/office-fixtures.ts';
import { openWallboard, type TestWallboard } from '../wallboard/wallboard-client.ts';
import { PASSWORD, reassemble, startSmsc, SYSTEM_ID, type Smsc } from '../sms/smsc.ts';

const PERSIAN = '۰۱۲۳۴۵۶۷۸۹';
const fa = (s: string) => s.replace(/[0-9]/g, (d) => PERSIAN[Number(d)]!);

// SMS to the short code through a real SMPP server (the test SMSC sends deliver_sm), and the triage
// queue it feeds: offered to a ready operator on the desk socket, never while a call rings for them.
describe('SMS to the short code and the triage queue', () => {
  let app: TestApp;
  let smsc: Smsc;
  let op: Operator;
  let supervisor: string;
  let hood: number;
  let pothole: number;
  let desk: Socket;
  let wb: TestWallboard;
  const offers: TriageOffer[] = [];
  const withdrawn: TriageWithdrawn[] = [];

  beforeAll(async () => {
    smsc = await startSmsc();
    app = await startTestApp({
      REDIS_URL,
      SMS_SMPP_URL: `smpp://${SYSTEM_ID}:${PASSWORD}@127.0.0.1:${smsc.port}`,
      SMS_SENDER: '10005137',
      SMS_PER_SECOND: '20',
    });
    supervisor = await login(app.url, 'supervisor1');
    op = await signIn(app, 'operator1');
    // Nobody takes items until the third test: operator1 paused, the others logged out.
    await setState(app, op, 'ready');
    await setState(app, op, 'paused', 'break');
    hood = await hoodOfDistrict(app.db, 5);
    pothole = (await app.db.query<{ id: number }>(`SELECT id FROM categories WHERE code = 'pothole'`)).rows[0]!.id;
    desk = await openDesk(app.url, op.cookie);
    desk.on('triage:offer', (o: TriageOffer) => offers.push(o));
    desk.on('triage:withdrawn', (w: TriageWithdrawn) => withdrawn.push(w));
    wb = openWallboard(app.url, supervisor);
    await waitFor(() => smsc.binds > 0 && smsc.sessions() > 0, 5000, 'the bind');
  });
  afterAll(async () => {
    desk?.close();
    wb?.close();
    await app?.close();
    await smsc?.close();
  });

  const itemsOf = async (phone: string) =>
    (await api<{ items: TriageItem[] }>(app.url, supervisor, 'GET', '/api/v1/triage?limit=500')).body.items.filter(
      (i) => i.phone === phone,
    );

  it('answers a tracking code in Persian digits with the status by SMS (nothing personal)', async () => {
    const req = await registerPothole(app.db, app.url, supervisor, hood);
    const code = fa(req.trackingCode);
    const status = await smsc.mo({ from: '989127770001', text: `${code.slice(0, 4)} ${code.slice(4)}` });
    expect(status).toBe(0);
    const reply = await waitFor(
      () => reassemble(smsc.received).find((m) => m.text.startsWith(`درخواست ${code}:`)),
      10_000,
      'the status SMS',
    );
    expect(reply.text).toContain('ارجاع شده');
    expect(reply.text).toContain('مهلت');
    expect(reply.text).not.toContain('چاله بزرگ'); // not the description
    expect(reply.text).not.toMatch(/0912|۰۹۱۲/); // not the reporter's phone
    const seg = smsc.received.find((r) => r.text.includes(code))!;
    expect(seg.destination).toBe('989127770001');
    const stored = await app.db.query(`SELECT outcome, parts FROM sms_inbound WHERE phone_e164 = '+989127770001'`);
    expect(stored.rows).toEqual([{ outcome: 'status-reply', parts: 1 }]);
    expect(await itemsOf('+989127770001')).toEqual([]);
  });

  it('stores a resent deliver_sm once, and reassembles a long message from its parts', async () => {
    const text = 'سلام، چراغ کوچه ما سه شب است خاموش است';
    expect(await smsc.mo({ from: '989127770002', text, sequence: 9001 })).toBe(0);
    expect(await smsc.mo({ from: '989127770002', text, sequence: 9001 })).toBe(0);
    const parts = ['لطفا به آسفالت خیابان ', 'بهار رسیدگی کنید'];
    expect(await smsc.mo({ from: '989127770003', text: parts[1]!, concat: { ref: 7, total: 2, part: 2 } })).toBe(0);
    expect(await smsc.mo({ from: '989127770003', text: parts[0]!, concat: { ref: 7, total: 2, part: 1 } })).toBe(0);
    const items = await waitFor(
      async () => {
        const a = await itemsOf('+989127770002');
        const b = await itemsOf('+989127770003');
        return a.length && b.length ? { a, b } : null;
      },
      10_000,
      'both triage items',
    );
    await quietWindow(500);
    const rows = await app.db.query(`SELECT count(*)::int AS n FROM sms_inbound WHERE phone_e164 = '+989127770002'`);
    expect(rows.rows[0]).toEqual({ n: 1 });
    expect(await itemsOf('+989127770002')).toHaveLength(1);
    expect(items.a[0]).toMatchObject({ source: 'sms', reasons: ['free-text'], text, status: 'waiting' });
    expect(items.b[0]!.text).toBe(parts.join(''));
    // Nobody is ready: both wait, and the wallboard shows the backlog and its age.
    const backlog = await api<{ waiting: number; oldestAt: string }>(
      app.url,
      supervisor,
      'GET',
      '/api/v1/triage/backlog',
    );
    expect(backlog.body.waiting).toBe(2);
    await waitFor(() => wb.picture?.kpis?.triage?.waiting === 2, 10_000, 'the wallboard backlog');
    expect(Date.parse(wb.picture!.kpis!.triage!.oldestAt!)).toBe(Date.parse(backlog.body.oldestAt));
    for (const i of [...items.a, ...items.b]) {
      const r = await api(app.url, supervisor, 'POST', `/api/v1/triage/${i.id}/dismiss`, { reason: 'test' });
      expect(r.status).toBe(200);
    }
    await waitFor(() => wb.picture?.kpis?.triage?.waiting === 0, 10_000, 'the wallboard backlog emptied');
  });

  it('offers free text to a ready operator, not while a call rings for them; registering sends the code', async () => {
    await setState(app, op, 'ready');
    const caller = await callIntoQueue(app, '09121239001');
    await untilState(app, op, 'ringing');
    expect(await smsc.mo({ from: '989127770004', text: 'درخت افتاده روی ماشین، کوچه سوم' })).toBe(0);
    const [item] = await waitFor(
      async () => {
        const l = await itemsOf('+989127770004');
        return l.length ? l : null;
      },
      10_000,
      'the triage item',
    );
    await answerPhone(app, op.endpoint, caller);
    await quietWindow(500);
    expect(offers.find((o) => o.item.id === item!.id)).toBeUndefined();
    expect((await itemsOf('+989127770004'))[0]!.status).toBe('waiting');
    await hangUpBoth(app, op.endpoint, caller);
    // After the call (and its wrap-up) the operator is ready again: the item is offered now.
    const offer = await waitFor(() => offers.find((o) => o.item.id === item!.id), 15_000, 'the offer');
    expect(operatorState(app, op)).toBe('ready');
    expect(offer.item).toMatchObject({ status: 'offered', offeredTo: op.id, phone: '+989127770004' });
    expect(offer.item.phoneDisplay).toBe('0912 777 0004');

    const reg = await api<{ id: string; trackingCode: string }>(app.url, op.cookie, 'POST', '/api/v1/requests', {
      categoryId: pothole,
      neighbourhoodId: hood,
      description: offer.item.text,
      phone: offer.item.phone,
      channel: 'sms',
    });
    expect(reg.status).toBe(201);
    const done = await api<{ item: TriageItem }>(app.url, op.cookie, 'POST', `/api/v1/triage/${item!.id}/register`, {
      requestId: reg.body.id,
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.item).toMatchObject({ status: 'done', resultRequestId: reg.body.id });
    const sms = await waitFor(
      () => reassemble(smsc.received).find((m) => m.text.includes(`کد رهگیری: ${fa(reg.body.trackingCode)}`)),
      10_000,
      'the tracking-code SMS',
    );
    expect(sms.text).toContain('ثبت شد');
    expect(smsc.received.some((r) => r.destination === '989127770004')).toBe(true);
    await waitFor(() => withdrawn.some((w) => w.id === item!.id && w.reason === 'done'), 5000, 'withdrawn');
    const hist = await app.db.query(`SELECT kind, note FROM request_events WHERE request_id = $1 AND kind = 'note'`, [
      reg.body.id,
    ]);
    expect(hist.rows[0]!.note).toContain(`triage item ${item!.id}`);
  });

  it('links a message to an open request: the sender becomes a reporter on it', async () => {
    const req = await registerPothole(app.db, app.url, supervisor, hood);
    expect(await smsc.mo({ from: '989127770005', text: 'همان چاله خیابان اصلی هنوز هست' })).toBe(0);
    const offer = await waitFor(() => offers.find((o) => o.item.phone === '+989127770005'), 10_000, 'the offer');
    // Another operator may not settle an item that is not theirs.
    const other = await signIn(app, 'operator2');
    const refused = await api(app.url, other.cookie, 'POST', `/api/v1/triage/${offer.item.id}/link`, {
      requestId: req.id,
    });
    expect(refused.status).toBe(409);
    const linked = await api<{ item: TriageItem }>(app.url, op.cookie, 'POST', `/api/v1/triage/${offer.item.id}/link`, {
      requestId: req.id,
    });
    expect(linked.status, JSON.stringify(linked.body)).toBe(200);
    expect(linked.body.item).toMatchObject({ status: 'done', resultRequestId: req.id });
    const reporters = await app.db.query(
      `SELECT c.phone_e164 FROM request_reporters rr JOIN citizens c ON c.id = rr.citizen_id WHERE rr.request_id = $1`,
      [req.id],
    );
    expect(reporters.rows.map((r) => r.phone_e164)).toContain('+989127770005');
    const events = await app.db.query(`SELECT kind FROM request_events WHERE request_id = $1`, [req.id]);
    expect(events.rows.map((r) => r.kind)).toEqual(expect.arrayContaining(['reporter-linked', 'note']));
  });
});
