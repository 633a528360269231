import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { api, login } from '../../helpers/http.ts';
import { quietWindow, waitFor } from '../../helpers/wait.ts';
import { hoodOfDistrict, REDIS_URL, registerPothole, type Registered } from '../office/office-fixtures.ts';
import { PASSWORD, reassemble, startSmsc, SYSTEM_ID, type Received, type Smsc } from './smsc.ts';

const PERSIAN = '۰۱۲۳۴۵۶۷۸۹';
const fa = (s: string) => s.replace(/[0-9]/g, (d) => PERSIAN[Number(d)]!);

interface SmsItem {
  id: string;
  template: string;
  phone: string;
  text: string;
  segments: number;
  status: string;
}

// SMS to citizens through a real SMPP server (the `smpp` package's server) as the SMSC.
describe('SMS over SMPP', () => {
  let app: TestApp;
  let smsc: Smsc;
  let operator: string;
  let supervisor: string;
  let hood: number;

  beforeAll(async () => {
    smsc = await startSmsc();
    app = await startTestApp({
      REDIS_URL,
      SMS_SMPP_URL: `smpp://${SYSTEM_ID}:${PASSWORD}@127.0.0.1:${smsc.port}`,
      SMS_SENDER: '10005137',
      SMS_PER_SECOND: '5',
      SMS_WINDOW: '10',
    });
    operator = await login(app.url, 'operator1');
    supervisor = await login(app.url, 'supervisor1');
    hood = await hoodOfDistrict(app.db, 5);
    await waitFor(() => smsc.binds > 0, 5000, 'the bind');
  });
  afterAll(async () => {
    await app?.close();
    await smsc?.close();
  });

  const register = () => registerPothole(app.db, app.url, operator, hood);
  const segmentsFor = (req: Registered) => (r: Received) => r.text.includes(fa(req.trackingCode).slice(-4));
  const smsOf = (req: Registered) =>
    api<{ items: SmsItem[] }>(app.url, supervisor, 'GET', `/api/v1/sms?requestId=${req.id}`);

  it('sends the tracking code in Persian UCS-2, segmented with UDH, once the operator confirms consent', async () => {
    const req = await register();
    const r = await api<{ id: string; consent: boolean }>(app.url, operator, 'POST', `/api/v1/requests/${req.id}/sms`, {
      template: 'registered',
    });
    expect(r.status).toBe(202);
    const expected = `شهروند گرامی، درخواست شما در سامانه ۱۳۷ ثبت شد. کد رهگیری: ${fa(req.trackingCode)}. برای پیگیری با ۱۳۷ تماس بگیرید.`;
    expect(expected.length).toBeGreaterThan(70); // so it needs two segments
    const parts = await waitFor(
      () => reassemble(smsc.received).find((m) => m.text.includes(fa(req.trackingCode))),
      5000,
      'both segments',
    );
    expect(parts.parts).toBe(2);
    expect(parts.text).toBe(expected);
    const segs = smsc.received.filter((x) => x.udh[0]?.[2] === parts.ref);
    for (const s of segs) {
      expect(s.dataCoding).toBe(8); // UCS-2
      expect(s.esmClass & 0x40).toBe(0x40); // UDHI
      expect(s.source).toBe('10005137');
      expect(s.registeredDelivery & 1).toBe(1);
    }
    const consent = await app.db.query(`SELECT sms_consent FROM requests WHERE id = $1`, [req.id]);
    expect(consent.rows[0]).toEqual({ sms_consent: true });
    // Both receipts stored: the message is delivered.
    const list = await waitFor(
      async () => {
        const l = await smsOf(req);
        return l.body.items.find((m) => m.id === r.body.id && m.status === 'delivered') ? l : null;
      },
      5000,
      'delivered',
    );
    expect(list.status).toBe(200);
    expect(list.body.items[0]).toMatchObject({ template: 'registered', segments: 2, status: 'delivered' });
    expect(list.body.items[0]!.phone).not.toContain('1234567'); // masked
    const parts2 = await app.db.query(`SELECT state, receipt_at IS NOT NULL AS got FROM sms_parts WHERE sms_id = $1`, [
      r.body.id,
    ]);
    expect(parts2.rows).toEqual([
      { state: 'DELIVRD', got: true },
      { state: 'DELIVRD', got: true },
    ]);
    expect(smsc.receipts.filter((x) => segs.some((s) => s.messageId === x.messageId))).toEqual(
      segs.map((s) => ({ messageId: s.messageId, answeredStatus: 0 })),
    );
  });

  it('tells a consenting citizen when the request is done, not one who did not agree', async () => {
    const agreed = await register();
    const silent = await register();
    await api(app.url, operator, 'POST', `/api/v1/requests/${agreed.id}/sms`, { template: 'registered' });
    for (const req of [agreed, silent]) {
      const s = await api(app.url, supervisor, 'POST', `/api/v1/requests/${req.id}/status`, { status: 'done' });
      expect(s.status).toBe(200);
    }
    const done = await waitFor(
      () =>
        reassemble(smsc.received).find(
          (m) => m.text.includes(`درخواست ${fa(agreed.trackingCode)}`) && m.text.includes('انجام شد'),
        ),
      15_000, // a job, the throttle and the SMSC: a second alone, more beside 200 other test files
      'the done SMS',
    );
    expect(done.text).toContain('چاله');
    await quietWindow(500); // the other request's SMS would be queued by now
    expect(reassemble(smsc.received).some((m) => m.text.includes(fa(silent.trackingCode)))).toBe(false);
  });

  it('tells a consenting citizen the unit and the deadline (Jalali, Persian digits) when re-referred', async () => {
    const req = await register();
    await api(app.url, operator, 'POST', `/api/v1/requests/${req.id}/sms`, { template: 'registered' });
    const unit = await app.db.query<{ id: number; name_fa: string }>(
      `SELECT id, name_fa FROM units WHERE code = 'district-5-waste'`,
    );
    const r = await api<{ deadlineAt?: string }>(app.url, supervisor, 'POST', `/api/v1/requests/${req.id}/referrals`, {
      unitId: unit.rows[0]!.id,
      deadlineHours: 48,
    });
    expect(r.status).toBe(201);
    const ref = await app.db.query<{ deadline_at: Date }>(
      `SELECT deadline_at FROM referrals WHERE request_id = $1 ORDER BY id DESC LIMIT 1`,
      [req.id],
    );
    const deadline = new Intl.DateTimeFormat('fa-IR-u-ca-persian', {
      timeZone: 'Asia/Tehran',
      year: 'numeric',
      month: 'long',
      day: 'numeric',
    }).format(ref.rows[0]!.deadline_at);
    const msg = await waitFor(
      () =>
        reassemble(smsc.received).find(
          (m) => m.text.includes(`${fa(req.trackingCode)} (`) && m.text.includes('ارجاع شد'),
        ),
      5000,
      'the referral SMS',
    );
    expect(msg.text).toContain(unit.rows[0]!.name_fa);
    expect(msg.text).toContain(fa(deadline)); // e.g. ۱۷ آذر ۱۴۰۵
    expect(msg.text).not.toMatch(/[0-9]/); // every digit Persian
  });

  it('takes the consent given at registration: the automatic referral is told at once', async () => {
    const cat = await app.db.query<{ id: number }>(`SELECT id FROM categories WHERE code = 'pothole'`);
    const r = await api<Registered>(app.url, operator, 'POST', '/api/v1/requests', {
      categoryId: cat.rows[0]!.id,
      neighbourhoodId: hood,
      description: 'چاله عمیق کنار ایستگاه اتوبوس',
      phone: '09121234567',
      smsConsent: true,
    });
    expect(r.status).toBe(201);
    const msg = await waitFor(
      () => reassemble(smsc.received).find((m) => m.text.includes(`${fa(r.body.trackingCode)} (`)),
      5000,
      'the referral SMS',
    );
    expect(msg.text).toContain('ارجاع شد');
    expect(msg.text).toContain('مهلت رسیدگی: ');
  });

  it('keeps to SMS_PER_SECOND', async () => {
    const req = await register();
    const before = smsc.received.length;
    for (let i = 0; i < 10; i++) {
      const r = await api(app.url, operator, 'POST', `/api/v1/requests/${req.id}/sms`, { template: 'status-reply' });
      expect(r.status).toBe(202);
    }
    const got = await waitFor(
      () => (smsc.received.length - before >= 10 ? smsc.received.slice(before) : null),
      10_000,
      'ten messages',
    );
    expect(got.every(segmentsFor(req))).toBe(true);
    // 5 a second: the ten span at least 9 gaps of 200 ms, and any six consecutive submits at least a
    // second (less 100 ms: the SMSC here shares the test's event loop, which may read two at once).
    expect(got.at(-1)!.at - got[0]!.at).toBeGreaterThanOrEqual(1700);
    for (let i = 0; i + 5 < got.length; i++) expect(got[i + 5]!.at - got[i]!.at).toBeGreaterThanOrEqual(900);
  });

  it('holds messages while the SMSC is down and sends each once when it is back', async () => {
    await smsc.stop();
    await waitFor(
      async () =>
        (await api<{ connected: boolean }>(app.url, operator, 'GET', '/api/v1/sms/status')).body.connected === false,
      5000,
      'link down',
    );
    const req = await register();
    const r = await api<{ id: string }>(app.url, operator, 'POST', `/api/v1/requests/${req.id}/sms`, {
      template: 'status-reply',
    });
    expect(r.status).toBe(202);
    await quietWindow(500); // nothing can be sent: the message waits
    const row = await app.db.query(`SELECT status FROM sms_messages WHERE id = $1`, [r.body.id]);
    expect(row.rows[0]).toEqual({ status: 'queued' });
    await smsc.start();
    await waitFor(() => smsc.received.find(segmentsFor(req)), 15_000, 'the held message');
    await waitFor(async () => (await smsOf(req)).body.items[0]?.status === 'delivered', 5000, 'delivered');
    await quietWindow(1000); // a second copy would follow within the pace (200 ms)
    expect(smsc.received.filter(segmentsFor(req))).toHaveLength(1);
  });

  it('lets admins edit templates and refuses unknown placeholders', async () => {
    const admin = await login(app.url, 'admin');
    const bad = await api(app.url, admin, 'PUT', '/api/v1/sms/templates/closed', {
      textFa: 'درخواست {trackingCod} بسته شد',
    });
    expect(bad.status).toBe(400);
    const ok = await api<{ textFa: string }>(app.url, admin, 'PUT', '/api/v1/sms/templates/closed', {
      textFa: 'درخواست {trackingCode} مختومه شد.',
    });
    expect(ok.status).toBe(200);
    expect((await api(app.url, operator, 'PUT', '/api/v1/sms/templates/closed', { textFa: 'x' })).status).toBe(403);
    expect((await api(app.url, operator, 'GET', '/api/v1/sms?requestId=1')).status).toBe(403);
  });
});
