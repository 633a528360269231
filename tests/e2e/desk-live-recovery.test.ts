// The desk against the REAL server when things go wrong: input the server refuses (shown in the
// operator's language, nothing typed is lost) and a network drop or server-side disconnect in the
// middle of a call (the form survives, the call comes back through `resync`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { quietWindow, waitFor } from '../helpers/wait.ts';
import { answerPhone, finishCall, placeCall, type PlacedCall } from '../helpers/calls.ts';
import {
  ensureWebBuilt,
  HAVE_CHROMIUM,
  launchBrowser,
  saveScreenshot,
  signInPage,
  type LaunchedBrowser,
} from '../helpers/browser.ts';
import {
  choose,
  fa,
  place,
  requestCount,
  shownTrackingCode,
  waitCallState,
  waitConnection,
  waitDraftSaved,
  waitRingingPop,
  type Place,
} from '../helpers/desk-page.ts';

describe.skipIf(!HAVE_CHROMIUM)('operator desk against the live server: refusals and recovery', () => {
  let app: TestApp;
  let browser: LaunchedBrowser;
  let page: Page;
  let pothole: Place;
  let call: PlacedCall | null = null;

  beforeAll(async () => {
    ensureWebBuilt();
    [app, browser] = await Promise.all([startTestApp(), launchBrowser()]);
    page = await browser.newPage();
    pothole = await place(app, 'pothole', 'Kuhsangi');
    await signInPage(page, app.url, 'operator1');
    await page.getByTestId('btn-ready').click();
    await page.getByTestId('state-badge').getByText('آماده').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const errorLine = () => page.getByTestId('req-error').innerText();
  const description = () => page.getByTestId('req-description');
  const online = () => waitConnection(page, 'online', 15_000);
  const offline = () => waitConnection(page, 'offline', 5000);

  it('refuses an empty, a too short, a 100 KB description and a withdrawn category in Persian, keeping what was typed', async () => {
    call = await placeCall(app, '09151230000');
    await waitRingingPop(page, fa('0915 123 0000'));
    await answerPhone(app, '1001');
    await waitCallState(page, 'talking');
    await choose(page, pothole);
    await page.getByTestId('req-address').fill('بلوار کوهسنگی، نبش کوچه');

    // Empty: the form itself asks for it, nothing is sent.
    await page.getByTestId('req-submit').click();
    expect(await errorLine()).toBe('شرح درخواست را بنویسید.');

    // Too short: only the server knows the minimum; its VALIDATION comes back in Persian.
    await description().fill('ab');
    const refused = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/requests') && r.request().method() === 'POST',
    );
    await page.getByTestId('req-submit').click();
    const res = await refused;
    expect(res.status()).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('VALIDATION');
    await expect
      .poll(errorLine)
      .toBe('درخواست ثبت نشد: شرح درخواست باید دست‌کم ۳ و حداکثر ۴۰۰۰ نویسه باشد. شرح را کامل‌تر یا کوتاه‌تر بنویسید.');
    await saveScreenshot(page, 'desk-live-recovery-1-validation-fa');

    // 100 KB, pasted past the field's limit by some tool: refused before it leaves the page.
    await page.evaluate((n) => {
      const el = document.querySelector<HTMLTextAreaElement>('[data-testid=req-description]')!;
      el.value = 'چاله عمیق '.repeat(Math.ceil(n / 10)).slice(0, n);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, 100 * 1024);
    await page.getByTestId('req-submit').click();
    expect(await errorLine()).toBe('شرح درخواست حداکثر ۴۰۰۰ نویسه است.');

    // The category is withdrawn by an admin while the operator types.
    const text = 'آسفالت جلوی مدرسه کنده شده و آب جمع می‌شود';
    await description().fill(text);
    await app.db.query(`UPDATE categories SET active = false WHERE id = $1`, [pothole.categoryId]);
    await page.getByTestId('req-submit').click();
    await expect
      .poll(errorLine)
      .toBe('درخواست ثبت نشد: این موضوع دیگر در فهرست نیست. موضوع دیگری از فهرست انتخاب کنید.');
    // Nothing lost, nothing half-stored.
    expect(await description().inputValue()).toBe(text);
    expect(await page.getByTestId('req-address').inputValue()).toBe('بلوار کوهسنگی، نبش کوچه');
    expect(await requestCount(app)).toBe(0);

    // In English the same refusal reads in English.
    await page.getByTestId('lang-switch').click();
    await page.getByTestId('req-submit').click();
    await expect
      .poll(errorLine)
      .toBe('Request not registered: This category is no longer in the list. Choose another category from the list.');
    await page.getByTestId('lang-switch').click();

    await app.db.query(`UPDATE categories SET active = true WHERE id = $1`, [pothole.categoryId]);
    await page.getByTestId('req-submit').click();
    const code = await shownTrackingCode(page);
    const stored = await app.db.query(`SELECT description, address FROM requests WHERE tracking_code = $1`, [code]);
    expect(stored.rows).toEqual([{ description: text, address: 'بلوار کوهسنگی، نبش کوچه' }]);
    expect(await errorLine()).toBe('');
    await finishCall(app, '1001', call);
  });

  it('keeps the typed form through a network drop and gets the call back, answered meanwhile, through resync', async () => {
    call = await placeCall(app, '09151230001');
    await waitRingingPop(page, fa('0915 123 0001'));
    const typed = 'شاخه درخت روی سیم برق افتاده';
    await description().fill(typed);
    await page.getByTestId('req-address').fill('خیابان سجاد ۱۲');

    // The network goes: the desk's socket drops and cannot reconnect.
    await page.context().setOffline(true);
    for (const s of app.io.of('/desk').sockets.values()) s.conn.close();
    await offline();
    expect(await page.getByTestId('offline-banner').isVisible()).toBe(true);
    // The operator answers on the phone while the desk is cut off: that event never reaches it.
    await answerPhone(app, '1001');
    // Nothing may reach the desk while it is cut off: 200 ms for the answer NOT to show.
    await quietWindow(200);
    expect(await page.getByTestId('pop-panel').getAttribute('data-call-state')).not.toBe('talking');
    await saveScreenshot(page, 'desk-live-recovery-2-offline-fa');

    await page.context().setOffline(false);
    await online();
    await waitCallState(page, 'talking');
    expect(await page.getByTestId('pop-phone').innerText()).toBe(fa('0915 123 0001'));
    expect(await description().inputValue()).toBe(typed);
    expect(await page.getByTestId('req-address').inputValue()).toBe('خیابان سجاد ۱۲');
    expect(await page.getByTestId('offline-banner').isVisible()).toBe(false);
  });

  it('comes back by itself after the server closes its socket, and after a reload, with the form and the call', async () => {
    const typed = await description().inputValue();
    // The server drops every desk (as on a shutdown): the desk checks its session and reconnects.
    app.io.of('/desk').disconnectSockets(true);
    await offline();
    await online();
    await waitCallState(page, 'talking');
    expect(await description().inputValue()).toBe(typed);

    // A reload (or a crashed tab): the draft comes back from sessionStorage, the call from resync.
    await waitDraftSaved(page, typed); // the draft is saved 300 ms after the last keystroke
    await page.reload();
    await online();
    await waitCallState(page, 'talking');
    expect(await description().inputValue()).toBe(typed);
    await saveScreenshot(page, 'desk-live-recovery-3-after-reload-fa');

    // And the request is registered for that call, with the phone the pop gave.
    await choose(page, pothole);
    await page.getByTestId('req-submit').click();
    const code = await shownTrackingCode(page);
    const r = await app.db.query<{ phone_e164: string; linkedid: string }>(
      `SELECT c.phone_e164, k.linkedid FROM requests r JOIN citizens c ON c.id = r.citizen_id JOIN calls k ON k.id = r.call_id WHERE r.tracking_code = $1`,
      [code],
    );
    expect(r.rows).toEqual([{ phone_e164: '+989151230001', linkedid: call!.linkedid }]);
    await finishCall(app, '1001', call!);
    await waitFor(async () => (await requestCount(app)) === 2, 2000, 'two requests');
  });
});
