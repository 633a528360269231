import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { api, login } from '../../helpers/http.ts';
import { hoodOfDistrict, REDIS_URL, registerPothole } from '../office/office-fixtures.ts';

// Without SMS_SMPP_URL/SMS_SENDER there is no SMS: the status says so, a send is refused, nothing is queued.
describe('SMS without configuration', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ REDIS_URL });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('reports SMS off and refuses to send', async () => {
    const operator = await login(app.url, 'operator1');
    expect((await api(app.url, operator, 'GET', '/api/v1/sms/status')).body).toEqual({ enabled: false });
    const req = await registerPothole(app.db, app.url, operator, await hoodOfDistrict(app.db, 5));
    const r = await api<{ error: { code: string } }>(app.url, operator, 'POST', `/api/v1/requests/${req.id}/sms`, {
      template: 'registered',
    });
    expect(r.status).toBe(503);
    const rows = await app.db.query(`SELECT count(*)::int AS n FROM sms_messages`);
    expect(rows.rows[0]).toEqual({ n: 0 });
    const consent = await app.db.query(`SELECT sms_consent FROM requests WHERE id = $1`, [req.id]);
    expect(consent.rows[0]).toEqual({ sms_consent: false });
    expect((await api(app.url, null, 'GET', '/api/v1/sms/status')).status).toBe(401);
  });
});
