// The desk in Chromium against the REAL server: a map point typed at the desk (checked, saved with
// the request), and a later report near it offered as a duplicate with no neighbourhood chosen.
// The rest of an operator's shift at the desk: desk-live.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { TestApp } from '../helpers/app.ts';
import { answerPhone, finishCall, placeCall, type PlacedCall } from '../helpers/calls.ts';
import { HAVE_CHROMIUM, saveScreenshot, signInPage, type LaunchedBrowser } from '../helpers/browser.ts';
import {
  fa,
  latin,
  requestCount,
  shownTrackingCode,
  waitCallState,
  waitRingingPop,
  type Place,
} from '../helpers/desk-page.ts';
import { waitFor } from '../helpers/wait.ts';
import { closeLiveDesk, openLiveDesk } from './desk-live-fixtures.ts';

describe.skipIf(!HAVE_CHROMIUM)('operator desk against the live server: map point', () => {
  let app: TestApp;
  let browser: LaunchedBrowser;
  let page: Page;
  let garbage: Place;
  let call: PlacedCall | null = null;

  beforeAll(async () => {
    ({ app, browser, page, garbage } = await openLiveDesk());
    // operator1 at the desk and ready, as the shift in desk-live.test.ts starts.
    await signInPage(page, app.url, 'operator1');
    await page.getByTestId('btn-ready').click();
    await waitFor(async () => (await page.getByTestId('state-badge').innerText()) === 'آماده', 10_000, 'ready');
  });

  afterAll(async () => closeLiveDesk({ app, browser }));

  /** Ends the call at the desk's phone (operator, then caller in the survey); back to ready. */
  const hangUp = async () => {
    if (call) await finishCall(app, '1001', call);
    call = null;
  };

  it('map point: typed in Persian digits, checked, saved; a later report near it is offered as a duplicate with no neighbourhood chosen', async () => {
    call = await placeCall(app, '09131112222');
    await waitRingingPop(page, fa('0913 111 2222'));
    await answerPhone(app, '1001');
    await waitCallState(page, 'talking');
    await page.getByTestId('req-category-group').selectOption(garbage.groupId);
    await page.getByTestId('req-category').selectOption(garbage.categoryId);
    // Half a point: said when the operator leaves the field, and refused at submit.
    const point = page.getByTestId('req-point');
    await point.fill('۳۶٫۳۲');
    await page.getByTestId('req-description').fill('سطل زباله سر کوچه سوخته است');
    expect(await page.getByTestId('req-point-error').innerText()).toContain('نقطه نقشه درست نیست');
    expect(await point.getAttribute('aria-invalid')).toBe('true');
    const before = await requestCount(app);
    await page.getByTestId('req-submit').click();
    expect(await page.getByTestId('req-error').innerText()).toContain('نقطه نقشه درست نیست');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('req-point');
    expect(await requestCount(app)).toBe(before);
    // A whole point: duplicates are looked up near it (none yet), and it is saved with the request.
    await point.fill('۳۶٫۳۲۰۰، ۵۹٫۵۵۰۰');
    await page.getByTestId('dup-list').getByText('تا ۳۰۰ متری این نقطه').waitFor();
    expect(await point.getAttribute('aria-invalid')).toBeNull();
    await page.getByTestId('req-submit').click();
    const code = await shownTrackingCode(page);
    const row = await app.db.query(`SELECT lat, lng, neighbourhood_id FROM requests WHERE tracking_code = $1`, [code]);
    expect(row.rows).toEqual([{ lat: 36.32, lng: 59.55, neighbourhood_id: null }]);
    expect(await point.inputValue()).toBe('');
    await hangUp();

    // Another citizen, about 70 m away, Latin digits, no district or neighbourhood chosen.
    call = await placeCall(app, '09131113333');
    await waitRingingPop(page, fa('0913 111 3333'));
    await answerPhone(app, '1001');
    await waitCallState(page, 'talking');
    await page.getByTestId('req-category-group').selectOption(garbage.groupId);
    await page.getByTestId('req-category').selectOption(garbage.categoryId);
    expect(await page.getByTestId('req-neighbourhood').inputValue()).toBe('');
    await point.fill('36.3205, 59.5505');
    const dup = page.getByTestId('dup-item');
    await dup.first().waitFor();
    expect(await dup.count()).toBe(1);
    expect(latin(await dup.locator('.code').innerText())).toBe(code);
    await saveScreenshot(page, 'desk-live-5c-point-duplicate-fa');
    // Far away (about 2 km): nothing.
    await point.fill('36.3400, 59.5500');
    await page.getByTestId('dup-list').getByText('تا ۳۰۰ متری این نقطه').waitFor();
    await page.getByTestId('req-clear').click();
    await hangUp();
  });
});
