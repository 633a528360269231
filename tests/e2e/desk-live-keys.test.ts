// The operator's keyboard against the REAL server: every shortcut in the legend does what it says
// (F2 F3 F4 F6 F7 F8 F9, Alt+↓, Esc Esc), and the wrap-up countdown the server starts after a call
// reaches the desk's state bar and counts down to the server's `until`.
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
import { answerPhone, hangUpCaller, hangUpPhone, placeCall, type PlacedCall } from '../helpers/calls.ts';
import {
  badgeDraws,
  choose,
  fa,
  latin,
  place,
  pressStateKey,
  recordBadge,
  requestCount,
  shownTrackingCode,
  waitCallState,
  waitRingingPop,
  type Place,
} from '../helpers/desk-page.ts';
import { api, login } from '../helpers/http.ts';
import { operatorState, untilState } from '../helpers/operators.ts';
import { waitFor } from '../helpers/wait.ts';

const WRAPUP_SECONDS = 6;
/** How long a badge or a list may take to follow a REST round trip on a busy machine. */
const SERVER_ROUND_TRIP = { timeout: 10_000 };
/** "۰۵" → 5. */
const faDigitsToNumber = (s: string) => Number(latin(s));

describe.skipIf(!HAVE_CHROMIUM)('operator desk keyboard and wrap-up against the live server', () => {
  let app: TestApp;
  let browser: LaunchedBrowser;
  let page: Page;
  let pothole: Place;
  let call: PlacedCall | null = null;
  const codes: string[] = [];

  beforeAll(async () => {
    ensureWebBuilt();
    [app, browser] = await Promise.all([startTestApp({ WRAPUP_SECONDS: String(WRAPUP_SECONDS) }), launchBrowser()]);
    page = await browser.newPage();
    pothole = await place(app, 'pothole', 'Sajjad');
    // Two open potholes already reported in the neighbourhood: both are duplicates of a new report.
    const cookie = await login(app.url, 'operator2');
    for (const [phone, description] of [
      ['09120000001', 'چاله اول خیابان سجاد'],
      ['09120000002', 'چاله دوم نبش بوستان'],
    ]) {
      const r = await api<{ trackingCode: string }>(app.url, cookie, 'POST', '/api/v1/requests', {
        phone,
        categoryId: pothole.categoryId,
        neighbourhoodId: pothole.neighbourhoodId,
        description,
      });
      expect(r.status).toBe(201);
      codes.push(r.body.trackingCode);
    }
    await signInPage(page, app.url, 'operator1');
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const badge = () => page.getByTestId('state-badge');
  const focused = () => page.evaluate(() => document.activeElement?.id ?? '');

  it('lists every shortcut in the legend', async () => {
    const legend = await page.getByTestId('shortcut-legend').innerText();
    for (const key of ['F2', 'F3', 'F4', 'F6', 'F7', 'F8', 'F9', 'Ctrl+Enter', 'Esc Esc', 'Alt+1…9'])
      expect(legend).toContain(key);
    expect(legend).toContain('F7 وصل به مشابه');
    // One line on the 768-pixel-high screen, in Persian and in English.
    const oneLine = () => page.getByTestId('shortcut-legend').evaluate((el) => el.getBoundingClientRect().height);
    expect(await oneLine()).toBeLessThan(40);
    await page.getByTestId('lang-switch').click();
    expect(await page.getByTestId('shortcut-legend').innerText()).toContain('F7 Link duplicate');
    expect(await oneLine()).toBeLessThan(40);
    await page.getByTestId('lang-switch').click();
  });

  it('F2 ready, F3 pause with the chosen reason, F4 leaves the queue: the server follows each', async () => {
    // Each key is a REST round trip (and queue actions on the PBX) before the badge changes: on a
    // busy machine that takes longer than expect.poll's default second. And the next key waits for
    // the desk to have the answer to the last one (the badge may change first, from the push).
    await pressStateKey(page, 'F2');
    await expect.poll(() => badge().innerText(), SERVER_ROUND_TRIP).toBe('آماده');
    await untilState(app, '1001', 'ready');
    await page.getByTestId('pause-reason').selectOption('prayer');
    await page.locator('body').click({ position: { x: 5, y: 760 } }); // away from the list, as an operator would
    await pressStateKey(page, 'F3');
    await expect.poll(() => badge().innerText(), SERVER_ROUND_TRIP).toBe('مکث: نماز');
    await untilState(app, '1001', 'paused');
    await pressStateKey(page, 'F4');
    await expect.poll(() => badge().innerText(), SERVER_ROUND_TRIP).toBe('خارج از صف');
    await untilState(app, '1001', 'logged-out');
    await pressStateKey(page, 'F2');
    await expect.poll(() => badge().innerText(), SERVER_ROUND_TRIP).toBe('آماده');
  });

  it('F6 category, F8 description, F9 search; Alt+↓ moves the highlight and F7 links that duplicate', async () => {
    call = await placeCall(app, '09125550000');
    await waitRingingPop(page, fa('0912 555 0000'));
    await answerPhone(app, '1001');
    await waitCallState(page, 'talking');

    await page.keyboard.press('F6');
    expect(await focused()).toBe('req-category-group');
    await page.keyboard.press('F9');
    expect(await focused()).toBe('find-input');
    await page.keyboard.press('F8');
    expect(await focused()).toBe('req-description');

    await choose(page, pothole);
    const items = page.getByTestId('dup-item');
    await expect.poll(() => items.count(), SERVER_ROUND_TRIP).toBe(2);
    // The newest first, highlighted; Alt+↓ (from the description, not a list) moves to the other.
    const shown = await Promise.all(
      [0, 1].map(async (i) => latin(await items.nth(i).locator('.code').first().innerText())),
    );
    expect(new Set(shown)).toEqual(new Set(codes));
    expect(await items.nth(0).getAttribute('aria-current')).toBe('true');
    expect(await page.getByTestId('dup-move-hint').innerText()).toContain('Alt+↑↓');
    await page.keyboard.press('F8');
    await page.keyboard.press('Alt+ArrowDown');
    expect(await items.nth(1).getAttribute('aria-current')).toBe('true');
    expect(await items.nth(0).getAttribute('aria-current')).toBeNull();
    expect(await items.nth(1).getByTestId('dup-link').getAttribute('aria-keyshortcuts')).toBe('F7');
    await saveScreenshot(page, 'desk-live-keys-1-highlighted-duplicate-fa');

    const before = await requestCount(app);
    await page.keyboard.press('F7');
    expect(await shownTrackingCode(page)).toBe(shown[1]);
    expect(await page.locator('.result-message').innerText()).toContain('وصل شد');
    const r = await app.db.query<{ reporters: number }>(`SELECT reporters FROM requests WHERE tracking_code = $1`, [
      shown[1],
    ]);
    expect(r.rows[0]!.reporters).toBe(2);
    expect(await requestCount(app)).toBe(before);
  });

  it('Esc once warns, Esc again clears the form', async () => {
    await choose(page, pothole);
    await page.getByTestId('req-description').fill('یک گزارش دیگر که باید پاک شود');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('notices').innerText()).toContain('Esc را دوباره بزنید');
    expect(await page.getByTestId('req-description').inputValue()).toBe('یک گزارش دیگر که باید پاک شود');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('req-description').inputValue()).toBe('');
    expect(await page.getByTestId('req-category').inputValue()).toBe('');
  });

  it("after the call the server's wrap-up counts down on the state bar, then the desk is ready again", async () => {
    // Every redraw of the badge is recorded with the page's clock, so what it showed is compared
    // with the server's `until` at the moment it was drawn, not whenever the test got to read it.
    await recordBadge(page);
    await hangUpPhone(app, '1001');
    await hangUpCaller(app, call!.channelId).catch(() => undefined);
    await page.waitForFunction(
      () => document.querySelector('[data-testid=state-badge]')?.getAttribute('data-state') === 'wrap-up',
      undefined,
      { timeout: 5000 },
    );
    // The first countdown drawn (the badge says "Wrap-up: 00:05" once the server's `until` is in).
    const drawn = await waitFor(
      async () => (await badgeDraws(page)).find((d) => d.text.startsWith('جمع‌بندی تماس: ')),
      5000,
      'the wrap-up countdown',
    );
    const text = drawn.text;
    expect(text).toMatch(/^جمع‌بندی تماس: ۰۰:۰[۰-۹]$/);
    const first = faDigitsToNumber(text.split(':').at(-1)!);
    // What was left by the server's own `until` when the desk drew it (it redraws once a second).
    const op = app.directory.byInterface('PJSIP/1001')!;
    const until = app.operators.snapshot(op.id).until;
    expect(until).not.toBeNull();
    const left = (Date.parse(until!) - drawn.at) / 1000;
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(WRAPUP_SECONDS);
    expect(Math.abs(first - left)).toBeLessThanOrEqual(1.5);
    await saveScreenshot(page, 'desk-live-keys-2-wrap-up-fa');
    // The countdown moves on: the next value it drew, however long the screenshot took.
    const next = await waitFor(
      async () => (await badgeDraws(page)).find((d) => d.at > drawn.at && d.text !== text),
      5000,
      'the countdown to move on',
    );
    const later = faDigitsToNumber(next.text.split(':').at(-1)!);
    expect(later).toBeLessThan(first);
    expect(first - later).toBeLessThanOrEqual(3);
    // At `until` the server ends the wrap-up by itself.
    await expect.poll(() => badge().innerText(), { timeout: (WRAPUP_SECONDS + 5) * 1000 }).toBe('آماده');
    expect(operatorState(app, '1001')).toBe('ready');
  });
});
