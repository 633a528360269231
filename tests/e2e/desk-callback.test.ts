// The callback task on the desk: a citizen hung up after waiting 12 s; when the operator presses
// Ready (F2) the desk shows the task with the number's history (Persian digits, Jalali dates), F9
// calls (the operator's phone first), and an outcome button records it. Screenshots fa and en.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import {
  ensureWebBuilt,
  HAVE_CHROMIUM,
  launchBrowser,
  saveScreenshot,
  signInPage,
  type LaunchedBrowser,
} from '../helpers/browser.ts';
import { callIntoQueue, hangUpCaller, queuedFor } from '../helpers/calls.ts';
import { fa, FA_DIGITS, pressStateKey } from '../helpers/desk-page.ts';
import { setState, signIn } from '../helpers/operators.ts';
import { finishedCall } from '../helpers/records.ts';
import { waitFor } from '../helpers/wait.ts';

const CITIZEN = '09121230009';

describe.skipIf(!HAVE_CHROMIUM)('desk: callback task', () => {
  let app: TestApp;
  let browser: LaunchedBrowser;
  let page: Page;

  beforeAll(async () => {
    ensureWebBuilt();
    [app, browser] = await Promise.all([
      startTestApp({ OUTBOUND_WINDOWS: 'sat-fri 00:00-24:00', OUTBOUND_DAILY_LIMIT_PER_NUMBER: '10' }),
      launchBrowser(),
    ]);
    page = await browser.newPage();
    // A missing element fails the step within the test's time, with its own message.
    page.setDefaultTimeout(10_000);
    await signInPage(page, app.url, 'operator1');
  });

  afterAll(async () => {
    await fetch(`${app?.emulatorUrl}/_emulator/endpoints/1001/hangup`, { method: 'POST' }).catch(() => undefined);
    await browser?.close();
    await app?.close();
  });

  it('offers the task on Ready, calls with F9, records the outcome', async () => {
    // Both operators in the queue but paused: the caller waits, nobody answers, no task is offered yet.
    for (const name of ['operator1', 'operator2']) {
      const op = await signIn(app, name);
      await setState(app, op, 'ready');
      await setState(app, op, 'paused', 'break');
    }
    const id = await callIntoQueue(app, CITIZEN);
    await queuedFor(app, id, 12);
    await hangUpCaller(app, id);
    await finishedCall(app, id);
    await waitFor(
      async () => (await app.db.query(`SELECT 1 FROM callbacks WHERE phone = '+989121230009'`)).rowCount,
      10_000,
      'callback owed',
    );

    const card = page.getByTestId('callback-card');
    expect(await card.isVisible()).toBe(false);
    await pressStateKey(page, 'F2');
    await expect.poll(() => card.isVisible(), { timeout: 10_000 }).toBe(true);
    const phone = await page.getByTestId('cb-phone').innerText();
    expect(phone.replace(/\s/g, '')).toBe(fa(CITIZEN));
    expect(await page.getByTestId('cb-why').innerText()).toMatch(FA_DIGITS);
    expect(await page.getByTestId('cb-history-calls').locator('li').count()).toBe(1);
    expect(await page.getByTestId('cb-history-calls').innerText()).toContain('رها');
    expect(await page.getByTestId('cb-call').innerText()).toContain('F9');
    await saveScreenshot(page, 'desk-callback-fa');
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('cb-call').innerText()).toContain('Call');
    expect(await page.getByTestId('cb-history-calls').innerText()).toMatch(/abandon/i);
    await saveScreenshot(page, 'desk-callback-en');
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('cb-call').innerText()).toContain('تماس');

    await page.keyboard.press('F9');
    await expect.poll(() => card.getAttribute('data-status'), { timeout: 10_000 }).toBe('dialling');
    await page.getByTestId('cb-note').fill('شهروند پیگیری درخواستش را می‌خواست');
    await saveScreenshot(page, 'desk-callback-dialling-fa');
    await page.getByTestId('cb-outcome-reached').click();
    await expect.poll(() => card.isVisible(), { timeout: 10_000 }).toBe(false);
    const row = await app.db.query(`SELECT status, last_outcome, last_note, attempts FROM callbacks WHERE phone = $1`, [
      '+989121230009',
    ]);
    expect(row.rows[0]).toEqual({
      status: 'reached',
      last_outcome: 'reached',
      last_note: 'شهروند پیگیری درخواستش را می‌خواست',
      attempts: 1,
    });
  });
});
