// The operator's desk in Chromium against the REAL server: PostgreSQL, the CTI, the IVR and the
// Asterisk emulator placing the calls. One browser and one page for the whole file, like an
// operator's shift: each test is the next call at the same desk. (A map point typed at the desk and
// the duplicates found near it are in desk-live-map-point.test.ts, at a desk of their own.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { TestApp } from '../helpers/app.ts';
import { answerPhone, finishCall, placeCall, type PlacedCall } from '../helpers/calls.ts';
import { HAVE_CHROMIUM, saveScreenshot, signInPage, type LaunchedBrowser } from '../helpers/browser.ts';
import {
  callState,
  choose,
  fa,
  FA_DIGITS,
  LATIN_DIGITS,
  latin,
  shownTrackingCode,
  waitCallState,
  waitRingingPop,
  type Place,
} from '../helpers/desk-page.ts';
import { closeLiveDesk, openLiveDesk } from './desk-live-fixtures.ts';

const REPEAT = '09121234567';
const SECOND = '09351112233';
const NEW = '09381234567';

describe.skipIf(!HAVE_CHROMIUM)('operator desk against the live server', () => {
  let app: TestApp;
  let browser: LaunchedBrowser;
  let page: Page;
  let pothole: Place;
  let garbage: Place;
  let firstCode = '';
  let call: PlacedCall | null = null;

  beforeAll(async () => {
    ({ app, browser, page, pothole, garbage } = await openLiveDesk());
  });

  afterAll(async () => closeLiveDesk({ app, browser }));

  /** Ends the call at the desk's phone (operator, then caller in the survey); back to ready. */
  const hangUp = async () => {
    if (call) await finishCall(app, '1001', call);
    call = null;
  };

  it('issue 2 browser test: a call from the emulator rings PJSIP/1001, pops the caller in Persian digits while ringing, is answered and registered with a tracking code', async () => {
    await signInPage(page, app.url, 'operator1');
    await page.getByTestId('btn-ready').click();
    await expect.poll(() => page.getByTestId('state-badge').innerText()).toBe('آماده');

    call = await placeCall(app, REPEAT);
    await waitRingingPop(page, fa('0912 123 4567'));
    expect(await page.getByTestId('pop-caller-kind').innerText()).toBe('تماس‌گیرنده جدید');
    expect(await page.getByTestId('pop-ivr').innerText()).toContain('ثبت درخواست جدید');
    await saveScreenshot(page, 'desk-live-1-ringing-fa');

    await answerPhone(app, '1001');
    await waitCallState(page, 'talking');
    expect(await page.getByTestId('req-phone').inputValue()).toBe(fa('0912 123 4567'));
    await choose(page, pothole);
    await page.getByTestId('req-address').fill('خیابان سجاد، روبه‌روی بوستان');
    await page.getByTestId('req-description').fill('چاله بزرگ وسط خیابان، خودروها آسیب می‌بینند');
    await page.getByTestId('req-submit').click();
    firstCode = await shownTrackingCode(page);
    expect(firstCode).toMatch(/^\d{8}$/);
    expect(await page.getByTestId('tracking-code').innerText()).toMatch(FA_DIGITS);
    const row = await app.db.query(
      `SELECT r.call_id::text, c.phone_e164 FROM requests r JOIN citizens c ON c.id = r.citizen_id WHERE r.tracking_code = $1`,
      [firstCode],
    );
    expect(row.rows).toEqual([
      {
        call_id: (await app.db.query<{ id: string }>(`SELECT id::text FROM calls WHERE linkedid = $1`, [call.linkedid]))
          .rows[0]!.id,
        phone_e164: '+989121234567',
      },
    ]);
    await saveScreenshot(page, 'desk-live-2-registered-fa');
    await hangUp();
  });

  it('a repeat caller: the pop shows the request they registered before, with its tracking code', async () => {
    call = await placeCall(app, REPEAT);
    await waitRingingPop(page, fa('0912 123 4567'));
    expect(await page.getByTestId('pop-caller-kind').innerText()).toBe('تماس‌گیرنده با سابقه');
    const history = page.getByTestId('pop-history-requests');
    expect(latin(await history.locator('.code').first().innerText())).toBe(firstCode);
    expect(await history.innerText()).toContain('چاله در آسفالت');
    // The earlier call is listed with its Jalali date (۱۴xx/..).
    expect(await page.getByTestId('pop-history-calls').innerText()).toMatch(/۱۴[۰-۹]{2}\/[۰-۹]{2}\/[۰-۹]{2}/);
    await saveScreenshot(page, 'desk-live-3-repeat-caller-fa');
    await answerPhone(app, '1001');
    await hangUp();
  });

  it('duplicate linking: a second citizen reporting the same pothole is linked to it and hears its code; reporters = 2', async () => {
    call = await placeCall(app, SECOND);
    await waitRingingPop(page, fa('0935 111 2233'));
    await answerPhone(app, '1001');
    await waitCallState(page, 'talking');
    await choose(page, pothole);
    const dup = page.getByTestId('dup-item');
    await dup.first().waitFor();
    expect(await dup.count()).toBe(1);
    expect(latin(await dup.locator('.code').innerText())).toBe(firstCode);
    await saveScreenshot(page, 'desk-live-4-duplicate-fa');
    await page.getByTestId('dup-link').click();
    expect(await shownTrackingCode(page)).toBe(firstCode);
    expect(await page.locator('.result-message').innerText()).toContain('وصل شد');
    const r = await app.db.query<{ reporters: number }>(`SELECT reporters FROM requests WHERE tracking_code = $1`, [
      firstCode,
    ]);
    expect(r.rows[0]!.reporters).toBe(2);
    expect(Number((await app.db.query(`SELECT count(*) AS n FROM requests`)).rows[0].n)).toBe(1);
    // The caller's history at the desk now has the linked request, showing two reporters.
    await expect.poll(() => page.getByTestId('pop-history-requests').innerText()).toContain('۲ گزارش‌دهنده');
    await hangUp();
  });

  it("a follow-up note added by tracking code joins the history at once, and the repeat caller's pop shows it", async () => {
    // During the repeat caller's call: the code clicked in the pop opens it in the search.
    call = await placeCall(app, REPEAT);
    await waitRingingPop(page, fa('0912 123 4567'));
    await answerPhone(app, '1001');
    await waitCallState(page, 'talking');
    await page.getByTestId('pop-request').first().locator('.code-btn').click();
    const item = page.getByTestId('find-item').first();
    await item.waitFor();
    expect(latin(await item.locator('.code').first().innerText())).toBe(firstCode);
    await item.getByTestId('note-toggle').click();
    await item.getByTestId('note-text').fill('شهروند دوباره تماس گرفت: چاله هنوز پر نشده');
    await item.getByTestId('note-add').click();
    await expect
      .poll(() => item.getByTestId('note-toggle').locator('..').locator('.note-status').innerText())
      .toBe('یادداشت ثبت شد.');
    // The search card and the pop both show it, without a new call.
    await expect.poll(() => item.getByTestId('req-events').innerText()).toContain('چاله هنوز پر نشده');
    const popEvents = page.getByTestId('pop-history-requests').getByTestId('req-events').first();
    await expect.poll(() => popEvents.locator('summary').innerText()).toMatch(/آخرین پیگیری‌ها \([۱-۳]\)/);
    await popEvents.locator('summary').click();
    expect(await popEvents.getByTestId('req-event').first().innerText()).toContain('چاله هنوز پر نشده');
    expect(await popEvents.getByTestId('req-event').first().innerText()).toContain('یادداشت');
    await saveScreenshot(page, 'desk-live-5a-note-in-history-fa');
    await hangUp();

    // The next call from the same citizen: the server's history carries the note.
    call = await placeCall(app, REPEAT);
    await waitRingingPop(page, fa('0912 123 4567'));
    const fresh = page.getByTestId('pop-history-requests').getByTestId('req-events').first();
    await fresh.locator('summary').click();
    expect(await fresh.getByTestId('req-event').first().innerText()).toContain(
      'شهروند دوباره تماس گرفت: چاله هنوز پر نشده',
    );
    await saveScreenshot(page, 'desk-live-5b-repeat-caller-note-fa');
    await answerPhone(app, '1001');
    await hangUp();
  });

  it('a hidden number gets "Hidden number" and no error; a new caller gets an empty pop and a new request', async () => {
    call = await placeCall(app, 'anonymous');
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid=pop-panel]')?.getAttribute('data-call-state') === 'ringing' &&
        document.querySelector('[data-testid=pop-phone]')?.textContent === 'شماره مخفی',
      undefined,
      { timeout: 10_000 },
    );
    expect(await page.getByTestId('pop-caller-kind').count()).toBe(0);
    expect(await page.getByTestId('pop-name').count()).toBe(0); // not the network's "Anonymous"
    expect(await page.getByTestId('pop-history-requests').innerText()).toContain(
      'درخواستی برای این شماره ثبت نشده است',
    );
    // No error anywhere: every alert line is empty and no error notice came up.
    expect((await page.locator('[role=alert]:visible').allInnerTexts()).join('')).toBe('');
    expect(await page.locator('.notice-error').count()).toBe(0);
    await saveScreenshot(page, 'desk-live-5-hidden-number-fa');
    await answerPhone(app, '1001');
    expect(await page.getByTestId('req-phone').inputValue()).toBe('');
    await hangUp();

    call = await placeCall(app, NEW);
    await waitRingingPop(page, fa('0938 123 4567'));
    expect(await page.getByTestId('pop-caller-kind').innerText()).toBe('تماس‌گیرنده جدید');
    expect(await page.locator('[data-testid=pop-history-requests] [data-testid=pop-request]').count()).toBe(0);
    expect(await page.getByTestId('pop-history-calls').innerText()).not.toMatch(FA_DIGITS);
    await answerPhone(app, '1001');
    await waitCallState(page, 'talking');
    await choose(page, garbage);
    await page.getByTestId('dup-list').getByText('درخواست باز مشابهی در این محله نیست').waitFor();
    await page.getByTestId('req-description').fill('زباله‌های کوچه سه روز است جمع نشده');
    await page.keyboard.press('Control+Enter');
    const code = await shownTrackingCode(page);
    expect(code).not.toBe(firstCode);
    await expect
      .poll(async () => latin(await page.getByTestId('pop-history-requests').locator('.code').first().innerText()))
      .toBe(code);
    await saveScreenshot(page, 'desk-live-6-new-caller-registered-fa');
    await hangUp();
  });

  it('the page in both languages: the switch flips dir, and Persian digits appear only in Persian', async () => {
    // Elements that always hold numbers: the caller's number, the tracking code, the extension.
    const numbers = async () =>
      Promise.all(
        ['pop-phone', 'tracking-code', 'operator-extension', 'req-description-counter', 'pop-history-requests'].map(
          async (id) => (await page.getByTestId(id).innerText()).replace(/q137/g, ''),
        ),
      );
    // Everything rendered, less key names (F2, Alt+1…9) and the queue's name, which stay Latin.
    const pageText = async () => (await page.locator('body').innerText()).replace(/F\d+|Alt\+1…9|Alt\+\d|q137/g, '');
    expect(await callState(page)).toBe('ended');
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual([
      'fa',
      'rtl',
    ]);
    for (const text of await numbers()) {
      expect(text).toMatch(FA_DIGITS);
      expect(text).not.toMatch(LATIN_DIGITS);
    }
    expect(await pageText()).not.toMatch(LATIN_DIGITS);
    await saveScreenshot(page, 'desk-live-7-lang-fa');

    await page.getByTestId('lang-switch').click();
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual([
      'en',
      'ltr',
    ]);
    expect(await page.getByTestId('pop-phone').innerText()).toBe('0938 123 4567');
    expect(await page.getByTestId('state-badge').innerText()).toMatch(/Ready|Wrap-up/);
    for (const text of await numbers()) {
      expect(text).toMatch(LATIN_DIGITS);
      expect(text).not.toMatch(FA_DIGITS);
    }
    expect(await page.getByTestId('operator-extension').innerText()).toBe('Ext. 1001');
    // The code put into the search from the pop (the note test) follows the language too.
    expect(latin(await page.getByTestId('find-input').inputValue())).toBe(firstCode);
    expect(await page.getByTestId('find-input').inputValue()).not.toMatch(FA_DIGITS);
    expect(await pageText()).not.toMatch(FA_DIGITS);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
    await saveScreenshot(page, 'desk-live-8-lang-en');

    await page.getByTestId('lang-switch').click();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await page.getByTestId('pop-phone').innerText()).toBe(fa('0938 123 4567'));
  });
});
