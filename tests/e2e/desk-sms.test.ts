// The desk after a registration: "send the tracking code by SMS (the citizen agreed)" is offered when
// SMS is on; pressing it stores the consent and the SMSC (a real SMPP server here) gets the code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import {
  ensureWebBuilt,
  HAVE_CHROMIUM,
  launchBrowser,
  saveScreenshot,
  signInPage,
  type LaunchedBrowser,
} from '../helpers/browser.ts';
import { choose, fa, place, shownTrackingCode, type Place } from '../helpers/desk-page.ts';
import { waitFor } from '../helpers/wait.ts';
import { PASSWORD, reassemble, startSmsc, SYSTEM_ID, type Smsc } from '../integration/sms/smsc.ts';

describe.skipIf(!HAVE_CHROMIUM)('desk: tracking code by SMS', () => {
  let app: TestApp;
  let smsc: Smsc;
  let browser: LaunchedBrowser;
  let page: Page;
  let pothole: Place;

  beforeAll(async () => {
    ensureWebBuilt();
    smsc = await startSmsc();
    [app, browser] = await Promise.all([
      startTestApp({ SMS_SMPP_URL: `smpp://${SYSTEM_ID}:${PASSWORD}@127.0.0.1:${smsc.port}`, SMS_SENDER: '10005137' }),
      launchBrowser(),
    ]);
    page = await browser.newPage();
    pothole = await place(app, 'pothole', 'Kuhsangi');
    await signInPage(page, app.url, 'operator1');
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await smsc?.close();
  });

  it('offers the SMS after registering and sends the code when pressed', async () => {
    await page.getByTestId('req-phone').fill('09151234567');
    await choose(page, pothole);
    await page.getByTestId('req-description').fill('چاله بزرگ جلوی نانوایی، شهروند پیامک می‌خواهد');
    await page.getByTestId('req-submit').click();
    await expect.poll(() => shownTrackingCode(page), { timeout: 10_000 }).toMatch(/^\d{8}$/);
    const code = await shownTrackingCode(page);
    const button = page.getByTestId('tracking-sms');
    await expect.poll(() => button.isVisible(), { timeout: 5000 }).toBe(true);
    expect(await button.innerText()).toContain('پیامک');
    await button.click();
    await expect.poll(() => page.getByTestId('tracking-sms-state').innerText()).toContain('صف');
    const msg = await waitFor(
      () => reassemble(smsc.received).find((m) => m.text.includes(fa(code))),
      5000,
      'the SMS at the SMSC',
    );
    expect(msg.text).toContain('کد رهگیری');
    const consent = await app.db.query(`SELECT sms_consent FROM requests WHERE tracking_code = $1`, [code]);
    expect(consent.rows[0]).toEqual({ sms_consent: true });
    await saveScreenshot(page, 'desk-sms-offer');
  });
});
