import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { login } from '../../helpers/http.ts';
import { hoodOfDistrict, registerPothole } from '../office/office-fixtures.ts';
import { categoryId, pub } from './citizen-fixtures.ts';

// Without an SMS gateway no code can prove a number: the page says web reports are closed and
// refuses them (nothing kept), while tracking still works.
describe('the citizen page without SMS', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('closes web reports and keeps tracking open', async () => {
    expect((await pub(app.url, 'GET', '/citizen/api/config')).body).toMatchObject({ webReports: false });
    const r = await pub<{ error: { code: string } }>(app.url, 'POST', '/citizen/api/reports', {
      categoryId: await categoryId(app.db, 'pothole'),
      neighbourhoodId: await hoodOfDistrict(app.db, 5),
      description: 'چراغ خاموش است',
      phone: '09351112222',
    });
    expect([r.status, r.body.error.code]).toEqual([503, 'WEB_REPORTS_CLOSED']);
    const kept = await app.db.query(`SELECT count(*)::int AS n FROM citizen_submissions`);
    expect(kept.rows[0]).toEqual({ n: 0 });

    const operator = await login(app.url, 'operator1');
    const req = await registerPothole(app.db, app.url, operator, await hoodOfDistrict(app.db, 5));
    const t = await pub<{ status: string }>(app.url, 'GET', `/citizen/api/track/${req.trackingCode}`);
    expect([t.status, t.body.status]).toEqual([200, 'referred']);
  });
});
