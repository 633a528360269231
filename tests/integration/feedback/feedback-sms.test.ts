import { afterAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { amiActions, emulator } from '../../helpers/emulator-control.ts';
import { api, login } from '../../helpers/http.ts';
import { waitFor } from '../../helpers/wait.ts';
import { addUser, hoodOfDistrict, registerPothole } from '../office/office-fixtures.ts';
import { PASSWORD, reassemble, startSmsc, SYSTEM_ID, type Smsc } from '../sms/smsc.ts';

// A citizen who does not pick up the feedback call is asked by SMS instead (SMS configured): the
// question reaches a real SMSC (the `smpp` package's server side) as UCS-2 with the Persian text
// and the request's tracking code intact, and no operator task is opened for it.

const CITIZEN = '09121234567';
const toLatin = (s: string) => s.replace(/[۰-۹]/g, (d) => String('۰۱۲۳۴۵۶۷۸۹'.indexOf(d)));

describe('an unreachable citizen gets the feedback question by SMS', () => {
  let app: TestApp;
  let smsc: Smsc;
  afterAll(async () => {
    await app?.close();
    await smsc?.close();
  });

  it('sends it through the SMSC in Persian after the call is not answered', async () => {
    smsc = await startSmsc();
    app = await startTestApp(
      {
        SMS_SMPP_URL: `smpp://${SYSTEM_ID}:${PASSWORD}@127.0.0.1:${smsc.port}`,
        SMS_SENDER: '10005137',
        OUTBOUND_WINDOWS: 'sat-fri 00:00-24:00',
        OUTBOUND_MAX_ATTEMPTS: '1',
      },
      { feedbackDelayMs: 300 },
    );
    await emulator(app, 'POST', `/control/citizens/${CITIZEN}`, { answer: 'no-answer', afterMs: 200 });
    await addUser(app.db, { username: 'roads5-sms', role: 'unit', unitCode: 'district-5-roads' });
    const unit = await login(app.url, 'roads5-sms');
    const operator = await login(app.url, 'operator1');
    const req = await registerPothole(app.db, app.url, operator, await hoodOfDistrict(app.db, 5));
    for (const body of [{ status: 'in-progress' }, { status: 'done', note: 'چاله پر شد' }]) {
      const r = await api(app.url, unit, 'POST', `/api/v1/requests/${req.id}/status`, body);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }

    const question = await waitFor(
      () => reassemble(smsc.received).find((m) => toLatin(m.text).includes(req.trackingCode)),
      30_000,
      'the feedback question at the SMSC',
    );
    // The call was tried first (and not answered), then the SMS went.
    expect((await amiActions(app, 'Originate')).length).toBe(1);
    expect(question.text).toContain('آیا مشکل درخواست');
    expect(question.text).toContain('برطرف شد؟');
    // UCS-2 (data_coding 8), to the citizen, from the short code.
    expect(smsc.received.every((r) => r.dataCoding === 8)).toBe(true);
    expect(smsc.received.every((r) => r.destination.endsWith('9121234567'))).toBe(true);
    expect(smsc.received.every((r) => r.source === '10005137')).toBe(true);

    type Tasks = { items: Array<{ requestId: string }> };
    const tasks = await api<Tasks>(app.url, operator, 'GET', '/api/v1/feedback/tasks');
    expect(tasks.body.items.some((t) => t.requestId === req.id)).toBe(false);
  }, 90_000);
});
