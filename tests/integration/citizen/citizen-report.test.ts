import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJpeg } from '../../unit/requests/photo-fixtures.ts';
import {
  categoryId,
  codeSentTo,
  codesSentTo,
  hoodOf,
  pub,
  REDIS_URL,
  startCitizenRig,
  type CitizenRig,
} from './citizen-fixtures.ts';

// A citizen reports a pothole on the page: the report waits until the code sent by SMS (through a
// real SMSC) is typed; then it is a 'web' request with the citizen's number and the photo stripped
// of its metadata. A second citizen reporting the same place is linked to it instead. Rate counters
// on Redis here (REDIS_URL).

type Challenge = { challengeId: string; expiresAt: string };
type Outcome = { outcome: 'registered' | 'linked'; trackingCode: string };
const PHONE_A = '09351110001';
const PHONE_B = '09351110002';

describe('a web report confirmed by a code sent by SMS', () => {
  let rig: CitizenRig;
  let url: string;
  let body: Record<string, unknown>;

  beforeAll(async () => {
    rig = await startCitizenRig({ REDIS_URL });
    url = rig.app.url;
    body = {
      categoryId: await categoryId(rig.app.db, 'pothole'),
      neighbourhoodId: await hoodOf(rig.app.db, 5),
      description: 'چاله عمیق جلوی مدرسه',
    };
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('serves the page and its settings without a sign-in', async () => {
    const page = await fetch(`${url}/citizen`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('/citizen.js');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("font-src 'self'");
    expect((await pub(url, 'GET', '/citizen/api/config')).body).toMatchObject({ webReports: true, maxPhotos: 3 });
    const tax = await pub<{ categories: unknown[]; districts: Array<{ neighbourhoods: unknown[] }> }>(
      url,
      'GET',
      '/citizen/api/taxonomy',
    );
    expect(tax.body.categories.length).toBeGreaterThan(3);
    expect(tax.body.districts[0]!.neighbourhoods.length).toBeGreaterThan(0);
  });

  it('registers only after the right code, with the number on the citizen and the photo stripped', async () => {
    const photo = buildJpeg({ exifOrientation: 6, comment: 'owner 09351110001' });
    const photos = [{ mime: 'image/jpeg', data: photo.toString('base64') }];
    const sent = await pub<Challenge>(url, 'POST', '/citizen/api/reports', { ...body, phone: '۰۹۳۵۱۱۱۰۰۰۱', photos });
    expect(sent.status, JSON.stringify(sent.body)).toBe(202);
    const code = await codeSentTo(rig.smsc, PHONE_A);
    // Nothing registered before the code.
    const before = await rig.app.db.query(`SELECT count(*)::int AS n FROM requests WHERE channel = 'web'`);
    expect(before.rows[0]).toEqual({ n: 0 });
    const stored = await rig.app.db.query(`SELECT code_hash FROM citizen_otps WHERE id = $1`, [sent.body.challengeId]);
    expect(stored.rows[0].code_hash).not.toContain(code);

    const persian = code.replace(/\d/g, (x) => '۰۱۲۳۴۵۶۷۸۹'[Number(x)]!);
    const done = await pub<Outcome>(url, 'POST', `/citizen/api/challenges/${sent.body.challengeId}/confirm`, {
      code: persian,
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.outcome).toBe('registered');
    const r = await rig.app.db.query(
      `SELECT r.id, r.channel, r.created_by_user_id, r.sms_consent, c.phone_e164, r.status
         FROM requests r JOIN citizens c ON c.id = r.citizen_id WHERE r.tracking_code = $1`,
      [done.body.trackingCode],
    );
    expect(r.rows[0]).toMatchObject({ channel: 'web', created_by_user_id: null, phone_e164: '+989351110001' });
    expect(r.rows[0].status).toBe('referred');
    const att = await rig.app.db.query(`SELECT id, uploaded_by, mime FROM attachments WHERE request_id = $1`, [
      r.rows[0].id,
    ]);
    expect(att.rows).toHaveLength(1);
    expect(att.rows[0]).toMatchObject({ uploaded_by: null, mime: 'image/jpeg' });
    const file = await readFile(join(rig.attachmentsDir, att.rows[0].id.slice(0, 2), att.rows[0].id));
    expect(file.includes(Buffer.from('09351110001'))).toBe(false);
    expect(file.includes(Buffer.from('owner'))).toBe(false);
    const left = await rig.app.db.query(`SELECT count(*)::int AS n FROM citizen_submission_photos`);
    expect(left.rows[0]).toEqual({ n: 0 });

    // The code is spent: typed again it confirms nothing.
    const again = await pub(url, 'POST', `/citizen/api/challenges/${sent.body.challengeId}/confirm`, { code });
    expect(again.status).toBe(404);

    // A second citizen at the same place: linked as one more reporter, told the same tracking code.
    const second = await pub<Challenge>(url, 'POST', '/citizen/api/reports', { ...body, phone: PHONE_B });
    const code2 = await codeSentTo(rig.smsc, PHONE_B);
    const linked = await pub<Outcome>(url, 'POST', `/citizen/api/challenges/${second.body.challengeId}/confirm`, {
      code: code2,
    });
    expect(linked.body).toEqual({ outcome: 'linked', trackingCode: done.body.trackingCode });
    const n = await rig.app.db.query(
      `SELECT count(*)::int AS n, max(reporters) AS rep FROM requests WHERE channel = 'web'`,
    );
    expect(n.rows[0]).toEqual({ n: 1, rep: 2 });
    const ev = await rig.app.db.query(
      `SELECT user_id FROM request_events WHERE request_id = $1 AND kind = 'reporter-linked'`,
      [r.rows[0].id],
    );
    expect(ev.rows).toEqual([{ user_id: null }]);
  });

  it('locks a code after five wrong tries; a new code works', async () => {
    const phone = '09351110003';
    const hood = await hoodOf(rig.app.db, 5, 1);
    const sent = await pub<Challenge>(url, 'POST', '/citizen/api/reports', { ...body, neighbourhoodId: hood, phone });
    const code = await codeSentTo(rig.smsc, phone);
    const wrong = code === '000000' ? '111111' : '000000';
    const path = `/citizen/api/challenges/${sent.body.challengeId}/confirm`;
    const lefts: unknown[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await pub<{ error: { code: string; details: { attemptsLeft: number } } }>(url, 'POST', path, {
        code: wrong,
      });
      lefts.push(`${r.status} ${r.body.error.code} ${r.body.error.details.attemptsLeft}`);
    }
    expect(lefts).toEqual([
      '400 CODE_WRONG 4',
      '400 CODE_WRONG 3',
      '400 CODE_WRONG 2',
      '400 CODE_WRONG 1',
      '423 CODE_LOCKED 0',
    ]);
    const right = await pub<{ error: { code: string } }>(url, 'POST', path, { code });
    expect([right.status, right.body.error.code]).toEqual([423, 'CODE_LOCKED']);
    const resent = await pub(url, 'POST', `/citizen/api/challenges/${sent.body.challengeId}/resend`);
    expect(resent.status).toBe(200);
    const fresh = await codeSentTo(rig.smsc, phone, 1);
    const ok = await pub<Outcome>(url, 'POST', path, { code: fresh });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.outcome).toBe('registered');
  });

  it('hands a report with only a point (no neighbourhood: no district unit) to a person in triage', async () => {
    const phone = '09351110007';
    const point = { categoryId: body.categoryId, lat: 34.7981, lng: 48.5146, description: 'درپوش فاضلاب شکسته' };
    const sent = await pub<Challenge>(url, 'POST', '/citizen/api/reports', { ...point, phone });
    expect(sent.status, JSON.stringify(sent.body)).toBe(202);
    const code = await codeSentTo(rig.smsc, phone);
    const done = await pub<Outcome>(url, 'POST', `/citizen/api/challenges/${sent.body.challengeId}/confirm`, { code });
    expect(done.body.outcome).toBe('registered');
    const item = await rig.app.db.query(
      `SELECT t.source, t.reasons, t.phone_e164 FROM triage_items t JOIN requests r ON r.id = t.request_id
        WHERE r.tracking_code = $1`,
      [done.body.trackingCode],
    );
    expect(item.rows).toEqual([{ source: 'web', reasons: ['no-place'], phone_e164: '+989351110007' }]);
  });

  it('sends at most three codes to a number an hour', async () => {
    // A number of this run's own: Redis outlives the test's database.
    const phone = `0935${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await pub(url, 'POST', '/citizen/api/reports', { ...body, phone })).status);
    expect(statuses).toEqual([202, 202, 202, 429]);
    const refused = await pub<{ error: { code: string } }>(url, 'POST', '/citizen/api/reports', { ...body, phone });
    expect(refused.body.error.code).toBe('RATE_LIMITED');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    await codeSentTo(rig.smsc, phone, 2);
    expect(codesSentTo(rig.smsc, phone)).toBe(3);
    // Counted in Redis (every node sees it), not in PostgreSQL.
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`*:citizen-rate:codesPerNumber:+98${phone.slice(1)}:*`);
    redis.disconnect();
    expect(keys).toHaveLength(1);
    const pg = await rig.app.db.query(`SELECT count(*)::int AS n FROM citizen_rate_hits`);
    expect(pg.rows[0]).toEqual({ n: 0 });
  });

  it('pretends to take a robot’s report (honeypot) and keeps and sends nothing', async () => {
    const phone = '09351110005';
    const before = await rig.app.db.query(`SELECT count(*)::int AS n FROM citizen_submissions`);
    const r = await pub<Challenge>(url, 'POST', '/citizen/api/reports', {
      ...body,
      phone,
      website: 'http://spam.example',
    });
    expect(r.status).toBe(202);
    expect(r.body.challengeId).toMatch(/^[0-9a-f-]{36}$/);
    const after = await rig.app.db.query(`SELECT count(*)::int AS n FROM citizen_submissions`);
    expect(after.rows[0]).toEqual(before.rows[0]);
    const otps = await rig.app.db.query(
      `SELECT count(*)::int AS n FROM citizen_otps WHERE phone_e164 = '+989351110005'`,
    );
    expect(otps.rows[0]).toEqual({ n: 0 });
    const queued = await rig.app.db.query(
      `SELECT count(*)::int AS n FROM sms_messages WHERE phone_e164 = '+989351110005'`,
    );
    expect(queued.rows[0]).toEqual({ n: 0 });
    const confirm = await pub(url, 'POST', `/citizen/api/challenges/${r.body.challengeId}/confirm`, { code: '123456' });
    expect(confirm.status).toBe(404);
  });

  it('refuses a form post from another site and a landline', async () => {
    const form = await fetch(`${url}/citizen/api/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'phone=09351110006',
    });
    expect(form.status).toBe(415);
    const landline = await pub<{ error: { code: string } }>(url, 'POST', '/citizen/api/reports', {
      ...body,
      phone: '02188776655',
    });
    expect([landline.status, landline.body.error.code]).toEqual([400, 'VALIDATION']);
  });
});
