// The desk page in Chromium against a stub server: what an operator sees and does, with no
// database or PBX (the end-to-end tests against the real server live beside this file).
// (Accessible names and tab order: desk-ui-a11y.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  ensureWebBuilt,
  HAVE_CHROMIUM,
  launchBrowser,
  saveScreenshot,
  type LaunchedBrowser,
} from '../helpers/browser.ts';
import { waitConnection, waitDraftSaved } from '../helpers/desk-page.ts';
import { quietWindow } from '../helpers/wait.ts';
import { screenPop, startDeskStub, stubApi, type DeskStub } from './desk-stub.ts';

describe.skipIf(!HAVE_CHROMIUM)('operator desk page (stub server)', () => {
  let stub: DeskStub;
  let browser: LaunchedBrowser;

  beforeAll(async () => {
    ensureWebBuilt();
    stub = await startDeskStub();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await stub?.close();
  });

  const online = (page: Page) => waitConnection(page, 'online');

  it('signs in, showing a clear error for a wrong password first', async () => {
    const page = await browser.newPage();
    await stubApi(page, { signedIn: false });
    await page.goto(stub.url);
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual([
      'fa',
      'rtl',
    ]);
    await page.getByTestId('login-username').fill('operator1');
    await page.getByTestId('login-password').fill('wrong');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('login-error').innerText()).toContain('گذرواژه درست نیست');
    await page.getByTestId('login-password').fill('demo137');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('state-badge').waitFor();
    expect(await page.getByTestId('operator-extension').innerText()).toBe('داخلی ۱۰۰۱');
    await page.close();
  });

  it('pops the caller while ringing, registers a request and shows the tracking code', async () => {
    const page = await browser.newPage();
    const calls = await stubApi(page, {
      onState: (s) => {
        stub.state.operator = s;
      },
    });
    await page.goto(stub.url);
    await online(page);
    await page.keyboard.press('F2');
    await expect.poll(() => page.getByTestId('state-badge').innerText()).toBe('آماده');

    stub.state.call = { ...screenPop(), answeredAt: null, endedAt: null };
    stub.desk.emit('screen-pop', screenPop());
    await expect.poll(() => page.getByTestId('pop-phone').innerText()).toBe('۰۹۱۲ ۱۲۳ ۴۵۶۷');
    expect(await page.getByTestId('pop-panel').getAttribute('data-call-state')).toBe('ringing');
    expect(await page.getByTestId('state-badge').innerText()).toBe('در حال زنگ');
    // Open requests shown, closed ones folded away.
    expect(await page.locator('[data-testid=pop-history-requests] > [data-testid=pop-request]').count()).toBe(1);
    expect(await page.locator('[data-testid=pop-history-requests] details [data-testid=pop-request]').count()).toBe(1);
    expect(await page.getByTestId('pop-history-calls').innerText()).toContain('۱۴۰۴/۰۱/۰۱');

    await page.getByTestId('req-category-group').selectOption('g1');
    await page.getByTestId('req-category').selectOption('c2');
    expect(await page.getByTestId('req-hazard').isChecked()).toBe(true); // hazardous category
    await page.getByTestId('req-district').selectOption('d1');
    await page.getByTestId('req-neighbourhood').selectOption('n1');
    await page.getByTestId('dup-link').waitFor();
    await page.getByTestId('req-description').fill('دریچه فاضلاب باز است.');
    await page.keyboard.press('Alt+1');
    expect(await page.getByTestId('req-description').inputValue()).toBe('دریچه فاضلاب باز است. متن آماده یک');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.getByTestId('tracking-code').innerText()).toBe('۹۸۷ ۶۵۴ ۳۲');
    const post = calls.find((c) => c.method === 'POST' && c.path === '/api/v1/requests');
    expect(post?.body).toEqual({
      callId: 'call-1',
      phone: '+989121234567',
      categoryId: 'c2',
      neighbourhoodId: 'n1',
      description: 'دریچه فاضلاب باز است. متن آماده یک',
      hazard: true,
    });
    await saveScreenshot(page, 'desk-ui-registered-fa');
    await page.close();
  });

  it('keeps the form and gets the call back after a network drop and after a reload', async () => {
    const page = await browser.newPage();
    await stubApi(page);
    stub.state.call = { ...screenPop(), answeredAt: new Date().toISOString(), endedAt: null };
    await page.goto(stub.url);
    await online(page);
    await expect.poll(() => page.getByTestId('pop-phone').innerText()).toBe('۰۹۱۲ ۱۲۳ ۴۵۶۷');
    await page.getByTestId('req-description').fill('در حال نوشتن');
    const before = stub.state.resyncs;
    stub.dropConnections();
    await waitConnection(page, 'offline');
    await online(page);
    await expect.poll(() => stub.state.resyncs).toBeGreaterThan(before);
    expect(await page.getByTestId('req-description').inputValue()).toBe('در حال نوشتن');
    await waitDraftSaved(page, 'در حال نوشتن'); // the draft is saved 300 ms after typing
    await page.reload();
    await expect.poll(() => page.getByTestId('req-description').inputValue()).toBe('در حال نوشتن');
    await expect.poll(() => page.getByTestId('pop-panel').getAttribute('data-call-state')).toBe('talking');
    await page.close();
  });

  it('finds a request typed with Arabic-Indic digits and switches to English, remembered', async () => {
    const page = await browser.newPage();
    const calls = await stubApi(page);
    stub.state.call = null;
    await page.goto(stub.url);
    await page.getByTestId('find-input').fill('١٢٣ ٤٥٦ ٧٨');
    await page.getByTestId('find-submit').click();
    await page.getByTestId('find-item').waitFor();
    expect(calls.some((c) => c.path === '/api/v1/requests?trackingCode=12345678')).toBe(true);
    await page.getByTestId('lang-switch').click();
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual([
      'en',
      'ltr',
    ]);
    await page.reload();
    await page.getByTestId('state-badge').waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('ltr');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
    await page.evaluate(() => localStorage.removeItem('cti137.lang'));
    await page.close();
  });

  it("says a refused or failed resync in the operator's language instead of dropping it, and retries a server failure", async () => {
    const page = await browser.newPage();
    await stubApi(page);
    stub.state.call = { ...screenPop(), answeredAt: new Date().toISOString(), endedAt: null };
    // What the server answers a desk whose resync carries a forged payload.
    const forged = {
      ok: false,
      error: {
        code: 'BAD_REQUEST',
        message: 'resync takes no arguments: a desk always gets the picture of the operator signed in',
      },
    };
    stub.state.refusals = [forged];
    await page.goto(stub.url);
    await online(page);
    const notices = page.getByTestId('notices');
    await expect
      .poll(() => notices.innerText())
      .toContain('میز کار به‌روز نشد: سرور پیام نادرستی از این میز کار را نپذیرفت');
    expect(await notices.innerText()).not.toMatch(/[A-Za-z]{3,}/);
    expect(await page.getByTestId('notices').locator('[role=alert]').count()).toBe(1);
    // A refusal is not retried: the desk keeps what it had (nothing here).
    // Longer than the desk's first retry (1 s after a failure) would take: no retry may come.
    await quietWindow(1500);
    expect(await page.getByTestId('pop-panel').getAttribute('data-call-state')).toBe('idle');
    await saveScreenshot(page, 'desk-ui-resync-refused-fa');

    // In English, and a server failure (INTERNAL) is said, then asked again until the picture comes.
    await page.evaluate(() => localStorage.setItem('cti137.lang', 'en'));
    stub.state.refusals = [
      { ok: false, error: { code: 'INTERNAL', message: 'Could not load your desk; it will retry' } },
    ];
    const before = stub.state.resyncs;
    await page.reload();
    await expect
      .poll(() => notices.innerText())
      .toContain('Desk not updated: Could not load your desk from the server; retrying.');
    await expect
      .poll(() => page.getByTestId('pop-panel').getAttribute('data-call-state'), { timeout: 5000 })
      .toBe('talking');
    expect(stub.state.resyncs - before).toBe(2);
    await page.evaluate(() => localStorage.removeItem('cti137.lang'));
    await page.close();
  });

  it('keeps a state key pressed while the previous change is on its way, and sends it next', async () => {
    // No call left over from the test before: a desk with a call in progress shows "talking" whatever
    // state the keys asked for, depending on whether its resync answers before or after them.
    stub.state.call = null;
    const page = await browser.newPage();
    const sent: string[] = [];
    await stubApi(page, {
      onState: (s) => {
        sent.push(s.state);
        stub.state.operator = s;
      },
    });
    // Hold the first state change at the network until the second key has been pressed.
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    let first = true;
    await page.route('**/api/v1/operators/me/state', async (route) => {
      if (first) {
        first = false;
        await held;
      }
      await route.fallback();
    });
    await page.goto(stub.url);
    await online(page);
    await page.keyboard.press('F2');
    await expect.poll(() => first).toBe(false);
    await page.keyboard.press('F3');
    release();
    await expect.poll(() => sent).toEqual(['ready', 'paused']);
    await expect.poll(() => page.getByTestId('state-badge').getAttribute('data-state')).toBe('paused');
    await page.close();
  });
});
