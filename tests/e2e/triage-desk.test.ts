// The triage card on the desk: a citizen's SMS to the short code (through the test's SMPP server)
// is offered to the operator who presses Ready, with the sender's past requests as a screen-pop;
// the operator picks category and place in the form and registers a request from it, and the
// sender gets the tracking code by SMS. Screenshots fa and en.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import {
  ensureWebBuilt,
  HAVE_CHROMIUM,
  launchBrowser,
  openWallboardPage,
  saveScreenshot,
  signInPage,
  type LaunchedBrowser,
} from '../helpers/browser.ts';
import { choose, fa, FA_DIGITS, place, pressStateKey } from '../helpers/desk-page.ts';
import { login } from '../helpers/http.ts';
import { waitFor } from '../helpers/wait.ts';
import { hoodOfDistrict, registerPothole } from '../integration/office/office-fixtures.ts';
import { PASSWORD, reassemble, startSmsc, SYSTEM_ID, type Smsc } from '../integration/sms/smsc.ts';

describe.skipIf(!HAVE_CHROMIUM)('desk: triage card', () => {
  let app: TestApp;
  let smsc: Smsc;
  let browser: LaunchedBrowser;
  // The wallboard signs in as a supervisor: a browser (cookie jar) of its own.
  let board: LaunchedBrowser;
  let page: Page;

  beforeAll(async () => {
    ensureWebBuilt();
    smsc = await startSmsc();
    [app, browser, board] = await Promise.all([
      startTestApp({
        SMS_SMPP_URL: `smpp://${SYSTEM_ID}:${PASSWORD}@127.0.0.1:${smsc.port}`,
        SMS_SENDER: '10005137',
      }),
      launchBrowser(),
      launchBrowser(),
    ]);
    page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    await signInPage(page, app.url, 'operator1');
    await waitFor(() => smsc.sessions() > 0, 5000, 'the bind');
  });

  afterAll(async () => {
    await browser?.close();
    await board?.close();
    await app?.close();
    await smsc?.close();
  });

  it('offers an SMS on Ready with the sender history; registering from it sends the tracking code', async () => {
    // The sender (0912 123 4567) reported a pothole by phone before.
    const supervisor = await login(app.url, 'supervisor1');
    const past = await registerPothole(app.db, app.url, supervisor, await hoodOfDistrict(app.db, 5));
    expect(await smsc.mo({ from: '989121234567', text: 'چراغ‌های پارک کوچه بهار دو شب است خاموش است' })).toBe(0);
    await waitFor(
      async () => (await app.db.query(`SELECT 1 FROM triage_items WHERE phone_e164 = '+989121234567'`)).rowCount,
      10_000,
      'the triage item',
    );

    // The wallboard's tile: one message waiting, and for how long.
    const wall = await openWallboardPage(board, app.url, 'supervisor1');
    await expect.poll(() => wall.getByTestId('kpi-triage-value').innerText(), { timeout: 15_000 }).toBe('۱');
    expect(await wall.getByTestId('kpi-triage-sub').innerText()).toMatch(FA_DIGITS);
    await saveScreenshot(wall, 'wallboard-triage-fa');
    await wall.close();

    const card = page.getByTestId('triage-card');
    expect(await card.isVisible()).toBe(false);
    await pressStateKey(page, 'F2');
    await expect.poll(() => card.isVisible(), { timeout: 10_000 }).toBe(true);
    expect((await page.getByTestId('tr-phone').innerText()).replace(/\s/g, '')).toContain(fa('09121234567'));
    expect(await page.getByTestId('tr-text').innerText()).toContain('چراغ‌های پارک');
    expect(await page.getByTestId('tr-source').innerText()).toContain('پیامک');
    expect(await page.getByTestId('tr-source').innerText()).toMatch(FA_DIGITS);
    const history = await page.getByTestId('tr-history').innerText();
    expect(history.replace(/\s/g, '')).toContain(fa(past.trackingCode));
    await saveScreenshot(page, 'desk-triage-fa');
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('tr-register').innerText()).toContain('Register');
    expect(await page.getByTestId('tr-source').innerText()).toContain('SMS');
    await saveScreenshot(page, 'desk-triage-en');
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('tr-register').innerText()).toContain('ثبت');

    await choose(page, await place(app, 'pothole', 'Kuhsangi'));
    await page.getByTestId('tr-register').click();
    await expect.poll(() => card.isVisible(), { timeout: 10_000 }).toBe(false);
    const made = await app.db.query<{ id: string; tracking_code: string; channel: string; status: string }>(
      `SELECT r.id::text, r.tracking_code, r.channel, t.status FROM triage_items t JOIN requests r ON r.id = t.result_request_id
        WHERE t.phone_e164 = '+989121234567'`,
    );
    expect(made.rows[0]).toMatchObject({ channel: 'sms', status: 'done' });
    await waitFor(
      () => reassemble(smsc.received).find((m) => m.text.includes(fa(made.rows[0]!.tracking_code))),
      10_000,
      'the tracking-code SMS',
    );
  }, 60_000);
});
